"""Glance's multiple stores, imports as tasks and the tasks API over raw HTTP: DevStack's
`fast` and `cheap` stores (`/v2/info/stores`, the admin-only detail), uploads and imports into
chosen stores, `copy-image`, deleting data from one store, the `api_image_import` task of each
import with the `os_glance_*` bookkeeping on the image, `/v2/tasks` (admin only) and an
image's own tasks, and the legacy `import` task."""

from __future__ import annotations

import http.server
import os
import threading
import uuid

import pytest
import test_localcloud_image as common
from test_localcloud_image import CIRROS_ID, OCTET, check, show, upload

tokens, created = common.tokens, common.created  # the fixtures

UUID = "00000000-0000-0000-0000-000000000000"


def _error(reply, status: int, text: str) -> None:
    assert reply.status == status, (reply.status, reply.body)
    assert text in reply.json["message"], reply.json


def _stage(cloud, token: str, image_id: str, data: bytes) -> None:
    reply = cloud.call("PUT", f"/image/v2/images/{image_id}/stage", raw=data, token=token,
                       headers=OCTET)
    assert reply.status == 204, reply.body


def _import(cloud, token: str, image_id: str, body: dict, headers: dict | None = None):
    return cloud.call("POST", f"/image/v2/images/{image_id}/import", body, token=token,
                      headers=headers)


def _active(cloud, token: str, image_id: str) -> dict:
    return cloud.wait_for(lambda: (lambda i: i if i["status"] == "active" and not i.get(
        "os_glance_importing_to_stores") else None)(show(cloud, token, image_id)))


def _tasks(cloud, token: str, image_id: str) -> list[dict]:
    reply = cloud.call("GET", f"/image/v2/images/{image_id}/tasks", token=token)
    assert reply.status == 200, reply.body
    check("/v2/images/{image_id}/tasks", "get", reply.json)
    return reply.json["tasks"]


# ------------------------------------------------------------------ stores
def test_stores_info(localcloud, tokens):
    reply = localcloud.call("GET", "/image/v2/info/stores", token=tokens["demo"])
    assert reply.status == 200
    # not checked against the spec: it types `default` as a boolean where Glance answers the
    # string "true" (its code and its own sample), which Tempest compares as a string
    stores = {s["id"]: s for s in reply.json["stores"]}
    assert list(stores) == ["fast", "cheap"]
    assert stores["fast"]["default"] == "true" and "default" not in stores["cheap"]
    assert all(s["description"] for s in stores.values())
    _error(localcloud.call("GET", "/image/v2/info/stores/detail", token=tokens["demo"]), 403,
           "You are not authorized to complete stores_info_detail action.")
    detail = localcloud.call("GET", "/image/v2/info/stores/detail", token=tokens["admin"])
    assert detail.status == 200
    for store in detail.json["stores"]:
        assert store["type"] == "file" and isinstance(store["weight"], int)
        assert set(store["properties"]) == {"data_dir", "chunk_size", "thin_provisioning"}
    cirros = show(localcloud, tokens["demo"], CIRROS_ID)
    assert cirros["stores"] == "fast"  # data without a recorded store: the default one


def test_upload_into_a_store(localcloud, created, tokens):
    demo = tokens["demo"]
    image = created.make()
    assert "stores" not in image  # no data, no store
    reply = localcloud.call("PUT", f"/image/v2/images/{image['id']}/file", raw=b"x",
                            token=demo, headers={**OCTET, "X-Image-Meta-Store": "slow"})
    _error(reply, 400, "Unknown scheme 'slow' found in URI")
    reply = localcloud.call("PUT", f"/image/v2/images/{image['id']}/file", raw=b"data",
                            token=demo, headers={**OCTET, "X-Image-Meta-Store": "cheap"})
    assert reply.status == 204
    assert show(localcloud, demo, image["id"])["stores"] == "cheap"
    created_reply = localcloud.call("POST", "/image/v2/images", {}, token=demo)
    created.ids.append(created_reply.json["id"])
    assert created_reply.header("openstack-image-store-ids") == "fast,cheap"


# ------------------------------------------------------------------ imports and their tasks
def test_glance_direct_import_to_stores(localcloud, created, tokens):
    demo, admin = tokens["demo"], tokens["admin"]
    data = os.urandom(5000)
    image = created.make()
    _stage(localcloud, demo, image["id"], data)
    _error(_import(localcloud, demo, image["id"], {"method": {"name": "glance-direct"},
                                                   "stores": ["fast"]},
                   {"X-Image-Meta-Store": "fast"}), 400,
           "Stores parameter and x-image-meta-store header can't be both specified")
    _error(_import(localcloud, demo, image["id"], {"method": {"name": "glance-direct"},
                                                   "all_stores": True, "stores": ["fast"]}),
           400, "All_stores parameter can't be used")
    _error(_import(localcloud, demo, image["id"], {"method": {"name": "glance-direct"},
                                                   "stores": ["slow"]}), 409,
           "Unknown scheme 'slow' found in URI")
    _error(_import(localcloud, demo, image["id"], {"method": {"name": "glance-direct"},
                                                   "all_stores": "yes"}), 400,
           "'all_stores' must be boolean value only")
    reply = _import(localcloud, demo, image["id"], {"method": {"name": "glance-direct"},
                                                    "all_stores": True})
    assert reply.status == 202, reply.body
    importing = show(localcloud, demo, image["id"])
    task_id = importing["os_glance_import_task"]
    assert importing["os_glance_importing_to_stores"] == "fast,cheap"
    assert importing["os_glance_failed_import"] == ""
    done = _active(localcloud, demo, image["id"])
    assert done["stores"] == "cheap,fast"  # sorted, as Tempest compares them
    assert "os_glance_import_task" not in done and done["os_glance_failed_import"] == ""
    [task] = _tasks(localcloud, demo, image["id"])
    assert (task["id"], task["type"], task["status"]) == (task_id, "api_image_import",
                                                          "success")
    assert task["input"]["backend"] == ["fast", "cheap"]
    assert task["input"]["import_req"]["all_stores"] is True
    assert task["result"] == {"image_id": image["id"]}
    shown = localcloud.call("GET", f"/image/v2/tasks/{task_id}", token=admin)
    assert shown.status == 200
    check("/v2/tasks/{task_id}", "get", shown.json)
    assert shown.json["expires_at"] and shown.json["image_id"] == image["id"]
    assert shown.json["self"] == f"/v2/tasks/{task_id}"
    # the header chooses the store too
    other = created.make()
    _stage(localcloud, demo, other["id"], data)
    assert _import(localcloud, demo, other["id"], {"method": {"name": "glance-direct"}},
                   {"X-Image-Meta-Store": "cheap"}).status == 202
    assert _active(localcloud, demo, other["id"])["stores"] == "cheap"


def test_import_errors(localcloud, created, tokens):
    demo = tokens["demo"]
    image = created.make()
    base = image["id"]
    _error(_import(localcloud, demo, base, {"method": {"name": "glance-direct"}}), 409,
           "Image needs to be staged before 'glance-direct' method can be used")
    _error(_import(localcloud, demo, base, {"method": {"name": "copy-image"}}), 409,
           "Only images with status active can be targeted for copying")
    _error(_import(localcloud, demo, base, {"method": {"name": "glance-download"}}), 400,
           "Unknown import method name 'glance-download'.")
    _error(_import(localcloud, demo, base, {"methods": {}}), 400,
           "Import request requires a 'method' field.")
    _error(_import(localcloud, demo, base, {"method": {}}), 400,
           "Import request requires a 'name' field.")
    bare = created.make(disk_format=None, container_format=None)
    _error(_import(localcloud, demo, bare["id"], {"method": {
        "name": "web-download", "uri": "http://127.0.0.1:9/x"}}), 409,
        "'container_format' needs to be set before import")
    upload(localcloud, demo, base, b"data")
    _error(_import(localcloud, demo, base, {"method": {"name": "glance-direct"}}), 409,
           "Image with status active cannot be target for import")
    mine = created.make(who="admin")
    assert _import(localcloud, demo, mine["id"], {"method": {
        "name": "glance-direct"}}).status == 404  # demo cannot see admin's shared image


def test_copy_image_and_delete_from_store(localcloud, created, tokens):
    demo, admin = tokens["demo"], tokens["admin"]
    image = created.make()
    upload(localcloud, demo, image["id"], b"copied data")
    copy = {"method": {"name": "copy-image"}, "stores": ["cheap"]}
    _error(_import(localcloud, demo, image["id"], copy), 403,
           "You are not authorized to complete copy_image action.")
    _error(_import(localcloud, admin, image["id"], {"method": {"name": "copy-image"},
                                                    "stores": ["fast"]}), 400,
           "Image is already present at store 'fast'")
    assert _import(localcloud, admin, image["id"], copy).status == 202
    copying = show(localcloud, demo, image["id"])
    assert copying["status"] == "active" and copying["os_glance_importing_to_stores"] == "cheap"
    _error(_import(localcloud, admin, image["id"], copy), 409, "Image has active task")
    assert _active(localcloud, demo, image["id"])["stores"] == "cheap,fast"
    tasks = _tasks(localcloud, demo, image["id"])
    assert [t["input"]["import_req"]["method"]["name"] for t in tasks] == ["copy-image"]
    # everywhere already: nothing to do, no task
    assert _import(localcloud, admin, image["id"], {"method": {"name": "copy-image"},
                                                    "all_stores": True}).status == 202
    assert len(_tasks(localcloud, demo, image["id"])) == 1
    # data out of one store (admins), never the last
    stores = "/image/v2/stores"
    _error(localcloud.call("DELETE", f"{stores}/slow/{image['id']}", token=admin), 409,
           "The selected store slow is not available on this node.")
    _error(localcloud.call("DELETE", f"{stores}/fast/{UUID}", token=admin), 404,
           f"Failed to find image {UUID}")
    assert localcloud.call("DELETE", f"{stores}/fast/{image['id']}",
                           token=demo).status == 403
    assert localcloud.call("DELETE", f"{stores}/fast/{image['id']}",
                           token=admin).status == 204
    assert show(localcloud, demo, image["id"])["stores"] == "cheap"
    _error(localcloud.call("DELETE", f"{stores}/cheap/{image['id']}", token=admin), 403,
           "Cannot delete image data from the only store containing it.")
    reply = localcloud.call("GET", f"/image/v2/images/{image['id']}/file", token=demo)
    assert reply.status == 200 and reply.body == b"copied data"


class _Served(http.server.BaseHTTPRequestHandler):
    """Serves `/data` (the bytes in `server.data`); anything else is 404."""

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        data = self.server.data  # type: ignore[attr-defined]
        if self.path != "/data":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served():
    """A loopback HTTP server for `web-download`: its base URL (it serves `/data`)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Served)
    server.data = os.urandom(20_000)  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_web_download_tasks(localcloud, created, tokens, served):
    demo, admin = tokens["demo"], tokens["admin"]
    good, bad = created.make(), created.make()
    assert _import(localcloud, demo, good["id"], {"method": {
        "name": "web-download", "uri": f"{served}/data"}, "stores": ["cheap"]}).status == 202
    assert _import(localcloud, demo, bad["id"], {"method": {
        "name": "web-download", "uri": f"{served}/missing"}}).status == 202
    assert _active(localcloud, demo, good["id"])["stores"] == "cheap"
    failed = localcloud.wait_for(lambda: (lambda i: i if i["status"] == "queued" and not i.get(
        "os_glance_import_task") else None)(show(localcloud, demo, bad["id"])))
    assert failed["os_glance_failed_import"] == "fast"
    assert failed["os_glance_importing_to_stores"] == ""
    [ok] = _tasks(localcloud, demo, good["id"])
    [ko] = _tasks(localcloud, demo, bad["id"])
    assert (ok["status"], ko["status"]) == ("success", "failure")
    assert ko["message"] and ko["result"] is None
    listed = localcloud.call("GET", "/image/v2/tasks?status=failure", token=admin)
    assert listed.status == 200
    check("/v2/tasks", "get", listed.json)
    assert ko["id"] in [t["id"] for t in listed.json["tasks"]]
    assert ok["id"] not in [t["id"] for t in listed.json["tasks"]]
    assert "input" not in listed.json["tasks"][0]  # a listing shows no input or result


def test_tasks_api(localcloud, created, tokens):
    demo, admin = tokens["demo"], tokens["admin"]
    for path in ("/image/v2/tasks", f"/image/v2/tasks/{UUID}"):
        _error(localcloud.call("GET", path, token=demo), 403,
               "You are not authorized to complete tasks_api_access action.")
    _error(localcloud.call("GET", f"/image/v2/tasks/{UUID}", token=admin), 404,
           f"Task with the given id {UUID} was not found")
    for query, text in (("status=done", "Invalid status value: done"),
                        ("type=api_image_import", "Invalid type value"),
                        ("sort_dir=up", "Invalid sort direction: up"),
                        ("sort_key=name", "Sort key supplied was not valid."),
                        ("marker=nope", "Invalid marker format"),
                        (f"marker={UUID}", "was not found"),
                        ("limit=-1", "limit param must be positive")):
        _error(localcloud.call("GET", f"/image/v2/tasks?{query}", token=admin), 400, text)
    for _ in range(3):
        image = created.make()
        _stage(localcloud, demo, image["id"], b"abc")
        assert _import(localcloud, demo, image["id"], {"method": {
            "name": "glance-direct"}}).status == 202
    first = localcloud.call("GET", "/image/v2/tasks?limit=2", token=admin).json
    assert len(first["tasks"]) == 2 and first["next"].startswith("/v2/tasks?limit=2&marker=")
    assert first["first"] == "/v2/tasks?limit=2" and first["schema"] == "/v2/schemas/tasks"
    after = localcloud.call("GET", "/image" + first["next"], token=admin).json
    assert first["tasks"][-1]["id"] not in [t["id"] for t in after["tasks"]]
    reply = localcloud.call("DELETE", f"/image/v2/tasks/{first['tasks'][0]['id']}",
                            token=admin)
    assert reply.status == 405 and reply.header("allow") == "GET"
    assert localcloud.call("GET", f"/image/v2/images/{UUID}/tasks", token=demo).status == 404
    schema = localcloud.call("GET", "/image/v2/schemas/task", token=demo).json
    assert schema["name"] == "task" and "input" in schema["properties"]
    schemas = localcloud.call("GET", "/image/v2/schemas/tasks", token=demo).json
    assert "input" not in schemas["properties"]["tasks"]["items"]["properties"]


def test_legacy_import_task(localcloud, tokens, served):
    admin = tokens["admin"]
    name = f"task-{uuid.uuid4().hex[:8]}"
    body = {"type": "import", "input": {
        "import_from": f"{served}/data", "import_from_format": "raw",
        "image_properties": {"name": name, "disk_format": "raw", "container_format": "bare"}}}
    _error(localcloud.call("POST", "/image/v2/tasks", body, token=tokens["demo"]), 403,
           "tasks_api_access")
    _error(localcloud.call("POST", "/image/v2/tasks", {"input": {}}, token=admin), 400,
           "Task 'type' is required")
    _error(localcloud.call("POST", "/image/v2/tasks", {"type": "import", "input": {
        "import_from": "http://no-such-host.invalid/x.qcow2"}}, token=admin), 400,
        "URI for legacy import task does not pass filtering")
    reply = localcloud.call("POST", "/image/v2/tasks", body, token=admin)
    assert reply.status == 201, reply.body
    task_id = reply.json["id"]
    assert reply.header("location").endswith(f"/image/v2/tasks/{task_id}")
    done = localcloud.wait_for(lambda: (lambda t: t if t["status"] == "success" else None)(
        localcloud.call("GET", f"/image/v2/tasks/{task_id}", token=admin).json))
    image = show(localcloud, admin, done["result"]["image_id"])
    assert (image["name"], image["status"], image["size"]) == (name, "active", 20_000)
    localcloud.call("DELETE", f"/image/v2/images/{image['id']}", token=admin)
