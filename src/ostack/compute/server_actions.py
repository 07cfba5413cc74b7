"""Server actions (`POST /servers/{id}/action`), metadata, tags and passwords, as flows.

Most actions are one key with a null body (`{"pause": null}`): they are declared in `SIMPLE`
and made by `_simple`. The others (reboot, rebuild, resize, images ...) are written out. The
method names are openstacksdk's (`pause_server`, `confirm_server_resize` ...).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from ostack.compute.servers import Server
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, Resource

#: Method name -> (action key, what it does). Each sends `{action: null}` and returns None.
SIMPLE: dict[str, tuple[str, str]] = {
    "pause_server": ("pause", "Pause a server (status PAUSED)."),
    "unpause_server": ("unpause", "Unpause a paused server (status ACTIVE)."),
    "suspend_server": ("suspend", "Suspend a server (status SUSPENDED)."),
    "resume_server": ("resume", "Resume a suspended server (status ACTIVE)."),
    "unlock_server": ("unlock", "Unlock a locked server."),
    "unrescue_server": ("unrescue", "Bring a server out of rescue mode (status ACTIVE)."),
    "start_server": ("os-start", "Start a stopped server (status ACTIVE)."),
    "stop_server": ("os-stop", "Stop a running server (status SHUTOFF)."),
    "restore_server": ("restore", "Restore a soft-deleted server."),
    "shelve_server": ("shelve", "Shelve a server (status SHELVED or SHELVED_OFFLOADED)."),
    "shelve_offload_server": ("shelveOffload", "Offload a shelved server from its host."),
    "confirm_server_resize": ("confirmResize", "Confirm a resize or cold migration."),
    "revert_server_resize": ("revertResize", "Revert a resize or cold migration."),
    "trigger_server_crash_dump": ("trigger_crash_dump",
                                  "Trigger a crash dump in a server (2.17)."),
}


def _simple(method: str, action: str, doc: str) -> Any:
    def flow(self: Any, server: Any) -> Flow:
        yield Call("POST", _action_path(server), json={action: None})

    flow.__name__ = flow.__qualname__ = method
    flow.__doc__ = doc
    return operation(flow)


def _action_path(server: Any) -> str:
    return f"/servers/{quote(resource_id(server), safe='')}/action"


def _image_id(resp: Any) -> str:
    """The new image's ID: in the body from 2.45, in the Location header before."""
    body = resp.json() if resp.content else None
    if isinstance(body, dict) and body.get("image_id"):
        return body["image_id"]
    return resp.headers["Location"].rsplit("/", 1)[1]


class ServerDiagnostics(Resource):
    """A server's diagnostics, with openstacksdk's attribute names."""

    base_path = "/servers/{server_id}/diagnostics"
    service_type = "compute"
    allow_list = False
    status_attribute = None

    has_config_drive = Field("config_drive")
    state = Field()
    driver = Field()
    hypervisor = Field()
    hypervisor_os = Field()
    uptime = Field()
    num_cpus = Field()
    num_disks = Field()
    num_nics = Field()
    memory_details = Field()
    cpu_details = Field()
    disk_details = Field()
    nic_details = Field()
    server_id = Field()


class ServerActions:
    """Server actions, metadata, tags and passwords (mixed into the compute service)."""

    @operation
    def create_server_dump(self, server: Any) -> Flow:
        """Trigger a crash dump in a server (the name of `server dump create`)."""
        yield Call("POST", _action_path(server), json={"trigger_crash_dump": None})

    @operation
    def reboot_server(self, server: Any, reboot_type: str = "SOFT") -> Flow:
        """Reboot a server, "SOFT" or "HARD"."""
        yield Call("POST", _action_path(server), json={"reboot": {"type": reboot_type}})

    @operation
    def lock_server(self, server: Any, locked_reason: str | None = None) -> Flow:
        """Lock a server, with a reason from 2.73."""
        body = None if locked_reason is None else {"locked_reason": locked_reason}
        yield Call("POST", _action_path(server), json={"lock": body})

    @operation
    def rescue_server(self, server: Any, admin_pass: str | None = None,
                      image: Any = None) -> Flow:
        """Put a server in rescue mode, booted from `image` (default: its own)."""
        body: dict[str, Any] = {}
        if admin_pass is not None:
            body["adminPass"] = admin_pass
        if image is not None:
            body["rescue_image_ref"] = resource_id(image)
        yield Call("POST", _action_path(server), json={"rescue": body})

    @operation
    def evacuate_server(self, server: Any, host: str | None = None,
                        admin_pass: str | None = None, force: bool | None = None, *,
                        on_shared_storage: bool | None = None) -> Flow:
        """Rebuild a server of a failed host on another host (admin)."""
        body: dict[str, Any] = {}
        for key, value in (("host", host), ("adminPass", admin_pass), ("force", force),
                           ("onSharedStorage", on_shared_storage)):
            if value is not None:
                body[key] = value
        yield Call("POST", _action_path(server), json={"evacuate": body})

    @operation
    def unshelve_server(self, server: Any, *, host: str | None = None,
                        availability_zone: Any = ...) -> Flow:
        """Unshelve a server; `availability_zone=None` unpins it (2.91), a name moves it
        (2.77), `host` picks the host (2.91)."""
        body: dict[str, Any] = {}
        if host:
            body["host"] = host
        if availability_zone is not ...:
            body["availability_zone"] = availability_zone
        yield Call("POST", _action_path(server), json={"unshelve": body or None})

    @operation
    def resize_server(self, server: Any, flavor: Any) -> Flow:
        """Resize a server to another flavor (then confirm or revert)."""
        yield Call("POST", _action_path(server),
                   json={"resize": {"flavorRef": resource_id(flavor)}})

    @operation
    def rebuild_server(self, server: Any, image: Any, **attrs: Any) -> Flow:
        """Rebuild a server from `image`; attributes (name, admin_password, metadata,
        preserve_ephemeral, key_name, user_data, description, hostname ...) by SDK name.
        The server as the answer describes it."""
        body = {"imageRef": resource_id(image)}
        body.update(Server.wire_body(attrs))
        resp = yield Call("POST", _action_path(server), json={"rebuild": body})
        return self.one(Server, resp, {"id": resource_id(server)})

    @operation
    def migrate_server(self, server: Any, *, host: str | None = None) -> Flow:
        """Cold-migrate a server (to `host` from 2.56); confirm or revert it after."""
        yield Call("POST", _action_path(server),
                   json={"migrate": {"host": host} if host else None})

    @operation
    def live_migrate_server(self, server: Any, host: str | None = None, force: bool = False,
                            block_migration: bool | str | None = None,
                            disk_over_commit: bool | None = None) -> Flow:
        """Live-migrate a server (block_migration "auto" from 2.25)."""
        body: dict[str, Any] = {"host": host or None}
        from ostack.transport.microversions import at_least

        if at_least(self._microversion, "2.25"):
            body["block_migration"] = "auto" if block_migration is None else block_migration
            if host and force and not at_least(self._microversion, "2.68"):
                body["force"] = True
        else:
            body["block_migration"] = bool(block_migration)
            body["disk_over_commit"] = bool(disk_over_commit)
        yield Call("POST", _action_path(server), json={"os-migrateLive": body})

    @operation
    def create_server_image(self, server: Any, name: str,
                            metadata: dict[str, str] | None = None, wait: bool = False,
                            timeout: float = 120) -> Flow:
        """Snapshot a server into a new image; the image as the image service shows it
        (with `wait`, once it is active: at most `timeout` seconds)."""
        from ostack.image.images import Image

        body: dict[str, Any] = {"name": name}
        if metadata is not None:
            body["metadata"] = metadata
        resp = yield Call("POST", _action_path(server), json={"createImage": body})
        image_id = _image_id(resp)
        if wait:
            return (yield from self.wait_flow(Image, image_id, status="active", wait=timeout))
        return (yield from self.get_flow(Image, image_id))

    @operation
    def backup_server(self, server: Any, name: str, backup_type: str, rotation: int) -> Flow:
        """Back a server up into an image, keeping `rotation` backups of `backup_type`; the
        image (its id and name: read the rest, or wait for it, through `conn.image`)."""
        from ostack.image.images import Image

        resp = yield Call("POST", _action_path(server), json={"createBackup": {
            "name": name, "backup_type": backup_type, "rotation": rotation}})
        return Image({"id": _image_id(resp), "name": name})

    @operation
    def reset_server_state(self, server: Any, state: str) -> Flow:
        """Force a server's state to "active" or "error" (admin)."""
        yield Call("POST", _action_path(server), json={"os-resetState": {"state": state}})

    @operation
    def change_server_password(self, server: Any, new_password: str) -> Flow:
        yield Call("POST", _action_path(server),
                   json={"changePassword": {"adminPass": new_password}})

    @operation
    def get_server_password(self, server: Any) -> Flow:
        """The encrypted password the metadata service holds ('' when none)."""
        resp = yield Call("GET", f"/servers/{quote(resource_id(server), safe='')}"
                                 "/os-server-password")
        return (resp.json() or {}).get("password")

    @operation
    def clear_server_password(self, server: Any) -> Flow:
        """Forget the password the metadata service holds (the server's is unchanged)."""
        yield Call("DELETE", f"/servers/{quote(resource_id(server), safe='')}"
                             "/os-server-password")

    @operation
    def get_server_diagnostics(self, server: Any) -> Flow:
        """What the hypervisor reports of a server (admin; the 2.48 format)."""
        resp = yield Call("GET", f"/servers/{quote(resource_id(server), safe='')}/diagnostics",
                          microversion="2.48")
        body = resp.json() if resp.content else {}
        return ServerDiagnostics({**(body or {}), "server_id": resource_id(server)}, "2.48")

    @operation
    def fetch_server_topology(self, server: Any) -> Flow:
        """The server's NUMA topology (2.78): {"nodes": [...], "pagesize_kb": ...}."""
        resp = yield Call("GET", f"/servers/{quote(resource_id(server), safe='')}/topology")
        return resp.json() if resp.content else None

    # -- metadata -----------------------------------------------------------------------------
    @operation
    def fetch_server_metadata(self, server: Any) -> Flow:
        """The server with its metadata read from /metadata."""
        resp = yield Call("GET", _metadata_path(server))
        return _with(server, metadata=(resp.json() or {}).get("metadata", {}))

    @operation
    def get_server_metadata(self, server: Any) -> Flow:
        """openstacksdk's older name of `fetch_server_metadata`."""
        return (yield from self.sub("fetch_server_metadata", server))

    @operation
    def set_server_metadata(self, server: Any, **metadata: Any) -> Flow:
        """Add or change metadata keys (others are kept); the server with the new metadata."""
        resp = yield Call("POST", _metadata_path(server), json={"metadata": metadata})
        return _with(server, metadata=(resp.json() or {}).get("metadata", metadata))

    @operation
    def delete_server_metadata(self, server: Any, keys: Iterable[str] | None = None) -> Flow:
        """Delete these metadata keys (one request each), or all of them when None."""
        if keys is None:
            yield Call("PUT", _metadata_path(server), json={"metadata": {}})
            return None
        for key in sorted(set(keys)):
            yield Call("DELETE", f"{_metadata_path(server)}/{quote(key, safe='')}")
        return None

    # -- tags (2.26) --------------------------------------------------------------------------
    @operation
    def add_tag_to_server(self, server: Any, tag: str) -> Flow:
        yield Call("PUT", f"{_tags_path(server)}/{quote(tag, safe='')}")

    @operation
    def remove_tag_from_server(self, server: Any, tag: str) -> Flow:
        yield Call("DELETE", f"{_tags_path(server)}/{quote(tag, safe='')}")

    @operation
    def remove_tags_from_server(self, server: Any) -> Flow:
        yield Call("DELETE", _tags_path(server))

    @operation
    def fetch_server_tags(self, server: Any) -> Flow:
        """The server with its tags read from /tags."""
        resp = yield Call("GET", _tags_path(server))
        return _with(server, tags=(resp.json() or {}).get("tags", []))

    @operation
    def set_server_tags(self, server: Any, tags: list[str]) -> Flow:
        """Replace all the server's tags."""
        resp = yield Call("PUT", _tags_path(server), json={"tags": list(tags)})
        return _with(server, tags=(resp.json() or {}).get("tags", list(tags)))


for _method, (_action, _doc) in SIMPLE.items():
    setattr(ServerActions, _method, _simple(_method, _action, _doc))


def _metadata_path(server: Any) -> str:
    return f"/servers/{quote(resource_id(server), safe='')}/metadata"


def _tags_path(server: Any) -> str:
    return f"/servers/{quote(resource_id(server), safe='')}/tags"


def _with(server: Any, **values: Any) -> Server:
    """The server (or a bare one with its ID) with these fields replaced."""
    body = dict(server.raw) if isinstance(server, Server) else {"id": resource_id(server)}
    body.update({Server.fields()[k].wire: v for k, v in values.items()})
    return Server(body, server.microversion if isinstance(server, Server) else None)
