"""Fuzz every operation of every service in `shared/openapi/` against a local cloud of its own:
no request may answer 5xx, drop the connection or leave a traceback in the server's log.

For each operation (and, for compute and block storage, a few microversions) Hypothesis draws
requests from the operation's own schemas: path ids (real ones listed from the cloud, random
UUIDs, junk), query parameters, headers and a body that is valid, mutated (a wrong type, a
missing required key, an unknown key) or not JSON at all. Requests go as admin, some as the demo
member. Operations the cloud does not implement must answer 404/405 cleanly.

Repeatable: derandomized, no example database. `OSTACK_FUZZ_EXAMPLES` (default 10) sets the
examples per operation and microversion; raise it to dig deeper locally.

The generator (tests/support/openapi_fuzz.py) is written on plain Hypothesis strategies rather
than hypothesis-jsonschema (0.23.1, its latest release, fails on current Hypothesis) or
schemathesis: the specs need microversion-aware `oneOf` selection and the local cloud's path
prefixes, and the budget needs cheap, bounded generation.
"""

from __future__ import annotations

import collections
import http.client
import json
import os
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import pytest
from tests.support.localcloud import LocalCloud, start_localcloud

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
if not (SHARED / "openapi").is_dir():
    print(f"\nskipping the fuzz tests: no OpenAPI specs at {SHARED.resolve()}")
    pytest.skip(f"reference material {SHARED} is absent", allow_module_level=True)

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from tests.support.openapi_fuzz import (  # noqa: E402
    HEADER_TEXT,
    POOL,
    SERVICES,
    Operation,
    in_range,
    mutate,
    operations,
    schema_strategy,
    version,
)

EXAMPLES = int(os.environ.get("OSTACK_FUZZ_EXAMPLES", "10"))

JUNK = ["", "0", "-1", "null", "true", "1e309", "99999999999999999999999", "a" * 300, "é",
        "%", "../x", " ", "\u2603", "1,2", "[]", "{}", "' OR 1=1 --", "*", "\x00"]
GARBAGE_BODIES = [b"", b"{", b"null", b"[]", b"\"text\"", b"42", b"\xff\xfe\xfd",
                  b"{\"a\": ", b"[" * 5000 + b"]" * 5000, b"{\"x\": 1e999}",
                  b"{\"x\": " + b"9" * 5000 + b"}", b"{\"\\ud800\": \"\\udc00\"}"]
ODD_MICROVERSIONS = ["latest", "2.999", "3.999", "1.0", "abc", "", "2.", "3.0", "2.1.1", "-1.5"]


# ------------------------------------------------------------------ the fuzzer
class Fuzzer:
    """Sends drawn requests to one cloud over a kept-alive connection and keeps the tally."""

    def __init__(self, cloud: LocalCloud) -> None:
        self.cloud = cloud
        self.connection: http.client.HTTPConnection | None = None
        self.sent = 0
        self.statuses: collections.Counter[int] = collections.Counter()
        self.failures: list[str] = []
        self.covered: set[str] = set()
        self.per_operation: dict[str, collections.Counter[int]] = collections.defaultdict(
            collections.Counter)
        self.seconds: collections.Counter[str] = collections.Counter()
        #: The first 2xx JSON answer of each operation and microversion (schema-checked).
        self.answers: dict[tuple[str, str, str, str], bytes] = {}
        self.listings: dict[str, list[str]] = {}
        self.tokens: dict[str, str] = {}
        self.projects: dict[str, str] = {}
        self.protected: set[str] = set()
        POOL.clear()
        for user in ("admin", "demo"):
            self.login(user)
            reply = cloud.authenticate(user).json["token"]
            self.protected |= {reply["user"]["id"], reply["project"]["id"],
                               reply["project"]["domain"]["id"],
                               *(role["id"] for role in reply["roles"])}
            self.protected |= {"default", "admin", "demo"}

    def login(self, user: str) -> None:
        reply = self.cloud.authenticate(user)
        assert reply.status == 201, reply.body
        self.tokens[user] = reply.header("x-subject-token") or ""
        self.projects[user] = reply.json["token"]["project"]["id"]

    def send(self, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None, user: str = "admin",
             record: str | None = None) -> tuple[int, bytes]:
        """One request; a 5xx or a dropped connection is recorded as a failure."""
        sent = {"Accept": "application/json", "X-Auth-Token": self.tokens[user],
                **(headers or {})}
        if body is not None:
            sent["Content-Length"] = str(len(body))
        status, data, error = 0, b"", ""
        started = time.monotonic()
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.cloud.port,
                                                             timeout=20)
            try:
                self.connection.request(method, path, body=body, headers=sent)
                response = self.connection.getresponse()
                data = response.read()
                status = response.status
                if not response.getheader("x-openstack-request-id") and status:
                    self.failures.append(f"{record or ''} -> {status} {method} {path[:300]} "
                                         "has no x-openstack-request-id")
                if response.will_close:
                    self.connection.close()
                    self.connection = None
                break
            except (OSError, http.client.HTTPException) as exc:
                self.connection.close()
                self.connection = None
                error = f"{type(exc).__name__}: {exc}"
                if attempt:
                    status = 0
        self.sent += 1
        self.seconds[record or ""] += time.monotonic() - started
        self.statuses[status] += 1
        self.per_operation[record or ""][status] += 1
        if status >= 500 or status == 0:
            shown = (body or b"")[:300]
            self.failures.append(
                f"{record or ''} -> {status or error} {method} {path[:300]} as {user} "
                f"headers={ {k: v[:60] for k, v in (headers or {}).items()} } "
                f"body={shown!r} answer={data[:300]!r}")
        if status == 401 and user in self.tokens and "/auth/" not in path:
            check = self.cloud.call("GET", "/identity/v3/auth/tokens", token=self.tokens[user],
                                    headers={"X-Subject-Token": self.tokens[user]})
            if check.status != 200:
                self.login(user)
        return status, data

    # -------------------------------------------------------------- ids from the cloud
    def listing(self, path: str) -> list[str]:
        """Ids (or names) found by listing the collection at `path` as admin (cached)."""
        if path not in self.listings:
            status, data = self.send("GET", path, record="listing")
            found: list[str] = []
            if status == 200:
                try:
                    collect_ids(json.loads(data), found)
                except ValueError:
                    found = [line for line in data.decode(errors="replace").splitlines()
                             if line][:20]
            self.listings[path] = found[:20]
            POOL.extend(i for i in found[:20] if i not in POOL)
        return self.listings[path]


def collect_ids(node: Any, found: list[str], depth: int = 0) -> None:
    """The `id`s (else `name`s) of the resources in a listing body."""
    if depth > 3 or len(found) >= 20:
        return
    if isinstance(node, list):
        for item in node:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                ident = item.get("id") or item.get("name") or item.get("uuid")
                if isinstance(ident, (str, int)) and not isinstance(ident, bool):
                    found.append(str(ident))
                elif len(item) == 1:
                    collect_ids(list(item.values()), found, depth + 1)
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, list) and not key.endswith("links"):
                collect_ids(value, found, depth + 1)


MUTATING = {"post", "put", "patch", "delete"}


def seed(fuzzer: Fuzzer, service: str) -> None:
    """Create a few resources of `service` with plain valid requests, as admin and as demo,
    so the fuzzed operations on `{id}` paths meet real ones (failures are only counted)."""
    send = fuzzer.send
    tag = uuid.uuid4().hex[:6]

    def post(path: str, body: Any, user: str = "admin", **headers: str) -> Any:
        status, data = send("POST", path, json.dumps(body).encode(),
                            {"Content-Type": "application/json", **headers}, user,
                            record="seed")
        try:
            return json.loads(data) if status < 300 and data else {}
        except ValueError:
            return {}

    def first(path: str) -> str:
        found = fuzzer.listing(path)
        return found[0] if found else str(uuid.uuid4())

    if service == "identity":
        post("/identity/v3/projects", {"project": {"name": f"fz-{tag}"}})
        post("/identity/v3/users", {"user": {"name": f"fz-{tag}", "password": "pw"}})
        post("/identity/v3/groups", {"group": {"name": f"fz-{tag}"}})
        post("/identity/v3/roles", {"role": {"name": f"fz-{tag}"}})
        post("/identity/v3/domains", {"domain": {"name": f"fz-{tag}"}})
        post("/identity/v3/regions", {"region": {"id": f"fz-{tag}"}})
        made = post("/identity/v3/services", {"service": {"type": f"fz-{tag}"}})
        post("/identity/v3/endpoints", {"endpoint": {
            "service_id": (made.get("service") or {}).get("id", "x"), "interface": "public",
            "url": "http://127.0.0.1:1/fz"}})
        for user in ("admin", "demo"):
            me = fuzzer.cloud.authenticate(user).json["token"]["user"]["id"]
            post(f"/identity/v3/users/{me}/application_credentials",
                 {"application_credential": {"name": f"fz-{tag}"}}, user)
    elif service == "image":
        for user in ("admin", "demo"):
            made = post("/image/v2/images", {"name": f"fz-{tag}", "disk_format": "raw",
                                             "container_format": "bare"}, user)
            if made.get("id"):
                send("PUT", f"/image/v2/images/{made['id']}/file", b"x" * 100,
                     {"Content-Type": "application/octet-stream"}, user, record="seed")
    elif service == "network":
        for user in ("admin", "demo"):
            net = post("/network/v2.0/networks", {"network": {"name": f"fz-{tag}"}}, user)
            net_id = (net.get("network") or {}).get("id", "x")
            post("/network/v2.0/subnets", {"subnet": {"network_id": net_id, "ip_version": 4,
                                                      "cidr": "10.77.0.0/24"}}, user)
            post("/network/v2.0/ports", {"port": {"network_id": net_id}}, user)
            post("/network/v2.0/routers", {"router": {"name": f"fz-{tag}"}}, user)
            post("/network/v2.0/security-groups", {"security_group": {"name": f"fz-{tag}"}},
                 user)
            post("/network/v2.0/floatingips", {"floatingip": {
                "floating_network_id": first("/network/v2.0/networks?router:external=true")}},
                user)
    elif service == "block-storage":
        for user in ("admin", "demo"):
            base = f"/volume/v3/{fuzzer.projects[user]}"
            volume = post(f"{base}/volumes", {"volume": {"size": 1, "name": f"fz-{tag}"}},
                          user)
            time.sleep(0.1)
            post(f"{base}/snapshots", {"snapshot": {
                "volume_id": (volume.get("volume") or {}).get("id", "x")}}, user)
        post(f"/volume/v3/{fuzzer.projects['admin']}/types", {"volume_type": {
            "name": f"fz-{tag}"}})
    elif service == "compute":
        image = first("/image/v2/images?status=active&visibility=public")
        for user in ("admin", "demo"):
            post("/compute/v2.1/os-keypairs", {"keypair": {"name": f"fz-{tag}"}}, user)
            for networks in ("none", "auto"):
                post("/compute/v2.1/servers", {"server": {
                    "name": f"fz-{tag}", "imageRef": image, "flavorRef": "1",
                    "networks": networks}}, user, **{"OpenStack-API-Version": "compute 2.37"})
            post("/compute/v2.1/os-server-groups", {"server_group": {
                "name": f"fz-{tag}", "policies": ["affinity"]}}, user)
        time.sleep(0.2)
    elif service == "object-store":
        for user in ("admin", "demo"):
            account = f"/object-store/v1/AUTH_{fuzzer.projects[user]}"
            send("PUT", f"{account}/fz-{tag}", b"", {}, user, record="seed")
            send("PUT", f"{account}/fz-{tag}/obj", b"data", {}, user, record="seed")


def draw_request(data: st.DataObject, fuzzer: Fuzzer, op: Operation, mv: str,
                 bodies: list[tuple[str, st.SearchStrategy[Any]]]) -> tuple[
                     str, str, bytes | None, dict[str, str], str]:
    """Draw (method, path, body, headers, user) for one example of `op` at `mv`."""
    _, prefix, header, _ = SERVICES[op.service]
    user = data.draw(st.sampled_from(["admin", "admin", "admin", "demo"]), label="user")
    path = op.path
    for name in op.path_params:
        collection = path.split("{" + name + "}")[0].rstrip("/")
        if name == "project_id" and op.service == "block-storage":
            choices = [fuzzer.projects[user], fuzzer.projects[user], fuzzer.projects[user],
                       fuzzer.projects["demo" if user == "admin" else "admin"]]
        elif name == "account":
            choices = [f"AUTH_{fuzzer.projects[user]}"] * 3 + ["AUTH_nobody"]
        else:
            choices = [i for i in fuzzer.listing(prefix + collection)
                       if not (op.service == "identity" and op.method in MUTATING
                               and i in fuzzer.protected)]
        source = data.draw(st.sampled_from(["real"] * 6 + ["uuid", "junk"]), label=name)
        if source == "real" and choices:
            value = data.draw(st.sampled_from(choices), label=name)
        elif source == "junk":
            value = data.draw(st.sampled_from(JUNK), label=name)
        else:
            value = str(data.draw(st.uuids(), label=name))
        path = path.replace("{" + name + "}", urllib.parse.quote(value, safe=""), 1)
    query: list[tuple[str, str]] = []
    chosen = data.draw(st.lists(st.sampled_from(op.query), max_size=3,
                                unique_by=lambda p: p["name"]), label="query") if op.query else []
    for param in chosen:
        schema = param.get("schema") or {}
        if data.draw(st.booleans()):
            raw = data.draw(schema_strategy(schema, mv, name=param["name"]),
                            label=param["name"])
            value = json.dumps(raw) if isinstance(raw, (dict, list)) else (
                str(raw).lower() if isinstance(raw, bool) else str(raw))
        else:
            value = data.draw(st.sampled_from(JUNK), label=param["name"])
        query.append((param["name"], value))
    if data.draw(st.integers(0, 7)) == 0:
        query.append(("zzz_unknown", "1"))
    if query:
        path += "?" + urllib.parse.urlencode(query)
    headers: dict[str, str] = {}
    if header and mv:
        if data.draw(st.integers(0, 9), label="odd microversion") == 0:
            mv = data.draw(st.sampled_from(ODD_MICROVERSIONS), label="microversion")
        headers["OpenStack-API-Version"] = f"{header} {mv}"
        if header == "compute":
            headers["X-OpenStack-Nova-API-Version"] = mv
    for param in op.headers:
        if data.draw(st.integers(0, 2), label="use " + param["name"]) == 0:
            name = param["name"].replace("*", "fuzz").replace("{name}", "fuzz")
            headers[name] = data.draw(HEADER_TEXT, label=name)
    body: bytes | None = None
    if bodies:
        index = data.draw(st.integers(0, len(bodies) - 1), label="content type")
        content_type, strategy = bodies[index]
        headers["Content-Type"] = (content_type if content_type != "*"
                                   else "application/octet-stream")
        if "json" not in content_type:
            body = data.draw(st.binary(max_size=64), label="bytes")
        else:
            how = data.draw(st.sampled_from(["valid"] * 4 + ["mutated"] * 3 + ["garbage"]),
                            label="body")
            if how == "garbage":
                body = data.draw(st.sampled_from(GARBAGE_BODIES), label="garbage")
            else:
                value = data.draw(strategy, label="body")
                if how == "mutated":
                    value = mutate(data, value)
                body = json.dumps(value).encode()
    elif op.method in ("post", "put", "patch") and data.draw(st.integers(0, 3)) == 0:
        body = data.draw(st.sampled_from(GARBAGE_BODIES + [b"{}"]), label="garbage")
        headers["Content-Type"] = "application/json"
    return op.method.upper(), prefix + path, body, headers, user


def fuzz_operation(fuzzer: Fuzzer, op: Operation, mv: str, examples: int) -> None:
    bodies = [(ct, schema_strategy(schema, mv)) for ct, schema in op.bodies]

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data: st.DataObject) -> None:
        method, path, body, headers, user = draw_request(data, fuzzer, op, mv, bodies)
        status, answer = fuzzer.send(method, path, body, headers, user,
                                     record=f"{op.name}{' @' + mv if mv else ''}")
        if 200 <= status < 300 and answer[:1] in (b"{", b"["):
            fuzzer.answers.setdefault((op.service, op.path, op.method, mv), answer)

    run()
    if op.method in ("post", "put", "patch") and (not op.bodies or any(
            "json" in ct for ct, _ in op.bodies)):
        garbage_sweep(fuzzer, op, mv)
    fuzzer.covered.add(op.name)


def garbage_sweep(fuzzer: Fuzzer, op: Operation, mv: str) -> None:
    """Every malformed body once, on the operation's first real resource (so the handler gets
    as far as reading the body)."""
    _, prefix, header, _ = SERVICES[op.service]
    path = op.path
    for name in op.path_params:
        collection = path.split("{" + name + "}")[0].rstrip("/")
        if name == "project_id" and op.service == "block-storage":
            value = fuzzer.projects["admin"]
        elif name == "account":
            value = f"AUTH_{fuzzer.projects['admin']}"
        else:
            found = [i for i in fuzzer.listing(prefix + collection)
                     if not (op.service == "identity" and i in fuzzer.protected)]
            value = found[0] if found else str(uuid.uuid4())
        path = path.replace("{" + name + "}", urllib.parse.quote(value, safe=""), 1)
    headers = {"Content-Type": next((ct for ct, _ in op.bodies if "json" in ct),
                                    "application/json")}
    if header and mv:
        headers["OpenStack-API-Version"] = f"{header} {mv}"
    for body in GARBAGE_BODIES:
        fuzzer.send(op.method.upper(), prefix + path, body, headers,
                    record=f"{op.name}{' @' + mv if mv else ''} (malformed body)")


# ------------------------------------------------------------------ answers against the spec
#: Where the spec and the real service disagree, the local cloud follows the service.
SCHEMA_ERRATA: dict[tuple[str, str, str], str] = {
    ("identity", "get", "/v3/auth/domains"): "Keystone's `links` is an object (its samples too)",
    ("identity", "get", "/v3/auth/projects"): "Keystone's `links` is an object (its samples too)",
    ("identity", "get", "/v3/users/{user_id}/access_rules"):
        "Keystone's `links` is an object (its samples too)",
    ("identity", "get", "/v3/OS-FEDERATION/domains"):
        "Keystone's `links` is an object (its samples too)",
    ("identity", "get", "/v3/OS-FEDERATION/projects"):
        "Keystone's `links` is an object (its samples too)",
    ("image", "get", "/v2/schemas/image"): "the spec types a JSON Schema document as a string",
    ("image", "get", "/v2/schemas/images"): "the spec types a JSON Schema document as a string",
    ("image", "get", "/v2/schemas/member"): "the spec types a JSON Schema document as a string",
    ("image", "get", "/v2/schemas/members"): "the spec types a JSON Schema document as a string",
    **{("image", "get", f"/v2/schemas/{name}"):
       "the spec types a JSON Schema document as a string" for name in (
           "task", "tasks", *(f"metadefs/{kind}" for kind in (
               "namespace", "namespaces", "resource_type", "resource_types", "property",
               "properties", "object", "objects", "tag", "tags")))},
    ("image", "get", "/v2/info/stores"):
        "Glance answers `default` as the string \"true\" (its code and its sample)",
    ("image", "get", "/v2/info/stores/detail"):
        "Glance answers `default` as the string \"true\" (its code and its sample)",
    ("network", "get", "/v2.0/agents"):
        "the spec types an agent's `alive` and `configurations` as strings; Neutron answers a "
        "boolean and an object",
    ("network", "get", "/v2.0/agents/{id}"):
        "the spec types an agent's `alive` and `configurations` as strings; Neutron answers a "
        "boolean and an object",
    ("network", "put", "/v2.0/agents/{id}"):
        "the spec types an agent's `alive` and `configurations` as strings; Neutron answers a "
        "boolean and an object",
    ("network", "get", "/v2.0/qos/policies"): "the spec types a policy's `rules` as a string",
    ("network", "post", "/v2.0/qos/policies"): "the spec types a policy's `rules` as a string",
    ("network", "get", "/v2.0/qos/policies/{id}"):
        "the spec types a policy's `rules` as a string",
    ("network", "put", "/v2.0/qos/policies/{id}"):
        "the spec types a policy's `rules` as a string",
    ("network", "get", "/v2.0/qos/rule-types/{id}"):
        "the spec types a rule type's `drivers` as a string; Neutron answers a list",
    ("network", "get", "/v2.0/floatingips"): "the spec types `port_forwardings` as a string",
    ("network", "get", "/v2.0/floatingips/{id}"): "the spec types `port_forwardings` as a string",
    ("network", "post", "/v2.0/floatingips"): "the spec types `port_forwardings` as a string",
    ("network", "put", "/v2.0/floatingips/{id}"): "the spec types `port_forwardings` as a string",
    ("network", "get", "/v2.0/security-groups"):
        "the spec types `security_group_rules` as a string",
    ("network", "get", "/v2.0/security-groups/{id}"):
        "the spec types `security_group_rules` as a string",
    ("network", "post", "/v2.0/security-groups"):
        "the spec types `security_group_rules` as a string",
    ("network", "put", "/v2.0/security-groups/{id}"):
        "the spec types `security_group_rules` as a string",
    ("compute", "get", "/v2.1/os-hypervisors/{id}"):
        "before 2.28 Nova's `cpu_info` is a JSON string and before 2.53 ids are integers",
    ("compute", "get", "/v2.1/os-hypervisors/detail"):
        "before 2.28 Nova's `cpu_info` is a JSON string and before 2.53 ids are integers",
    ("compute", "get", "/v2.1/os-hypervisors"): "before 2.53 Nova's hypervisor ids are integers",
    ("compute", "get", "/v2.1/servers/{server_id}/diagnostics"):
        "the spec types `memory_details` as an array; Nova answers an object with `maximum` "
        "and `used` (its sample too)",
    **{("block-storage", "get", f"/v3{project}/os-hosts"):
       "the spec gives the host list a host's usage items; Cinder lists the services' hosts "
       "(host_name, service, zone, state, status, last-update), as Tempest checks"
       for project in ("", "/{project_id}")},
    **{("network", "get", path): "the spec types the counts and `subnet_ip_availability` as "
       "strings; Neutron answers integers and a list" for path in (
           "/v2.0/network-ip-availabilities", "/v2.0/network-ip-availabilities/{id}")},
    ("network", "get", "/v2.0/service-providers"):
        "the spec types a provider's `default` as a string; Neutron answers a boolean",
    ("block-storage", "post", "/v3/volumes/{id}/action"):
        "the spec gives actions no body; os-initialize_connection and others answer one",
    ("block-storage", "post", "/v3/{project_id}/volumes/{id}/action"):
        "the spec gives actions no body; os-initialize_connection and others answer one",
}


def schema_mismatches(fuzzer: Fuzzer) -> list[str]:
    """The first 2xx JSON answer of every operation and microversion, against the spec's
    response schema (errata aside)."""
    from tests.e2e.test_localcloud_schemas import response_schema, validate

    off = []
    for (service, path, method, mv), answer in sorted(fuzzer.answers.items()):
        if (service, method, path) in SCHEMA_ERRATA:
            continue
        where = f"{method.upper()} {path}{' @ ' + mv if mv else ''}"
        try:
            response_schema(service, path, method, version(mv) if mv else None)
        except (KeyError, StopIteration):
            off.append(f"{where}: answered a JSON body where the spec declares none")
            continue
        try:
            validate(service, path, method, json.loads(answer), version(mv) if mv else None)
        except AssertionError as exc:
            off.append(str(exc).split("\nassert")[0][:600])
    return off


# ------------------------------------------------------------------ the tests
@pytest.fixture(scope="module")
def fuzz_cloud(tmp_path_factory: pytest.TempPathFactory) -> LocalCloud:
    base = tmp_path_factory.mktemp("fuzzcloud")
    cloud = start_localcloud(base / "state", cache_dir=base / "cache", build_delay=0.01,
                             delete_delay=0.01, task_delay=0.01)
    try:
        yield cloud
    finally:
        cloud.stop()


def tracebacks(log: Path, offset: int) -> list[str]:
    """The tracebacks written to the server's log after `offset`: the log line before each,
    and its last frames and exception."""
    lines = log.read_text(errors="replace")[offset:].splitlines()
    found = []
    for index, line in enumerate(lines):
        if not line.startswith("Traceback (most recent call last)"):
            continue
        end = index + 1
        while end < len(lines) and lines[end].startswith(" "):
            end += 1
        frames = lines[index + 1:end]
        exception = lines[end] if end < len(lines) else ""
        found.append("\n".join([lines[index - 1] if index else "", line, *frames[-10:],
                                exception]))
    return found


@pytest.mark.timeout(900)
@pytest.mark.parametrize("service", list(SERVICES))
def test_fuzz_no_server_errors(fuzz_cloud: LocalCloud, service: str) -> None:
    log = fuzz_cloud.state_dir / "test-server.log"
    offset = len(log.read_text(errors="replace")) if log.exists() else 0
    started = time.monotonic()
    fuzzer = Fuzzer(fuzz_cloud)
    seed(fuzzer, service)
    ops = operations(service)
    for op in ops:
        for mv in SERVICES[service][3]:
            if mv and not in_range({"x-openstack": op.info}, mv) and mv != SERVICES[
                    service][3][0]:
                continue  # outside its range: tried once, at the first microversion
            fuzz_operation(fuzzer, op, mv, EXAMPLES)
    elapsed = time.monotonic() - started
    histogram = ", ".join(f"{code}: {n}" for code, n in sorted(fuzzer.statuses.items()))
    print(f"\nfuzz {service}: {len(fuzzer.covered)} of {len(ops)} operations, "
          f"{fuzzer.sent} requests in {elapsed:.1f}s; statuses {histogram}")
    slowest = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in
                        fuzzer.seconds.most_common(5))
    print(f"  slowest: {slowest}")
    if os.environ.get("OSTACK_FUZZ_VERBOSE"):
        for name, counts in sorted(fuzzer.per_operation.items()):
            print(f"  {name}: {dict(sorted(counts.items()))}")
    off = schema_mismatches(fuzzer)
    print(f"  schema: {len(fuzzer.answers)} answers checked against the spec, {len(off)} off")
    found = tracebacks(log, offset) if log.exists() else []
    problems = fuzzer.failures[:40]
    message = (f"{len(fuzzer.failures)} requests answered 5xx or dropped the connection:\n"
               + "\n".join(problems)
               + (f"\n\n{len(found)} tracebacks in {log}:\n" + "\n---\n".join(found[:8])
                  if found else ""))
    assert not fuzzer.failures and not found, message
    assert not off, "answers that do not match their schema in the spec:\n" + "\n".join(off)
