"""The world of the RBAC matrix and sweep (tests/e2e/test_rbac_matrix.py, test_rbac_sweep.py):
five personas in projects of their own (`admin`, `member` and `reader` of P1, `other`, member
of P2, and `sysreader`, reader on the system) and resources of P1 made by its admin."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

PERSONAS = ("admin", "member", "reader", "other", "sysreader")
NOVA = {"X-OpenStack-Nova-API-Version": "2.37"}
CINDER = {"OpenStack-API-Version": "volume 3.0"}


def name() -> str:
    return f"rbac-{uuid.uuid4().hex[:8]}"


@dataclass
class Persona:
    name: str
    user_id: str
    token: str
    project_id: str | None


@dataclass
class World:
    cloud: Any
    admin_token: str
    p1: str
    p2: str
    personas: dict[str, Persona]
    ids: dict[str, str]
    made: list[tuple[str, str]] = field(default_factory=list)

    def call(self, method: str, path: str, token: str, body: Any = None,
             headers: dict[str, str] | None = None) -> Any:
        return self.cloud.call(method, path, body, token=token, headers=headers)

    def admin(self, method: str, path: str, body: Any = None, ok: tuple[int, ...] = (),
              headers: dict[str, str] | None = None) -> Any:
        """A call as P1's admin persona (what it makes, P1 owns)."""
        reply = self.call(method, path, self.personas["admin"].token, body, headers)
        assert not ok or reply.status in ok, (method, path, reply.status, reply.body[:300])
        return reply


def _role_id(cloud: Any, token: str, role: str) -> str:
    return cloud.call("GET", f"/identity/v3/roles?name={role}", token=token).json["roles"][0]["id"]


def _persona(cloud: Any, admin: str, label: str, project: str | None, role: str) -> Persona:
    password = uuid.uuid4().hex
    user = cloud.call("POST", "/identity/v3/users", {"user": {
        "name": f"rbac-{label}-{uuid.uuid4().hex[:6]}", "password": password,
        "domain_id": "default"}}, token=admin).json["user"]
    role_id = _role_id(cloud, admin, role)
    target = f"/identity/v3/projects/{project}" if project else "/identity/v3/system"
    granted = cloud.call("PUT", f"{target}/users/{user['id']}/roles/{role_id}", token=admin)
    assert granted.status == 204, granted.body
    scope = {"project": {"id": project}} if project else {"system": {"all": True}}
    reply = cloud.call("POST", "/identity/v3/auth/tokens", {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "id": user["id"], "password": password}}}, "scope": scope}})
    assert reply.status == 201, reply.body
    return Persona(label, user["id"], reply.header("x-subject-token"), project)


def make(world: World, kind: str) -> str:
    """A resource of P1, made by P1's admin; its id (recorded for cleanup)."""
    p1 = world.p1
    if kind == "server":
        reply = world.admin("POST", "/compute/v2.1/servers", {"server": {
            "name": name(), "imageRef": world.ids["image_public"],
            "flavorRef": world.ids["flavor"], "networks": "none"}}, (202,), NOVA)
        made = reply.json["server"]["id"], "/compute/v2.1/servers/{id}"
    elif kind == "network":
        reply = world.admin("POST", "/network/v2.0/networks", {"network": {"name": name()}},
                            (201,))
        made = reply.json["network"]["id"], "/network/v2.0/networks/{id}"
    elif kind == "image":
        reply = world.admin("POST", "/image/v2/images", {"name": name()}, (201,))
        made = reply.json["id"], "/image/v2/images/{id}"
    elif kind == "volume":
        reply = world.admin("POST", f"/volume/v3/{p1}/volumes",
                            {"volume": {"size": 1, "name": name()}}, (202,), CINDER)
        made = reply.json["volume"]["id"], f"/volume/v3/{p1}/volumes/{{id}}"
    elif kind == "user":
        reply = world.admin("POST", "/identity/v3/users",
                            {"user": {"name": name(), "domain_id": "default"}}, (201,))
        made = reply.json["user"]["id"], "/identity/v3/users/{id}"
    elif kind == "router":
        reply = world.admin("POST", "/network/v2.0/routers", {"router": {"name": name()}},
                            (201,))
        made = reply.json["router"]["id"], "/network/v2.0/routers/{id}"
    elif kind == "sg":
        reply = world.admin("POST", "/network/v2.0/security-groups",
                            {"security_group": {"name": name()}}, (201,))
        made = reply.json["security_group"]["id"], "/network/v2.0/security-groups/{id}"
    else:
        raise AssertionError(kind)
    world.made.append((made[1], made[0]))
    if kind in READY:
        path, key, status = READY[kind]
        wait_for(world, path.format(p1=p1, id=made[0]), key, status)
    return made[0]


#: Resources that take a moment: (path, key, the status they settle in).
READY = {"server": ("/compute/v2.1/servers/{id}", "server", "ACTIVE"),
         "volume": ("/volume/v3/{p1}/volumes/{id}", "volume", "available")}


def wait_for(world: World, path: str, key: str, status: str, timeout: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while True:
        reply = world.admin("GET", path, headers={**NOVA, **CINDER})
        got = (reply.json or {}).get(key, {}).get("status")
        if got == status:
            return
        assert time.monotonic() < deadline, f"{path} still {got}, not {status}"
        time.sleep(0.05)


@contextmanager
def built(localcloud: Any) -> Iterator[World]:
    """The five personas, P1 and P2, and P1's resources; all removed afterwards."""
    admin = localcloud.token()
    projects = []
    for _ in range(2):
        reply = localcloud.call("POST", "/identity/v3/projects", {"project": {
            "name": name(), "domain_id": "default"}}, token=admin)
        assert reply.status == 201, reply.body
        projects.append(reply.json["project"]["id"])
    p1, p2 = projects
    personas = {
        "admin": _persona(localcloud, admin, "admin", p1, "admin"),
        "member": _persona(localcloud, admin, "member", p1, "member"),
        "reader": _persona(localcloud, admin, "reader", p1, "reader"),
        "other": _persona(localcloud, admin, "other", p2, "member"),
        "sysreader": _persona(localcloud, admin, "sysreader", None, "reader"),
    }
    w = World(localcloud, admin, p1, p2, personas, {"member_user": personas["member"].user_id})
    try:
        images = w.admin("GET", "/image/v2/images?visibility=public", ok=(200,)).json["images"]
        w.ids["image_public"] = images[0]["id"]
        flavors = w.admin("GET", "/compute/v2.1/flavors", ok=(200,)).json["flavors"]
        w.ids["flavor"] = flavors[0]["id"]
        for kind in ("server", "network", "image", "volume"):
            w.ids[kind] = make(w, kind)
        w.ids["target_user"] = make(w, "user")
        net = w.ids["network"]
        w.ids["subnet"] = w.admin("POST", "/network/v2.0/subnets", {"subnet": {
            "network_id": net, "ip_version": 4, "cidr": "10.77.0.0/24"}}, (201,)
                                  ).json["subnet"]["id"]
        w.ids["port"] = w.admin("POST", "/network/v2.0/ports", {"port": {
            "network_id": net}}, (201,)).json["port"]["id"]
        w.made.append(("/network/v2.0/ports/{id}", w.ids["port"]))
        w.ids["router"] = w.admin("POST", "/network/v2.0/routers", {"router": {
            "name": name()}}, (201,)).json["router"]["id"]
        w.made.append(("/network/v2.0/routers/{id}", w.ids["router"]))
        w.ids["sg"] = w.admin("POST", "/network/v2.0/security-groups", {"security_group": {
            "name": name()}}, (201,)).json["security_group"]["id"]
        w.made.append(("/network/v2.0/security-groups/{id}", w.ids["sg"]))
        w.ids["container_name"] = name()
        container = f"/object-store/v1/AUTH_{p1}/{{id}}"
        w.made += [(container, w.ids["container_name"]),
                   (container, w.ids["container_name"] + "/rbac-object")]
        agents = w.admin("GET", "/network/v2.0/agents", ok=(200,)).json["agents"]
        w.ids["agent"] = agents[0]["id"]
        yield w
    finally:
        owners = {f"/volume/v3/{p1}/": personas["admin"].token,
                  f"/volume/v3/{p2}/": personas["other"].token,
                  "/object-store/": personas["admin"].token}
        for path, ident in reversed(w.made):
            # Cinder takes a token of the URL's project only; Swift an operator of the account.
            token = next((t for prefix, t in owners.items() if path.startswith(prefix)), admin)
            localcloud.call("DELETE", path.format(id=ident), token=token, headers={**NOVA})
        for persona in personas.values():
            localcloud.call("DELETE", f"/identity/v3/users/{persona.user_id}", token=admin)
        for project in projects:
            localcloud.call("DELETE", f"/identity/v3/projects/{project}", token=admin)


def fill(world: World, path: str, persona: Persona, fresh: str | None) -> str:
    values = {**world.ids, "p1": world.p1, "self": persona.user_id,
              "own": persona.project_id or world.p1, "fresh": fresh or ""}
    return path.format(**values)


def fill_body(world: World, body: Any, persona: Persona) -> Any:
    """Placeholders (`"{network}"`) in a body's strings, as in paths."""
    if isinstance(body, dict):
        return {k: fill_body(world, v, persona) for k, v in body.items()}
    if isinstance(body, str) and body.startswith("{") and body.endswith("}"):
        return fill(world, body, persona, None)
    return body


def outcome(status: int) -> str:
    return "ok" if 200 <= status < 300 else str(status)
