"""Volume actions (`POST /volumes/{id}/action`) and volume metadata, with openstacksdk's
method names: extend, bootable and read-only flags, status reset, revert to a snapshot,
retype, force delete."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.block_storage.volumes import Volume
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.transport.microversions import at_least


def _volume_path(volume: Any, *rest: str) -> str:
    return "/".join(("/volumes", quote(resource_id(volume), safe=""), *rest))


class VolumeActions:
    """What Cinder does to a volume beyond create, update and delete."""

    def _volume_action(self, volume: Any, name: str, args: Any) -> Flow:
        return (yield Call("POST", _volume_path(volume, "action"), json={name: args}))

    @operation
    def create_volume(self, **attrs: Any) -> Flow:
        """Create a volume; `scheduler_hints` go beside the volume, as Cinder reads them."""
        hints = attrs.pop("scheduler_hints", None)
        beside = {"OS-SCH-HNT:scheduler_hints": hints} if hints else None
        return (yield from self.create_flow(Volume, attrs, beside=beside))

    @operation
    def delete_volume(self, volume: Any, ignore_missing: bool = True, *, force: bool = False,
                      cascade: bool = False) -> Flow:
        """Delete a volume; `cascade` deletes its snapshots too, `force` whatever its state
        (an admin action: `?force=true` at 3.23+, `os-force_delete` before)."""
        try:
            if force and not at_least(self._microversion, "3.23"):
                yield from self._volume_action(volume, "os-force_delete", None)
                return None
            params = {key: "true" for key, on in (("force", force), ("cascade", cascade)) if on}
            yield Call("DELETE", _volume_path(volume), params=params or None)
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise
        return None

    @operation
    def extend_volume(self, volume: Any, size: int) -> Flow:
        """Grow a volume to `size` GiB."""
        yield from self._volume_action(volume, "os-extend", {"new_size": size})

    @operation
    def set_volume_bootable_status(self, volume: Any, bootable: bool) -> Flow:
        yield from self._volume_action(volume, "os-set_bootable", {"bootable": bootable})

    @operation
    def set_volume_readonly(self, volume: Any, readonly: bool = True) -> Flow:
        yield from self._volume_action(volume, "os-update_readonly_flag",
                                       {"readonly": readonly})

    @operation
    def reset_volume_status(self, volume: Any, status: str | None = None,
                            attach_status: str | None = None,
                            migration_status: str | None = None) -> Flow:
        """Set a volume's status fields in the database without doing anything (admin)."""
        args = {key: value for key, value in (
            ("status", status), ("attach_status", attach_status),
            ("migration_status", migration_status)) if value is not None}
        yield from self._volume_action(volume, "os-reset_status", args)

    @operation
    def revert_volume_to_snapshot(self, volume: Any, snapshot: Any) -> Flow:
        """Put a volume's data back as its latest snapshot holds it (3.40+)."""
        if not at_least(self._microversion, "3.40"):
            raise exceptions.MicroversionError(
                "reverting a volume to a snapshot needs block storage microversion 3.40")
        yield from self._volume_action(volume, "revert", {"snapshot_id": resource_id(snapshot)})

    @operation
    def retype_volume(self, volume: Any, new_type: Any, migration_policy: str = "never"
                      ) -> Flow:
        """Change a volume's type; `migration_policy` "on-demand" lets Cinder move it."""
        args = {"new_type": resource_id(new_type)}
        if migration_policy:
            args["migration_policy"] = migration_policy
        yield from self._volume_action(volume, "os-retype", args)

    # -- metadata ---------------------------------------------------------------------------
    def _with_metadata(self, volume: Any, resp: Any) -> Volume:
        metadata = (resp.json() or {}).get("metadata", {}) if resp.content else {}
        return self.made(Volume, {"id": resource_id(volume), "metadata": metadata})

    @operation
    def fetch_volume_metadata(self, volume: Any) -> Flow:
        """The volume (its ID) with its metadata as Cinder has it now."""
        resp = yield Call("GET", _volume_path(volume, "metadata"))
        return self._with_metadata(volume, resp)

    @operation
    def get_volume_metadata(self, volume: Any) -> Flow:
        """openstacksdk's older name of `fetch_volume_metadata`."""
        return (yield from self.sub("fetch_volume_metadata", volume))

    @operation
    def set_volume_metadata(self, volume: Any, **metadata: str) -> Flow:
        """Add or change metadata items (others stay); the volume with all of its metadata."""
        resp = yield Call("POST", _volume_path(volume, "metadata"),
                          json={"metadata": metadata})
        return self._with_metadata(volume, resp)

    @operation
    def delete_volume_metadata(self, volume: Any, keys: Iterable[str] | None = None) -> Flow:
        """Remove the named metadata items, or all of them when `keys` is None."""
        if keys is None:
            yield Call("PUT", _volume_path(volume, "metadata"), json={"metadata": {}})
            return None
        for key in keys:
            yield Call("DELETE", _volume_path(volume, "metadata", quote(key, safe="")))
        return None

    # -- image metadata, migration, summary ---------------------------------------------------
    @operation
    def set_volume_image_metadata(self, volume: Any, **metadata: str) -> Flow:
        """Add or change the image properties a volume carries (others stay)."""
        yield from self._volume_action(volume, "os-set_image_metadata", {"metadata": metadata})

    @operation
    def delete_volume_image_metadata(self, volume: Any, keys: Iterable[str] | None = None
                                     ) -> Flow:
        """Remove the named image properties, or all of them when `keys` is None."""
        if keys is None:
            resp = yield from self._volume_action(volume, "os-show_image_metadata", None)
            keys = list(((resp.json() or {}) if resp.content else {}).get("metadata", {}))
        for key in keys:
            yield from self._volume_action(volume, "os-unset_image_metadata", {"key": key})

    @operation
    def migrate_volume(self, volume: Any, host: str | None = None,
                       force_host_copy: bool = False, lock_volume: bool = False,
                       cluster: str | None = None) -> Flow:
        """Move a volume to another back end (admin); `cluster` needs 3.16."""
        args: dict[str, Any] = {"force_host_copy": force_host_copy,
                                "lock_volume": lock_volume}
        if host:
            args["host"] = host
        if cluster:
            if not at_least(self._microversion, "3.16"):
                raise exceptions.MicroversionError(
                    "migrating a volume to a cluster needs block storage microversion 3.16")
            args["cluster"] = cluster
        yield from self._volume_action(volume, "os-migrate_volume", args)

    @operation
    def summary(self, all_projects: bool = False) -> Flow:
        """The count and total size of the volumes (and, at 3.36+, their metadata values):
        `{"total_count", "total_size", "metadata"}` (3.12+)."""
        if not at_least(self._microversion, "3.12"):
            raise exceptions.MicroversionError(
                "the volume summary needs block storage microversion 3.12")
        resp = yield Call("GET", "/volumes/summary",
                          params={"all_tenants": "true"} if all_projects else None)
        return ((resp.json() or {}) if resp.content else {}).get("volume-summary", {})

    # -- manage and unmanage -------------------------------------------------------------------
    @operation
    def manage_volume(self, host: str | None = None, ref: dict[str, Any] | None = None, *,
                      cluster: str | None = None, **attrs: Any) -> Flow:
        """Bring a volume that exists on a back end (`ref`, e.g. `{"source-name": ...}`) under
        Cinder's management (admin); `name`, `description`, `volume_type`,
        `availability_zone`, `metadata`, `bootable`."""
        body: dict[str, Any] = {"host": host, "ref": ref or {}, **attrs}
        if cluster is not None:
            body["cluster"] = cluster
        path = "/manageable_volumes" if at_least(self._microversion, "3.8") else (
            "/os-volume-manage")
        resp = yield Call("POST", path, json={"volume": body})
        return self.one(Volume, resp, body)

    @operation
    def unmanage_volume(self, volume: Any) -> Flow:
        """Remove a volume from Cinder's management, leaving it on its back end (admin)."""
        yield from self._volume_action(volume, "os-unmanage", None)
