"""Every command of python-openstackclient 10.5.0's `openstack.image.v2` group, run with the
official `openstack` CLI against the local cloud: each must succeed with sensible output
(signing an image is the one expected failure: Glance verifies signatures against a key
manager, and the local cloud, like a DevStack without Barbican, has none).

The CLI runs with a terminal as its stdin, as a user would: `image create` without `--file`
reads image data from a stdin that is not a terminal. A failing command is run again with
`--debug`, so the failure shows the requests made and what the cloud answered.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.support import terminal
from tests.support.localcloud import LocalCloud
from tests.support.venvs import OFFICIAL_CLIENTS, ensure_venv

pytestmark = pytest.mark.official

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CIRROS = "cirros-0.6.2-x86_64-disk"

Run = Callable[..., Any]

# The commands each test runs (the last test checks that together they are the whole group).
COVERED = {
    "test_image_create_show_list_set_save_delete": [
        "image create", "image show", "image list", "image set", "image unset", "image save",
        "image delete"],
    "test_image_sharing": ["image add project", "image member list", "image member get",
                           "image remove project"],
    "test_stores_stage_import_and_tasks": [
        "image import info", "image stores list", "image stage", "image import",
        "image task list", "image task show"],
    "test_cached_images": ["cached image queue", "cached image list", "cached image delete",
                           "cached image clear"],
    "test_metadef_namespaces": [
        "image metadef namespace create", "image metadef namespace show",
        "image metadef namespace list", "image metadef namespace set",
        "image metadef namespace unset", "image metadef namespace delete"],
    "test_metadef_objects": [
        "image metadef object create", "image metadef object list",
        "image metadef object show", "image metadef object update",
        "image metadef object property show", "image metadef object delete"],
    "test_metadef_properties": [
        "image metadef property create", "image metadef property list",
        "image metadef property show", "image metadef property set",
        "image metadef property delete"],
    "test_metadef_resource_types": [
        "image metadef resource type list", "image metadef resource type association create",
        "image metadef resource type association list",
        "image metadef resource type association delete"],
}


@pytest.fixture(scope="module")
def openstack(localcloud: LocalCloud) -> Run:
    """Run `openstack <args>` (`-f json` unless `fmt=False`) against the local cloud with a
    terminal as stdin; the parsed output. `fail=True` expects a failure: its stderr."""
    executable = ensure_venv("official", OFFICIAL_CLIENTS) / "bin" / "openstack"

    def invoke(argv: list[str], env: dict[str, str], answer: bool) -> subprocess.CompletedProcess:
        # an empty private key password, once asked for
        return terminal.answered(argv, env, timeout=180, typing=answer)

    def run(*args: str, cloud: str = "local", fmt: bool = True, fail: bool = False,
            answer: bool = False) -> Any:
        argv = [str(executable), *args] + (["-f", "json"] if fmt and not fail else [])
        env = localcloud.environ(OS_CLOUD=cloud)
        done = invoke(argv, env, answer)
        if fail:
            assert done.returncode != 0, f"openstack {' '.join(args)} succeeded: {done.stdout}"
            return done.stderr
        if done.returncode != 0:
            debug = invoke([str(executable), "--debug", *args], env, answer)
            pytest.fail(f"openstack {' '.join(args)} exited {done.returncode}:\n"
                        f"{done.stderr[-3000:]}\n--- with --debug:\n{debug.stderr[-8000:]}")
        return json.loads(done.stdout) if fmt and done.stdout.strip() else done.stdout

    return run


@pytest.fixture(scope="module")
def demo_project(openstack: Run) -> str:
    return openstack("project", "show", "demo")["id"]


@pytest.fixture(scope="module")
def api(localcloud: LocalCloud) -> Callable[..., Any]:
    """Raw HTTP to the local cloud (as admin unless `who="demo"`): the checks between CLI
    runs, which cost seconds each, go this way. Returns the JSON body; asserts a 2xx."""
    tokens: dict[str, str] = {}

    def call(method: str, path: str, body: Any = None, who: str = "admin") -> Any:
        if who not in tokens:
            tokens[who] = localcloud.token(who)
        reply = localcloud.call(method, path, body, token=tokens[who])
        assert 200 <= reply.status < 300, (method, path, reply.status, reply.body)
        return reply.json

    return call


def _image(api: Callable[..., Any], name: str) -> dict[str, Any]:
    [image] = api("GET", f"/image/v2/images?name={name}")["images"] or api(
        "GET", f"/image/v2/images?name={name}&os_hidden=true")["images"]
    return image


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _wait(check: Callable[[], Any], timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        assert time.monotonic() < deadline, f"timed out waiting for {check}"
        time.sleep(0.2)


# ------------------------------------------------------------------ images
def test_image_create_show_list_set_save_delete(openstack, api, demo_project, tmp_path):
    data = os.urandom(70_000)
    source = tmp_path / "disk.raw"
    source.write_bytes(data)
    name = _name("osc-img")
    created = openstack("image", "create", "--file", str(source), "--disk-format", "raw",
                        "--container-format", "bare", "--min-disk", "1", "--min-ram", "64",
                        "--property", "purpose=test", "--tag", "one", "--tag", "two",
                        "--protected", "--project", "demo", "--shared", name)
    assert (created["status"], created["size"], created["owner"]) == ("active", len(data),
                                                                     demo_project)
    assert (created["min_disk"], created["min_ram"], created["protected"]) == (1, 64, True)
    assert sorted(created["tags"]) == ["one", "two"]
    assert created["properties"]["purpose"] == "test"
    assert created["properties"]["stores"] == "fast"  # the default store
    shown = openstack("image", "show", name)
    assert shown["id"] == created["id"] and shown["visibility"] == "shared"
    listed = {i["Name"]: i for i in openstack("image", "list", "--long", "--tag", "one")}
    assert listed[name]["Status"] == "active" and listed[name]["Disk Format"] == "raw"
    assert CIRROS in [i["Name"] for i in openstack("image", "list")]
    openstack("image", "set", "--name", name + "-x", "--min-disk", "2", "--property", "a=1",
              "--tag", "three", "--architecture", "x86_64", "--os-distro", "cirros",
              "--hidden", "--public", name, fmt=False)
    name += "-x"
    shown = _image(api, name)
    assert (shown["min_disk"], shown["visibility"], shown["os_hidden"]) == (2, "public", True)
    assert shown["architecture"] == "x86_64" and "three" in shown["tags"]
    openstack("image", "set", "--deactivate", name, fmt=False)
    assert _image(api, name)["status"] == "deactivated"
    openstack("image", "set", "--activate", "--unhidden", name, fmt=False)
    assert (_image(api, name)["status"], _image(api, name)["os_hidden"]) == ("active", False)
    openstack("image", "unset", "--tag", "one", "--property", "a", "--property",
              "architecture", name, fmt=False)
    shown = _image(api, name)
    assert "one" not in shown["tags"] and "a" not in shown and "architecture" not in shown
    saved = tmp_path / "saved.raw"
    openstack("image", "save", "--file", str(saved), name, fmt=False)
    assert saved.read_bytes() == data
    assert "ForbiddenException: 403" in openstack("image", "delete", name, fail=True)
    openstack("image", "set", "--unprotected", name, fmt=False)
    openstack("image", "delete", name, fmt=False)
    assert api("GET", f"/image/v2/images?name={name}")["images"] == []


def test_image_create_from_volume(openstack, api, localcloud):
    """`image create --volume`: Cinder's upload to an image."""
    admin = localcloud.token()
    project = localcloud.call("GET", "/identity/v3/auth/tokens", token=admin, headers={
        "X-Subject-Token": admin}).json["token"]["project"]["id"]
    volumes = f"/volume/v3/{project}/volumes"
    volume = api("POST", volumes, {"volume": {"size": 1, "name": _name("osc-vol")}})["volume"]
    _wait(lambda: api("GET", f"{volumes}/{volume['id']}")["volume"]["status"] == "available")
    name = _name("osc-from-vol")
    uploaded = openstack("image", "create", "--volume", volume["id"], "--disk-format",
                         "qcow2", name)
    assert uploaded["image_name"] == name
    image = _wait(lambda: (lambda i: i if i["status"] == "active" else None)(_image(api, name)))
    assert image["disk_format"] == "qcow2"
    api("DELETE", f"/image/v2/images/{image['id']}")
    _wait(lambda: api("GET", f"{volumes}/{volume['id']}")["volume"]["status"] == "available")
    api("DELETE", f"{volumes}/{volume['id']}")


def test_signed_image_is_refused(openstack, api, tmp_path):
    """Expected failure: `--sign-key-path`/`--sign-cert-id` sign the data locally, but Glance
    verifies the signature with a certificate from the key manager, which this cloud (as a
    DevStack without Barbican) lacks: the upload is refused and the image stays queued."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_path = tmp_path / "key.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    source = tmp_path / "disk.raw"
    source.write_bytes(b"signed data")
    name = _name("osc-signed")
    error = openstack("image", "create", "--file", str(source), "--disk-format", "raw",
                      "--container-format", "bare", "--sign-key-path", str(key_path),
                      "--sign-cert-id", str(uuid.uuid4()), name, fail=True, answer=True)
    assert "BadRequestException: 400" in error, error
    # the SDK deletes the image whose upload failed
    assert api("GET", f"/image/v2/images?name={name}")["images"] == []


def test_image_sharing(openstack, api, demo_project, tmp_path):
    source = tmp_path / "disk.raw"
    source.write_bytes(b"shared data")
    name = _name("osc-share")
    image = openstack("image", "create", "--file", str(source), "--disk-format", "raw",
                      "--container-format", "bare", "--shared", name)
    member = openstack("image", "add", "project", name, "demo")
    assert (member["image_id"], member["member_id"], member["status"]) == (
        image["id"], demo_project, "pending")
    members = openstack("image", "member", "list", name)
    assert [(m["Member ID"], m["Status"]) for m in members] == [(demo_project, "pending")]
    # the member decides, with its own credentials
    member = f"/image/v2/images/{image['id']}/members/{demo_project}"
    for verb, status in (("--reject", "rejected"), ("--pending", "pending"),
                         ("--accept", "accepted")):
        openstack("image", "set", verb, image["id"], cloud="local-demo", fmt=False)
        assert api("GET", member)["status"] == status
    assert openstack("image", "member", "get", name, demo_project)["status"] == "accepted"
    assert name in [i["name"] for i in api("GET", "/image/v2/images", who="demo")["images"]]
    openstack("image", "remove", "project", name, "demo", fmt=False)
    assert api("GET", f"/image/v2/images/{image['id']}/members")["members"] == []
    api("DELETE", f"/image/v2/images/{image['id']}")


class _Served(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        data = self.server.data  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web_source():
    """A loopback HTTP server for `web-download`: (its URL, the bytes it serves)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Served)
    server.data = os.urandom(30_000)  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/disk.raw", server.data
    server.shutdown()
    server.server_close()


def _settled(api: Callable[..., Any], name: str) -> dict[str, Any]:
    """The image once active with no import in progress."""
    return _wait(lambda: (lambda i: i if i["status"] == "active" and not i.get(
        "os_glance_importing_to_stores") else None)(_image(api, name)))


def test_stores_stage_import_and_tasks(openstack, api, tmp_path, web_source):
    info = openstack("image", "import", "info")
    assert sorted(info["import-methods"]) == ["copy-image", "glance-direct", "web-download"]
    stores = {s["ID"]: s for s in openstack("image", "stores", "list")}
    assert list(stores) == ["fast", "cheap"] and stores["fast"]["Default"] is True
    detail = openstack("image", "stores", "list", "--detail")
    assert all(s["Properties"]["chunk_size"] == 65536 for s in detail)
    assert "403" in openstack("image", "stores", "list", "--detail", cloud="local-demo",
                              fail=True)
    data = os.urandom(40_000)
    source = tmp_path / "disk.raw"
    source.write_bytes(data)
    # --import: create, stage, import with glance-direct
    imported = _name("osc-import")
    openstack("image", "create", "--file", str(source), "--disk-format", "raw",
              "--container-format", "bare", "--import", imported)
    assert _settled(api, imported)["size"] == len(data)
    # stage, then import into the cheap store; copy it to the fast one
    staged = _name("osc-stage")
    assert openstack("image", "create", "--disk-format", "raw", "--container-format", "bare",
                     staged)["status"] == "queued"
    openstack("image", "stage", "--file", str(source), staged, fmt=False)
    assert _image(api, staged)["status"] == "uploading"
    openstack("image", "import", staged, "--method", "glance-direct", "--store", "cheap")
    assert _settled(api, staged)["stores"] == "cheap"
    openstack("image", "import", staged, "--method", "copy-image", "--store", "fast")
    assert _settled(api, staged)["stores"] == "cheap,fast"
    # web-download
    url, served = web_source
    fetched = _name("osc-web")
    openstack("image", "create", "--disk-format", "raw", "--container-format", "bare",
              fetched)
    openstack("image", "import", fetched, "--method", "web-download", "--uri", url)
    assert _settled(api, fetched)["checksum"] is not None
    saved = tmp_path / "fetched.raw"
    openstack("image", "save", "--file", str(saved), fetched, fmt=False)
    assert saved.read_bytes() == served
    # each import was a task
    tasks = openstack("image", "task", "list")
    assert {t["Type"] for t in tasks} == {"api_image_import"}
    ids = {_image(api, n)["id"] for n in (imported, staged, fetched)}
    mine = [t for t in tasks if t["ID"] in {r["id"] for i in ids for r in api(
        "GET", f"/image/v2/images/{i}/tasks")["tasks"]}]
    assert len(mine) == 4 and {t["Status"] for t in mine} == {"success"}
    shown = openstack("image", "task", "show", mine[0]["ID"])
    assert shown["status"] == "success" and shown["result"]["image_id"] in ids
    assert shown["input"]["import_req"]["method"]["name"] in ("glance-direct", "copy-image",
                                                              "web-download")
    assert "403" in openstack("image", "task", "list", cloud="local-demo", fail=True)
    for image_id in ids:
        api("DELETE", f"/image/v2/images/{image_id}")


def test_cached_images(openstack, api, localcloud):
    names = [_name("osc-cache") for _ in range(2)]
    ids = []
    for name in names:
        image = api("POST", "/image/v2/images", {"name": name, "disk_format": "raw",
                                                 "container_format": "bare"})
        ids.append(image["id"])
        reply = localcloud.call("PUT", f"/image/v2/images/{image['id']}/file",
                                raw=b"cached data", token=localcloud.token(),
                                headers={"Content-Type": "application/octet-stream"})
        assert reply.status == 204, reply.body
    openstack("cached", "image", "queue", *names, fmt=False)

    def cached() -> set[str]:
        return {c["image_id"] for c in api("GET", "/image/v2/cache")["cached_images"]}

    _wait(lambda: set(ids) <= cached())
    listed = {i["ID"]: i for i in openstack("cached", "image", "list")}
    assert listed[ids[0]]["State"] == "cached" and listed[ids[0]]["Size"] == 11
    openstack("cached", "image", "delete", names[0], fmt=False)
    assert ids[0] not in cached() and ids[1] in cached()
    openstack("cached", "image", "clear", "--queue", fmt=False)
    assert ids[1] in cached()
    openstack("cached", "image", "clear", fmt=False)
    assert api("GET", "/image/v2/cache") == {"cached_images": [], "queued_images": []}
    assert "Forbidden" in openstack("cached", "image", "list", cloud="local-demo", fail=True)
    for image_id in ids:
        api("DELETE", f"/image/v2/images/{image_id}")


# ------------------------------------------------------------------ metadata definitions
def test_metadef_namespaces(openstack, api):
    name = f"OSC::Test::{uuid.uuid4().hex[:8]}"
    path = f"/image/v2/metadefs/namespaces/{name}"
    created = openstack("image", "metadef", "namespace", "create", "--display-name",
                        "Test Namespace", "--description", "For the official CLI.", "--public",
                        "--protected", name)
    assert (created["namespace"], created["visibility"], created["protected"]) == (
        name, "public", True)
    assert openstack("image", "metadef", "namespace", "show", name)["display_name"] == \
        "Test Namespace"
    assert name in [n["namespace"] for n in openstack(
        "image", "metadef", "namespace", "list", "--visibility", "public")]
    assert name in [n["namespace"] for n in openstack(  # readers see public namespaces
        "image", "metadef", "namespace", "list", cloud="local-demo")]
    openstack("image", "metadef", "namespace", "set", "--description", "Changed.", "--public",
              "--tag", "red", "--tag", "blue", name, fmt=False)
    shown = api("GET", path)
    # a namespace update replaces: `protected` left out falls back to false, as in Glance
    assert shown["description"] == "Changed." and shown["protected"] is False
    assert sorted(t["name"] for t in shown["tags"]) == ["blue", "red"]
    openstack("image", "metadef", "namespace", "unset", "--tag", "red", name, fmt=False)
    assert [t["name"] for t in api("GET", path)["tags"]] == ["blue"]
    openstack("image", "metadef", "namespace", "unset", "--all-tags", name, fmt=False)
    assert "tags" not in api("GET", path)
    assert "ForbiddenException: 403" in openstack(  # changes are for administrators
        "image", "metadef", "namespace", "delete", name, cloud="local-demo", fail=True)
    api("PUT", path, {"namespace": name, "visibility": "public", "protected": True})
    assert "ForbiddenException: 403" in openstack(  # protected
        "image", "metadef", "namespace", "delete", name, fail=True)
    openstack("image", "metadef", "namespace", "set", "--unprotected", name, fmt=False)
    openstack("image", "metadef", "namespace", "delete", name, fmt=False)
    assert name not in [n["namespace"] for n in api(
        "GET", "/image/v2/metadefs/namespaces?limit=1000")["namespaces"]]


@pytest.fixture
def namespace(api: Callable[..., Any]):
    """A public namespace for one test (made and removed through the API)."""
    name = f"OSC::Test::{uuid.uuid4().hex[:8]}"
    api("POST", "/image/v2/metadefs/namespaces", {"namespace": name, "visibility": "public"})
    yield name
    api("DELETE", f"/image/v2/metadefs/namespaces/{name}")


def test_metadef_objects(openstack, api, namespace, localcloud):
    created = openstack("image", "metadef", "object", "create", "--namespace", namespace,
                        "Box")
    assert (created["name"], created["namespace_name"]) == ("Box", namespace)
    # an object with property definitions (the CLI creates objects by name only)
    reply = localcloud.call("POST", f"/image/v2/metadefs/namespaces/{namespace}/objects", {
        "name": "CPU Limits", "description": "Limits.", "required": [], "properties": {
            "quota:cpu_period": {"title": "CPU Period", "type": "integer", "minimum": 1000}}},
        token=localcloud.token())
    assert reply.status == 201, reply.body
    listed = openstack("image", "metadef", "object", "list", namespace)
    assert sorted(o["name"] for o in listed) == ["Box", "CPU Limits"]
    shown = openstack("image", "metadef", "object", "show", namespace, "CPU Limits")
    assert shown["description"] == "Limits."
    prop = openstack("image", "metadef", "object", "property", "show", namespace,
                     "CPU Limits", "quota:cpu_period")
    assert (prop["name"], prop["type"], prop["minimum"]) == ("quota:cpu_period", "integer",
                                                             1000)
    objects = f"/image/v2/metadefs/namespaces/{namespace}/objects"
    openstack("image", "metadef", "object", "update", namespace, "Box", "--name", "Crate",
              fmt=False)
    assert api("GET", f"{objects}/Crate")["name"] == "Crate"
    openstack("image", "metadef", "object", "delete", namespace, "Crate", fmt=False)
    assert [o["name"] for o in api("GET", objects)["objects"]] == ["CPU Limits"]
    openstack("image", "metadef", "object", "delete", namespace, fmt=False)  # all of them
    assert api("GET", objects)["objects"] == []


def test_metadef_properties(openstack, api, namespace):
    created = openstack("image", "metadef", "property", "create", "--name", "hw_disk_bus",
                        "--title", "Disk Bus", "--type", "string", "--schema",
                        '{"enum": ["scsi", "virtio"], "description": "The disk bus."}',
                        namespace)
    assert (created["name"], created["enum"]) == ("hw_disk_bus", ["scsi", "virtio"])
    listed = openstack("image", "metadef", "property", "list", namespace)
    assert [(p["name"], p["title"], p["type"]) for p in listed] == [
        ("hw_disk_bus", "Disk Bus", "string")]
    openstack("image", "metadef", "property", "set", "--title", "Bus", "--schema",
              '{"enum": ["scsi", "virtio", "ide"]}', namespace, "hw_disk_bus", fmt=False)
    shown = openstack("image", "metadef", "property", "show", namespace, "hw_disk_bus")
    assert shown["title"] == "Bus" and shown["enum"] == ["scsi", "virtio", "ide"]
    properties = f"/image/v2/metadefs/namespaces/{namespace}/properties"
    api("POST", properties, {"name": "hw_other", "title": "Other", "type": "integer"})
    openstack("image", "metadef", "property", "delete", namespace, "hw_disk_bus", fmt=False)
    assert list(api("GET", properties)["properties"]) == ["hw_other"]
    openstack("image", "metadef", "property", "delete", namespace, fmt=False)  # all of them
    assert api("GET", properties) == {"properties": {}}


def test_metadef_resource_types(openstack, api, namespace):
    types = [t["Name"] for t in openstack("image", "metadef", "resource", "type", "list")]
    assert {"OS::Glance::Image", "OS::Cinder::Volume", "OS::Nova::Flavor",
            "OS::Nova::Server"} <= set(types)
    created = openstack("image", "metadef", "resource", "type", "association", "create",
                        namespace, "OS::Nova::Flavor", "--properties-target", "image")
    assert (created["name"], created["properties_target"]) == ("OS::Nova::Flavor", "image")
    listed = openstack("image", "metadef", "resource", "type", "association", "list",
                       namespace)
    assert [a["Name"] for a in listed] == ["OS::Nova::Flavor"]
    assert namespace in [n["namespace"] for n in openstack(
        "image", "metadef", "namespace", "list", "--resource-types", "OS::Nova::Flavor")]
    openstack("image", "metadef", "resource", "type", "association", "delete", namespace,
              "OS::Nova::Flavor", fmt=False)
    assert api("GET", f"/image/v2/metadefs/namespaces/{namespace}/resource_types") == {
        "resource_type_associations": []}


def test_every_image_command_is_covered():
    """The tests above run every command of the `openstack.image.v2` group."""
    covered = {c for commands in COVERED.values() for c in commands}
    assert set(COVERED) <= set(globals()), "COVERED names a test that does not exist"
    table = SHARED / "osc-commands.tsv"
    if not table.exists():
        print(f"not compared with the command list: no reference material at {table}")
        assert len(covered) == 42
        return
    group = {line.split("\t")[1] for line in table.read_text().splitlines()
             if line.startswith("openstack.image.v2\t")}
    assert covered == group, (group - covered, covered - group)
