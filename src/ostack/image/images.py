"""An image (Glance v2): its record, its data (upload, stage, import, download), its tags,
activation, and updates as JSON patches.

Glance puts every field at the top level of an image's body; keys that are not declared here
are the image's extra properties (`image.properties`, as openstacksdk shows them). Field names
and the value types a field is read as are openstacksdk's, so its scripts port unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.common import downloads
from ostack.common.transfers import Checksum, DownloadTarget, Progress, UploadBody
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource

#: Glance's JSON-patch media type for image updates.
PATCH_TYPE = "application/openstack-images-v2.1-json-patch"
#: Properties openstacksdk's create_image records on every image it creates.
MD5_KEY = "owner_specified.openstack.md5"
SHA256_KEY = "owner_specified.openstack.sha256"
OBJECT_KEY = "owner_specified.openstack.object"
_INT_PROPERTIES = ("min_disk", "min_ram", "size", "virtual_size")
_RAW_PROPERTIES = ("is_protected", "protected", "tags")
_TRUE = frozenset(("1", "t", "true", "on", "y", "yes"))


def _as_int(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return 0


def _as_float(value: Any) -> Any:
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _as_flexible_bool(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in _TRUE


class Image(Resource):
    resource_key = None
    resources_key = "images"
    base_path = "/images"
    service_type = "image"
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    failure_statuses = ("killed",)
    client_token = {"where": "tags"}
    query = QueryParameters(
        "id", "name", "visibility", "member_status", "owner", "status", "size_min", "size_max",
        "protected", "sort_key", "sort_dir", "sort", "tag", "created_at", "updated_at",
        is_hidden="os_hidden",
    )

    checksum = Field()
    container_format = Field()
    created_at = Field()
    disk_format = Field()
    is_hidden = Field("os_hidden", type=bool)
    is_protected = Field("protected", type=bool)
    hash_algo = Field("os_hash_algo")
    hash_value = Field("os_hash_value")
    min_disk = Field()
    min_ram = Field()
    owner = Field()
    owner_id = Field("owner")
    size = Field(type=_as_int)
    store = Field()
    status = Field()
    updated_at = Field()
    virtual_size = Field()
    visibility = Field()
    file = Field()
    locations = Field()
    direct_url = Field()
    url = Field()
    metadata = Field(type=lambda v: dict(v) if isinstance(v, dict) else {})
    architecture = Field()
    hypervisor_type = Field()
    instance_type_rxtx_factor = Field(type=_as_float)
    instance_uuid = Field()
    needs_config_drive = Field("img_config_drive")
    kernel_id = Field()
    os_distro = Field()
    os_version = Field()
    needs_secure_boot = Field("os_secure_boot")
    os_shutdown_timeout = Field(type=_as_int)
    ramdisk_id = Field()
    vm_mode = Field()
    hw_cpu_sockets = Field(type=_as_int)
    hw_cpu_cores = Field(type=_as_int)
    hw_cpu_threads = Field(type=_as_int)
    hw_disk_bus = Field()
    hw_cpu_policy = Field()
    hw_cpu_thread_policy = Field()
    hw_rng_model = Field()
    hw_machine_type = Field()
    hw_scsi_model = Field()
    hw_serial_port_count = Field(type=_as_int)
    hw_video_model = Field()
    hw_video_ram = Field(type=_as_int)
    hw_watchdog_action = Field()
    os_command_line = Field()
    hw_vif_model = Field()
    is_hw_vif_multiqueue_enabled = Field("hw_vif_multiqueue_enabled", type=_as_flexible_bool)
    is_hw_boot_menu_enabled = Field("hw_boot_menu", type=_as_flexible_bool)
    vmware_adaptertype = Field()
    vmware_ostype = Field()
    has_auto_disk_config = Field("auto_disk_config")
    os_type = Field()
    os_admin_user = Field()
    hw_qemu_guest_agent = Field(type=str)
    os_require_quiesce = Field(type=_as_flexible_bool)
    schema = Field()
    tags = Field(default=[])

    @property
    def properties(self) -> dict[str, Any]:
        """The image's extra properties: body keys that are not declared fields."""
        declared = {f.wire for f in self.fields().values()}
        return {k: v for k, v in self._body.items() if k not in declared and k != "self"}

    @property
    def image_import_methods(self) -> list[str]:
        """Import methods the cloud offers, from the creation answer's header."""
        return list(self.__dict__.get("_import_methods", []))

    def __getitem__(self, key: str) -> Any:
        if key == "properties":
            return self.properties
        return super().__getitem__(key)

    def to_dict(self) -> dict[str, Any]:
        """Declared fields by attribute name, extra properties under `properties`."""
        out = {name: getattr(self, name) for name in self.fields()}
        out["properties"] = self.properties
        return out


def _pointer(key: str) -> str:
    return "/" + key.replace("~", "~0").replace("/", "~1")


def image_params(meta: Mapping[str, Any], properties: Mapping[str, Any]) -> dict[str, Any]:
    """openstacksdk's create_image typing: ints stay ints, flags and tags raw, the rest str."""
    out: dict[str, Any] = {}
    for key, value in properties.items():
        if key in _INT_PROPERTIES:
            out[key] = int(value)
        elif key in _RAW_PROPERTIES or value is None:
            out[key] = value
        else:
            out[key] = str(value)
    out.update(meta)
    return out


def file_hashes(path: str | os.PathLike[str]) -> tuple[str, str]:
    """(md5, sha256) of a file, read in chunks."""
    import hashlib

    md5, sha256 = hashlib.md5(usedforsecurity=False), hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            md5.update(chunk)
            sha256.update(chunk)
    return md5.hexdigest(), sha256.hexdigest()


def _name_and_filename(name: str, image_format: str) -> tuple[str, str | None]:
    """openstacksdk's rule: a name that is a file's path uploads that file."""
    if os.path.isfile(name):
        return os.path.splitext(os.path.basename(name))[0], name
    with_ext = f"{name}.{image_format}"
    if os.path.exists(with_ext) and os.path.isfile(name):
        return os.path.basename(name), with_ext
    return name, None


class ImageActions:
    """Image operations beyond the generic ones: creation with data, uploads, stage, import,
    download, JSON-patch updates, tags, activation and lookups that see hidden images."""

    # -- lookups ------------------------------------------------------------------------------
    @operation
    def find_image(self, name_or_id: str, ignore_missing: bool = True, **query: Any) -> Flow:
        """By ID, then by name; hidden images are searched last, as openstacksdk does."""
        try:
            found = yield from self.find_flow(Image, name_or_id, ignore_missing=True, **query)
        except exceptions.NoUniqueMatch:
            raise exceptions.NoUniqueMatch(
                f"More than one Image exists with the name '{name_or_id}'.") from None
        if found is None:
            hidden = yield from self.collect(
                self.list_flow(Image, None, **{**query, "is_hidden": True}))
            matches = [i for i in hidden if name_or_id in (i.id, i.name)]
            if len(matches) > 1:
                raise exceptions.NoUniqueMatch(
                    f"More than one Image exists with the name '{name_or_id}'.")
            found = matches[0] if matches else None
        if found is None and not ignore_missing:
            raise exceptions.NotFound(f"No Image found for {name_or_id}", status_code=404)
        return found

    def _image(self, image: Any) -> Flow:
        """The image as the cloud has it now (fetched when only its ID is given)."""
        if isinstance(image, Image) and image.status is not None:
            return image
        return (yield from self.get_flow(Image, image))

    # -- records ------------------------------------------------------------------------------
    @operation
    def update_image(self, image: Any, **attrs: Any) -> Flow:
        """Update an image with a JSON patch (Glance's
        application/openstack-images-v2.1-json-patch). A value of None removes the property;
        with an `Image` as fetched, only what changed is sent ("replace" or "add")."""
        extra = attrs.pop("properties", None) or {}
        body = Image.wire_body({**extra, **attrs})
        current = image.raw if isinstance(image, Image) else None
        ops: list[dict[str, Any]] = []
        for key, value in body.items():
            if value is None:
                if current is None or key in current:
                    ops.append({"op": "remove", "path": _pointer(key)})
            elif current is not None and key in current:
                if current[key] != value:
                    ops.append({"op": "replace", "path": _pointer(key), "value": value})
            else:
                ops.append({"op": "add", "path": _pointer(key), "value": value})
        if not ops:
            return image if isinstance(image, Image) else Image({"id": resource_id(image)})
        resp = yield Call("PATCH", f"/images/{quote(resource_id(image), safe='')}",
                          json=ops, headers={"Content-Type": PATCH_TYPE})
        return self.one(Image, resp)

    @operation
    def delete_image(self, image: Any, *, store: Any = None,
                     ignore_missing: bool = True) -> Flow:
        """Delete an image, or only its data in one `store` (multi-store clouds)."""
        if store is None:
            return (yield from self.delete_flow(Image, image, ignore_missing=ignore_missing))
        url = f"/stores/{quote(resource_id(store), safe='')}/{quote(resource_id(image), safe='')}"
        try:
            yield Call("DELETE", url)
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise

    @operation
    def deactivate_image(self, image: Any) -> Flow:
        """Deactivate an image (its data can no longer be downloaded by non-admins)."""
        yield Call("POST", f"/images/{quote(resource_id(image), safe='')}/actions/deactivate")

    @operation
    def reactivate_image(self, image: Any) -> Flow:
        yield Call("POST", f"/images/{quote(resource_id(image), safe='')}/actions/reactivate")

    @operation
    def add_tag(self, image: Any, tag: str) -> Flow:
        yield Call("PUT", f"/images/{quote(resource_id(image), safe='')}/tags/"
                          f"{quote(tag, safe='')}")

    @operation
    def remove_tag(self, image: Any, tag: str) -> Flow:
        yield Call("DELETE", f"/images/{quote(resource_id(image), safe='')}/tags/"
                             f"{quote(tag, safe='')}")

    # -- creation -----------------------------------------------------------------------------
    def _post_image(self, attrs: Mapping[str, Any]) -> Flow:
        from ostack.recovery import send_create

        body = Image.wire_body(attrs)
        resp = yield from send_create(self, Image, Call("POST", "/images", json=body), body)
        if isinstance(resp, Image):  # the answer was lost; found by its client token
            resp.__dict__["_import_methods"] = []
            return resp
        image = self.one(Image, resp, body)
        methods = resp.headers.get("openstack-image-import-methods", "")
        image.__dict__["_import_methods"] = [m for m in methods.split(",") if m]
        return image

    @operation
    def create_image(
        self, name: str, *, filename: str | None = None, data: Any = None,
        container: str = "images", md5: str | None = None, sha256: str | None = None,
        disk_format: str | None = None, container_format: str | None = None,
        tags: list[str] | None = None, disable_vendor_agent: bool = True,
        allow_duplicates: bool = False, meta: dict[str, Any] | None = None,
        wait: bool = False, timeout: float = 3600, validate_checksum: bool = False,
        use_import: bool = False, import_method: str | None = None, uri: str | None = None,
        remote_region: str | None = None, remote_image_id: str | None = None,
        remote_service_interface: str | None = None, stores: list[Any] | None = None,
        all_stores: bool | None = None, all_stores_must_succeed: bool | None = None,
        size: int | None = None, progress: Progress | None = None, **kwargs: Any,
    ) -> Flow:
        """Create an image and, given `filename` or `data`, upload (or stage and import) its
        data, as openstacksdk's create_image does (same owner_specified.openstack.*
        properties, same typing of extra properties). `progress(n)` is called per chunk sent.
        Returns the image as created (fetch it again for its final state)."""
        if filename and data:
            raise exceptions.OstackError("filename and data are mutually exclusive")
        meta = dict(meta or {})
        disk_format = disk_format or "qcow2"
        container_format = container_format or "bare"
        if not filename and not data:
            name, filename = _name_and_filename(name, "qcow2")
        if validate_checksum and data and not isinstance(data, bytes):
            raise exceptions.OstackError(
                "Validating checksum is not possible when data is not a direct binary object")
        if not (md5 or sha256) and validate_checksum:
            if filename:
                md5, sha256 = file_hashes(filename)
            elif isinstance(data, bytes):
                import hashlib

                md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
                sha256 = hashlib.sha256(data).hexdigest()
        if not allow_duplicates:
            current = yield from self.sub("find_image", name)
            if current is not None:
                props = current.properties
                old_md5 = props.get(MD5_KEY, props.get("owner_specified.shade.md5", ""))
                old_sha = props.get(SHA256_KEY, props.get("owner_specified.shade.sha256", ""))
                fresh = bool((md5 and old_md5 == md5) or (sha256 and old_sha == sha256))
                if (md5 and old_md5 != md5) or (sha256 and old_sha != sha256):
                    fresh = False
                if fresh:
                    return current
        properties = dict(kwargs.pop("properties", None) or {})
        properties.update({MD5_KEY: md5 or "", SHA256_KEY: sha256 or "",
                           OBJECT_KEY: f"{container}/{name}"})
        kwargs.update(properties)
        if "is_public" in kwargs:
            kwargs["visibility"] = "public" if kwargs.pop("is_public") else "private"
        attrs = image_params(meta, kwargs)
        attrs.update(name=name, disk_format=disk_format, container_format=container_format)
        if tags:
            attrs["tags"] = tags
        if not (filename or data or import_method):
            return (yield from self._post_image(attrs))
        if all_stores and stores:
            raise exceptions.OstackError("all_stores is mutually exclusive with stores")
        if stores or all_stores or all_stores_must_succeed:
            use_import = True
        if use_import and not import_method:
            import_method = "glance-direct"
        source = open(filename, "rb") if filename and not data else data  # noqa: SIM115
        try:
            image = yield from self._post_image(attrs)
            if use_import and import_method not in image.image_import_methods:
                yield from self.delete_flow(Image, image)
                raise exceptions.OstackError(
                    "Importing image was requested but the cloud does not support the image "
                    "import method.")
            try:
                if not use_import:
                    yield from self._send_data(image, "file", source, size, progress)
                else:
                    options: dict[str, Any] = {}
                    if stores is not None:
                        options["stores"] = stores
                    else:
                        options.update(all_stores=all_stores,
                                       all_stores_must_succeed=all_stores_must_succeed)
                    if import_method == "glance-direct":
                        yield from self._send_data(image, "stage", source, size, progress)
                    elif import_method == "web-download":
                        options["uri"] = uri
                    elif import_method == "glance-download":
                        options.update(remote_region=remote_region,
                                       remote_image_id=remote_image_id,
                                       remote_service_interface=remote_service_interface)
                    yield from self.sub("import_image", image, import_method, **options)
                if validate_checksum and (md5 or sha256):
                    now = yield from self.get_flow(Image, image)
                    if now.checksum and now.checksum not in (md5, sha256):
                        raise exceptions.OstackError("Image checksum verification failed")
            except BaseException:
                yield from self.delete_flow(Image, image)
                raise
        finally:
            if filename and not data and source is not None:
                source.close()
        return image

    @operation
    def upload_image(self, container_format: str | None = None, disk_format: str | None = None,
                     data: Any = None, size: int | None = None, *,
                     filename: str | None = None, progress: Progress | None = None,
                     **attrs: Any) -> Flow:
        """Create an image from `attrs` and upload its data (from `data` or `filename`),
        streamed with `progress(n)` per chunk; openstacksdk's (deprecated) upload_image."""
        if not (container_format and disk_format):
            raise exceptions.OstackError("Both container_format and disk_format are required")
        image = yield from self._post_image(
            {**attrs, "container_format": container_format, "disk_format": disk_format})
        source = open(filename, "rb") if filename else data  # noqa: SIM115
        try:
            yield from self._send_data(image, "file", source, size, progress)
        finally:
            if filename:
                source.close()
        return image

    def _send_data(self, image: Any, where: str, source: Any, size: int | None,
                   progress: Progress | None) -> Flow:
        """PUT the data of `image` to its `file` or `stage`, streamed from `source`."""
        body = UploadBody(source if source is not None else b"", size, progress)
        headers = {"Content-Type": "application/octet-stream"}
        known = size if size is not None else body.size
        if known is not None:
            headers["X-OpenStack-Image-Size"] = str(known)
        yield Call("PUT", f"/images/{quote(resource_id(image), safe='')}/{where}", data=body,
                   headers=headers, log_body=False,
                   retries=None if body.can_resend else 0)

    @operation
    def stage_image(self, image: Any, *, filename: str | None = None, data: Any = None,
                    size: int | None = None, progress: Progress | None = None) -> Flow:
        """Upload data to an image's staging area (a queued image; import it afterwards with
        `import_image`); the image as it is then."""
        if filename and data:
            raise exceptions.OstackError("filename and data are mutually exclusive")
        image = yield from self._image(image)
        if image.status != "queued":
            raise exceptions.OstackError(
                "Image stage is only possible for images in the queued state. Current state "
                f"is {image.status}")
        source = open(filename, "rb") if filename else data  # noqa: SIM115
        try:
            yield from self._send_data(image, "stage", source, size, progress)
        finally:
            if filename:
                source.close()
        return (yield from self.get_flow(Image, image))

    @operation
    def import_image(
        self, image: Any, method: str = "glance-direct", *, uri: str | None = None,
        remote_region: str | None = None, remote_image_id: str | None = None,
        remote_service_interface: str | None = None, store: Any = None,
        stores: list[Any] | None = None, all_stores: bool | None = None,
        all_stores_must_succeed: bool | None = None,
    ) -> Flow:
        """Start the interoperable import of an image's data (`glance-direct` after a stage,
        `web-download` from `uri`, `glance-download`, `copy-image` to more stores)."""
        if all_stores and (store or stores):
            raise exceptions.OstackError(
                "all_stores is mutually exclusive with store and stores")
        if store is not None and stores:
            raise exceptions.OstackError("store and stores are mutually exclusive")
        image = yield from self._image(image)
        if not (image.container_format and image.disk_format):
            raise exceptions.OstackError(
                "Both container_format and disk_format are required for importing an image")
        body: dict[str, Any] = {"method": {"name": method}}
        if uri:
            if method != "web-download":
                raise exceptions.OstackError(
                    'URI is only supported with method: "web-download"')
            body["method"]["uri"] = uri
        if remote_region and remote_image_id:
            body["method"].update(glance_region=remote_region, glance_image_id=remote_image_id)
            if remote_service_interface:
                body["method"]["glance_service_interface"] = remote_service_interface
        if all_stores is not None:
            body["all_stores"] = all_stores
        if all_stores_must_succeed is not None:
            body["all_stores_must_succeed"] = all_stores_must_succeed
        chosen = [store] if store is not None else list(stores or [])
        if chosen:
            body["stores"] = [resource_id(s) for s in chosen]
        headers = {"X-Image-Meta-Store": resource_id(store)} if store is not None else None
        yield Call("POST", f"/images/{quote(resource_id(image), safe='')}/import", json=body,
                   headers=headers)

    # -- download -----------------------------------------------------------------------------
    @operation
    def download_image(self, image: Any, stream: bool = False, output: Any = None,
                       chunk_size: int = 1024 * 1024,
                       store_preferences: list[str] | None = None,
                       progress: Progress | None = None) -> Flow:
        """An image's data, checked against its hash (`os_hash_value`, else md5).

        With `output` (a path or a binary file object) the data is written there as it
        arrives, streamed in one GET (resumed with a Range after a dropped connection), and
        the image is returned; with `stream`, an `ImageStream` that reads it as it is
        iterated (`iter_content()`, as openstacksdk's); else the data as bytes.
        `progress(n)` is called per chunk received.
        """
        if stream and output is None:
            from ostack.image.image_data import ImageStream

            return ImageStream(self, image, chunk_size)
        details = yield from self.get_flow(Image, image)
        checksum = Checksum(details.hash_algo, details.hash_value, details.checksum)
        url = f"/images/{quote(resource_id(details), safe='')}/file"
        params = {"prefer": ",".join(store_preferences)} if store_preferences else None
        del chunk_size  # the data comes in one streamed GET

        def md5_header(status: int, headers: Any) -> bool:
            checksum.use_md5(headers.get("content-md5", ""))
            return True

        if output is None:
            parts: list[bytes] = []

            def keep(chunk: bytes) -> None:
                checksum.update(chunk)
                parts.append(chunk)
                if progress is not None:
                    progress(len(chunk))

            yield from downloads.streamed_get(url, keep, params=params, before=md5_header)
            checksum.verify()
            return b"".join(parts)
        target = DownloadTarget(output, checksum, progress)
        try:
            yield from downloads.streamed_get(url, target.write, params=params,
                                              before=md5_header)
        except BaseException:
            target.close(complete=False)
            raise
        target.close()
        checksum.verify()
        return details
