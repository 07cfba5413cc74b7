"""The RBAC matrix: five personas against the main operations of the six services.

Personas (made by the `personas` fixture, in projects of their own): `admin`, `member` and
`reader` of project P1, `other` (member of project P2, acting on P1's resources) and `sysreader`
(reader on the system). Every row below states, per persona, what the services' DEFAULT
policies say, from their published policy references (not from the local cloud's code):

- Keystone (policy defaults since Wallaby, scope enforced): `admin` (role admin, any scope)
  administers; a system reader lists and reads users, projects, domains, roles and role
  assignments; a project user reads its own user, its own project and the projects it is in
  (`/v3/auth/projects`, `/v3/users/{self}/projects`) and nothing else (403).
- Nova, Neutron, Glance, Cinder (new defaults and scope enforced, the default from oslo.policy
  4.4 / 2024.2): every policy is project-scoped, so a system-scoped token gets 403; admin
  may do everything; PROJECT_READER reads its project's resources, PROJECT_MEMBER also writes
  them; a resource of another project is not found (404: Nova, Neutron, Glance and Cinder
  look it up within the caller's project), a listing shows the caller's own project; admin-only
  APIs (flavor create, hypervisors, services, aggregates, agents, volume types create,
  public images) are 403 for everyone else.
- Swift (keystoneauth middleware with DevStack's operator roles `admin, member`): an
  operator of the account's project may use it; another project's user and a token without a
  project get 403. (A project reader's access depends on the deployment's reader roles: not
  checked.)

Expected outcomes: "ok" (2xx), "403", "404", "deny" (403 or 404: the services differ in
whether they hide existence there), "any" (not stated by the default policy: only "not 5xx").

`test_rbac_matrix_coverage` prints which of the local cloud's declared routes the table
reaches (from each service's route table). `test_rbac_sweep.py` then covers EVERY declared
operation of the six services by rule (tests/support/rbac_rules.py: route pattern -> default
policy rule) and prints its coverage and the KNOWN_DIFFERENCES it met.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from tests.support.rbac_world import (
    CINDER,
    NOVA,
    PERSONAS,
    World,
    built,
    fill,
    fill_body,
    make,
    name,
    outcome,
)


def allow(*who: str, **rest: str) -> dict[str, str]:
    """Outcomes: the named personas "ok", the others as in `rest` (default "403")."""
    out = {p: ("ok" if p in who else rest.get(p, rest.get("default", "403"))) for p in PERSONAS}
    return out


#: The project personas read and write their project; another project's resource is
#: hidden (404); a system token is refused (403).
PROJECT_READ = allow("admin", "member", "reader", other="404")
PROJECT_WRITE = allow("admin", "member", reader="403", other="404")
PROJECT_LIST = allow("admin", "member", "reader", "other")
#: Neutron and Glance check each listed item against the policy and leave out what fails
#: (a listing is never a 403 there); a system token's single-resource calls are refused.
FILTERED_LIST = allow("admin", "member", "reader", "other", sysreader="any")
FILTERED_READ = allow("admin", "member", "reader", other="404", sysreader="deny")
FILTERED_WRITE = allow("admin", "member", reader="403", other="404", sysreader="deny")
#: Cinder's URLs carry the project: a token without that project (a system token) is
#: refused before any policy ("Malformed request url", 400).
CINDER_READ = allow("admin", "member", "reader", other="404", sysreader="400")
CINDER_WRITE = allow("admin", "member", reader="403", other="404", sysreader="400")
CINDER_LIST = allow("admin", "member", "reader", "other", sysreader="400")
CINDER_ADMIN = allow("admin", sysreader="400")
ADMIN_ONLY = allow("admin")
KEYSTONE_READ_ALL = allow("admin", "sysreader")
EVERYONE = allow(*PERSONAS)


@dataclass
class Row:
    service: str
    method: str
    path: str
    expect: dict[str, str]
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    #: For deletes: a resource made for each persona (as P1's admin), in `{fresh}`.
    fresh: str | None = None
    #: For creates that succeed: how to find and delete what was made.
    cleanup: tuple[str, str] | None = None


def rows() -> list[Row]:
    """The table. `{p1}`, `{own}` (the caller's project, for URLs that carry one), `{self}`
    and the ids of P1's resources are filled in per persona."""
    return [
        # -- identity -----------------------------------------------------------------------
        Row("identity", "GET", "/identity/v3/users", KEYSTONE_READ_ALL),
        Row("identity", "GET", "/identity/v3/users/{self}", EVERYONE),
        Row("identity", "GET", "/identity/v3/users/{target_user}", KEYSTONE_READ_ALL),
        Row("identity", "GET", "/identity/v3/users/{self}/projects", EVERYONE),
        Row("identity", "POST", "/identity/v3/users", ADMIN_ONLY,
            body=lambda: {"user": {"name": name(), "domain_id": "default"}},
            cleanup=("user", "/identity/v3/users/{id}")),
        Row("identity", "PATCH", "/identity/v3/users/{target_user}", ADMIN_ONLY,
            body=lambda: {"user": {"description": name()}}),
        Row("identity", "GET", "/identity/v3/projects", KEYSTONE_READ_ALL),
        Row("identity", "GET", "/identity/v3/projects/{p1}",
            allow("admin", "member", "reader", "sysreader")),
        Row("identity", "PATCH", "/identity/v3/projects/{p1}", ADMIN_ONLY,
            body=lambda: {"project": {"description": name()}}),
        Row("identity", "POST", "/identity/v3/projects", ADMIN_ONLY,
            body=lambda: {"project": {"name": name(), "domain_id": "default"}},
            cleanup=("project", "/identity/v3/projects/{id}")),
        Row("identity", "GET", "/identity/v3/auth/projects", allow(
            "admin", "member", "reader", "other", sysreader="any")),
        Row("identity", "GET", "/identity/v3/domains", KEYSTONE_READ_ALL),
        Row("identity", "GET", "/identity/v3/roles", KEYSTONE_READ_ALL),
        Row("identity", "POST", "/identity/v3/roles", ADMIN_ONLY,
            body=lambda: {"role": {"name": name()}}, cleanup=("role", "/identity/v3/roles/{id}")),
        Row("identity", "GET", "/identity/v3/role_assignments", KEYSTONE_READ_ALL),
        Row("identity", "GET", "/identity/v3/services", KEYSTONE_READ_ALL),
        Row("identity", "GET", "/identity/v3/endpoints", KEYSTONE_READ_ALL),
        Row("identity", "GET", "/identity/v3/regions", EVERYONE),
        Row("identity", "DELETE", "/identity/v3/users/{fresh}", ADMIN_ONLY, fresh="user"),
        Row("identity", "GET", "/identity/v3/groups", KEYSTONE_READ_ALL),
        Row("identity", "POST", "/identity/v3/groups", ADMIN_ONLY,
            body=lambda: {"group": {"name": name(), "domain_id": "default"}},
            cleanup=("group", "/identity/v3/groups/{id}")),
        Row("identity", "GET", "/identity/v3/users/{target_user}/groups", KEYSTONE_READ_ALL),
        Row("identity", "GET", "/identity/v3/users/{target_user}/projects", KEYSTONE_READ_ALL),
        Row("identity", "GET", "/identity/v3/domains/default", EVERYONE),
        Row("identity", "GET", "/identity/v3/regions/RegionOne", EVERYONE),
        Row("identity", "GET", "/identity/v3/limits", EVERYONE),
        Row("identity", "GET", "/identity/v3/registered_limits", EVERYONE),
        Row("identity", "GET", "/identity/v3/policies", KEYSTONE_READ_ALL),
        Row("identity", "GET", "/identity/v3/users/{self}/application_credentials", EVERYONE),
        Row("identity", "GET", "/identity/v3/projects/{p1}/users/{member_user}/roles",
            KEYSTONE_READ_ALL),
        # -- compute --------------------------------------------------------------------------
        Row("compute", "GET", "/compute/v2.1/servers/detail", PROJECT_LIST, headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/servers/{server}", PROJECT_READ, headers=NOVA),
        Row("compute", "PUT", "/compute/v2.1/servers/{server}", PROJECT_WRITE, headers=NOVA,
            body=lambda: {"server": {"name": name()}}),
        Row("compute", "POST", "/compute/v2.1/servers/{server}/metadata", PROJECT_WRITE,
            headers=NOVA, body=lambda: {"metadata": {"rbac": "yes"}}),
        Row("compute", "GET", "/compute/v2.1/servers/{server}/metadata", PROJECT_READ,
            headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/servers/{server}/os-instance-actions",
            PROJECT_READ, headers=NOVA),
        Row("compute", "DELETE", "/compute/v2.1/servers/{fresh}", PROJECT_WRITE, headers=NOVA,
            fresh="server"),
        Row("compute", "GET", "/compute/v2.1/os-keypairs", PROJECT_LIST, headers=NOVA),
        Row("compute", "POST", "/compute/v2.1/os-keypairs", PROJECT_LIST, headers=NOVA,
            body=lambda: {"keypair": {"name": name()}},
            cleanup=("keypair", "/compute/v2.1/os-keypairs/{id}?user_id={user}")),
        Row("compute", "GET", "/compute/v2.1/servers/{server}/ips", PROJECT_READ, headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/servers/{server}/os-interface", PROJECT_READ,
            headers=NOVA),
        Row("compute", "POST", "/compute/v2.1/servers/{fresh}/action", PROJECT_WRITE,
            headers=NOVA, body=lambda: {"os-stop": None}, fresh="server"),
        Row("compute", "GET", "/compute/v2.1/os-server-groups", PROJECT_LIST, headers=NOVA),
        Row("compute", "POST", "/compute/v2.1/os-server-groups",
            allow("admin", "member", "other"), headers=NOVA,
            body=lambda: {"server_group": {"name": name(), "policies": ["affinity"]}},
            cleanup=("server_group", "/compute/v2.1/os-server-groups/{id}")),
        Row("compute", "GET", "/compute/v2.1/os-availability-zone", PROJECT_LIST,
            headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/os-availability-zone/detail", ADMIN_ONLY,
            headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/os-migrations", ADMIN_ONLY, headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/os-simple-tenant-usage", ADMIN_ONLY,
            headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/servers/{server}/os-server-password",
            PROJECT_READ, headers=NOVA),
        # Nova checks this admin-only policy before it looks the server up: 403 for all.
        Row("compute", "GET", "/compute/v2.1/servers/{server}/diagnostics", ADMIN_ONLY,
            headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/flavors/{flavor}/os-extra_specs", PROJECT_LIST,
            headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/limits", PROJECT_LIST, headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/os-quota-sets/{p1}",
            allow("admin", "member", "reader", other="403"), headers=NOVA),
        Row("compute", "PUT", "/compute/v2.1/os-quota-sets/{p1}", ADMIN_ONLY, headers=NOVA,
            body=lambda: {"quota_set": {"instances": 20}}),
        Row("compute", "GET", "/compute/v2.1/flavors", PROJECT_LIST, headers=NOVA),
        Row("compute", "POST", "/compute/v2.1/flavors", ADMIN_ONLY, headers=NOVA,
            body=lambda: {"flavor": {"name": name(), "ram": 64, "vcpus": 1, "disk": 1}},
            cleanup=("flavor", "/compute/v2.1/flavors/{id}")),
        Row("compute", "GET", "/compute/v2.1/os-hypervisors", ADMIN_ONLY, headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/os-services", ADMIN_ONLY, headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/os-aggregates", ADMIN_ONLY, headers=NOVA),
        Row("compute", "GET", "/compute/v2.1/os-simple-tenant-usage/{p1}",
            allow("admin", "member", "reader", other="403"), headers=NOVA),
        # -- network --------------------------------------------------------------------------
        Row("network", "GET", "/network/v2.0/networks", FILTERED_LIST),
        Row("network", "GET", "/network/v2.0/networks/{network}", FILTERED_READ),
        Row("network", "PUT", "/network/v2.0/networks/{network}", FILTERED_WRITE,
            body=lambda: {"network": {"description": name()}}),
        Row("network", "POST", "/network/v2.0/networks",
            allow("admin", "member", "other", reader="403"),
            body=lambda: {"network": {"name": name()}},
            cleanup=("network", "/network/v2.0/networks/{id}")),
        Row("network", "POST", "/network/v2.0/networks", ADMIN_ONLY,
            body=lambda: {"network": {"name": name(), "provider:network_type": "vxlan"}},
            cleanup=("network", "/network/v2.0/networks/{id}")),
        Row("network", "DELETE", "/network/v2.0/networks/{fresh}", FILTERED_WRITE,
            fresh="network"),
        Row("network", "GET", "/network/v2.0/subnets/{subnet}", FILTERED_READ),
        Row("network", "PUT", "/network/v2.0/subnets/{subnet}", FILTERED_WRITE,
            body=lambda: {"subnet": {"description": name()}}),
        Row("network", "GET", "/network/v2.0/ports/{port}", FILTERED_READ),
        Row("network", "PUT", "/network/v2.0/ports/{port}", FILTERED_WRITE,
            body=lambda: {"port": {"description": name()}}),
        Row("network", "GET", "/network/v2.0/routers/{router}", FILTERED_READ),
        Row("network", "PUT", "/network/v2.0/routers/{router}", FILTERED_WRITE,
            body=lambda: {"router": {"description": name()}}),
        Row("network", "GET", "/network/v2.0/security-groups/{sg}", FILTERED_READ),
        Row("network", "GET", "/network/v2.0/security-groups", FILTERED_LIST),
        Row("network", "POST", "/network/v2.0/security-groups",
            allow("admin", "member", "other"),
            body=lambda: {"security_group": {"name": name()}},
            cleanup=("security_group", "/network/v2.0/security-groups/{id}")),
        Row("network", "DELETE", "/network/v2.0/security-groups/{fresh}", FILTERED_WRITE,
            fresh="sg"),
        Row("network", "GET", "/network/v2.0/routers", FILTERED_LIST),
        Row("network", "POST", "/network/v2.0/routers", allow("admin", "member", "other"),
            body=lambda: {"router": {"name": name()}},
            cleanup=("router", "/network/v2.0/routers/{id}")),
        Row("network", "DELETE", "/network/v2.0/routers/{fresh}", FILTERED_WRITE,
            fresh="router"),
        Row("network", "GET", "/network/v2.0/ports", FILTERED_LIST),
        Row("network", "GET", "/network/v2.0/subnets", FILTERED_LIST),
        Row("network", "GET", "/network/v2.0/floatingips", FILTERED_LIST),
        Row("network", "GET", "/network/v2.0/security-group-rules", FILTERED_LIST),
        Row("network", "GET", "/network/v2.0/qos/policies", FILTERED_LIST),
        Row("network", "POST", "/network/v2.0/qos/policies", ADMIN_ONLY,
            body=lambda: {"policy": {"name": name()}},
            cleanup=("policy", "/network/v2.0/qos/policies/{id}")),
        Row("network", "GET", "/network/v2.0/rbac-policies", FILTERED_LIST),
        Row("network", "POST", "/network/v2.0/ports",
            allow("admin", "member", other="deny", sysreader="deny"),
            body=lambda: {"port": {"network_id": "{network}", "name": name()}},
            cleanup=("port", "/network/v2.0/ports/{id}")),
        Row("network", "POST", "/network/v2.0/subnets",
            allow("admin", "member", other="deny", sysreader="deny"),
            body=lambda: {"subnet": {"network_id": "{network}", "ip_version": 4,
                                     "cidr": f"10.{uuid.uuid4().int % 200 + 20}."
                                             f"{uuid.uuid4().int % 250}.0/24"}},
            cleanup=("subnet", "/network/v2.0/subnets/{id}")),
        Row("network", "PUT", "/network/v2.0/security-groups/{sg}", FILTERED_WRITE,
            body=lambda: {"security_group": {"description": name()}}),
        Row("network", "GET", "/network/v2.0/agents", FILTERED_LIST),
        Row("network", "GET", "/network/v2.0/agents/{agent}",
            allow("admin", default="404", sysreader="deny")),
        Row("network", "GET", "/network/v2.0/quotas/{p1}",
            allow("admin", "member", "reader", other="403")),
        Row("network", "PUT", "/network/v2.0/quotas/{p1}", ADMIN_ONLY,
            body=lambda: {"quota": {"network": 50}}),
        # -- image ----------------------------------------------------------------------------
        Row("image", "GET", "/image/v2/images", FILTERED_LIST),
        Row("image", "GET", "/image/v2/images/{image}", FILTERED_READ),
        Row("image", "PATCH", "/image/v2/images/{image}", FILTERED_WRITE,
            headers={"Content-Type": "application/openstack-images-v2.1-json-patch"},
            body=lambda: [{"op": "add", "path": "/rbac", "value": name()}]),
        Row("image", "POST", "/image/v2/images", allow("admin", "member", "other"),
            body=lambda: {"name": name(), "visibility": "private"},
            cleanup=("", "/image/v2/images/{id}")),
        Row("image", "POST", "/image/v2/images", ADMIN_ONLY,
            body=lambda: {"name": name(), "visibility": "public"},
            cleanup=("", "/image/v2/images/{id}")),
        Row("image", "DELETE", "/image/v2/images/{fresh}", FILTERED_WRITE, fresh="image"),
        Row("image", "GET", "/image/v2/images/{image}/members", FILTERED_READ),
        Row("image", "POST", "/image/v2/images/{fresh}/members", FILTERED_WRITE,
            body=lambda: {"member": uuid.uuid4().hex}, fresh="image"),
        Row("image", "PUT", "/image/v2/images/{image}/tags/rbac-tag", FILTERED_WRITE),
        Row("image", "GET", "/image/v2/schemas/image", FILTERED_LIST),
        # -- block storage --------------------------------------------------------------------
        Row("block_storage", "GET", "/volume/v3/{own}/volumes/detail", CINDER_LIST,
            headers=CINDER),
        Row("block_storage", "GET", "/volume/v3/{own}/volumes/{volume}", CINDER_READ,
            headers=CINDER),
        Row("block_storage", "PUT", "/volume/v3/{own}/volumes/{volume}", CINDER_WRITE,
            headers=CINDER, body=lambda: {"volume": {"description": name()}}),
        Row("block_storage", "POST", "/volume/v3/{own}/volumes",
            allow("admin", "member", "other", sysreader="400"), headers=CINDER,
            body=lambda: {"volume": {"size": 1, "name": name()}},
            cleanup=("volume", "/volume/v3/{project}/volumes/{id}")),
        Row("block_storage", "DELETE", "/volume/v3/{own}/volumes/{fresh}", CINDER_WRITE,
            headers=CINDER, fresh="volume"),
        Row("block_storage", "GET", "/volume/v3/{own}/types", CINDER_LIST, headers=CINDER),
        Row("block_storage", "POST", "/volume/v3/{own}/types", CINDER_ADMIN, headers=CINDER,
            body=lambda: {"volume_type": {"name": name()}},
            cleanup=("volume_type", "/volume/v3/{project}/types/{id}")),
        Row("block_storage", "GET", "/volume/v3/{own}/os-services", CINDER_ADMIN,
            headers=CINDER),
        Row("block_storage", "GET", "/volume/v3/{own}/volumes/{volume}/metadata", CINDER_READ,
            headers=CINDER),
        Row("block_storage", "POST", "/volume/v3/{own}/volumes/{volume}/metadata",
            CINDER_WRITE, headers=CINDER, body=lambda: {"metadata": {"rbac": "yes"}}),
        Row("block_storage", "GET", "/volume/v3/{own}/snapshots/detail", CINDER_LIST,
            headers=CINDER),
        Row("block_storage", "GET", "/volume/v3/{own}/backups/detail", CINDER_LIST,
            headers=CINDER),
        Row("block_storage", "GET", "/volume/v3/{own}/limits", CINDER_LIST, headers=CINDER),
        Row("block_storage", "GET", "/volume/v3/{own}/os-availability-zone", CINDER_LIST,
            headers=CINDER),
        Row("block_storage", "GET", "/volume/v3/{own}/extensions", CINDER_LIST,
            headers=CINDER),
        Row("block_storage", "GET", "/volume/v3/{own}/os-quota-sets/{p1}",
            allow("admin", "member", "reader", other="403", sysreader="400"), headers=CINDER),
        Row("block_storage", "PUT", "/volume/v3/{own}/os-quota-sets/{p1}", CINDER_ADMIN,
            headers=CINDER, body=lambda: {"quota_set": {"volumes": 20}}),
        Row("block_storage", "GET", "/volume/v3/{own}/scheduler-stats/get_pools",
            CINDER_ADMIN, headers=CINDER),
        # -- object store ---------------------------------------------------------------------
        Row("object_store", "GET", "/object-store/v1/AUTH_{p1}",
            allow("admin", "member", reader="any", other="403")),
        Row("object_store", "PUT", "/object-store/v1/AUTH_{p1}/{container_name}",
            allow("admin", "member", reader="any", other="403")),
        Row("object_store", "GET", "/object-store/v1/AUTH_{p1}/{container_name}",
            allow("admin", "member", reader="any", other="403")),
        Row("object_store", "PUT", "/object-store/v1/AUTH_{p1}/{container_name}/rbac-object",
            allow("admin", "member", reader="any", other="403"), body=lambda: {"x": 1}),
        Row("object_store", "HEAD", "/object-store/v1/AUTH_{p1}/{container_name}/rbac-object",
            allow("admin", "member", reader="any", other="403")),
    ]


# -- the personas -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(localcloud) -> Iterator[World]:
    with built(localcloud) as made:
        yield made


def test_rbac_matrix(world: World) -> None:
    mismatches: list[str] = []
    for row in rows():
        for label in PERSONAS:
            persona = world.personas[label]
            expected = row.expect[label]
            fresh = make(world, row.fresh) if row.fresh else None
            path = fill(world, row.path, persona, fresh)
            body = row.body() if callable(row.body) else row.body
            if isinstance(body, dict):
                body = fill_body(world, body, persona)
            reply = world.call(row.method, path, persona.token, body, row.headers)
            got = outcome(reply.status)
            if reply.status >= 500:
                mismatches.append(f"{label:9} {row.method} {path}: {reply.status} (a 5xx)")
            elif not (expected == "any" or got == expected
                      or (expected == "deny" and got in ("403", "404"))):
                mismatches.append(f"{label:9} {row.method} {row.path}: expected {expected}, "
                                  f"got {reply.status} {reply.body[:160]!r}")
            if got == "ok" and row.cleanup:
                key, template = row.cleanup
                data = reply.json or {}
                made = (data.get(key) or {}) if key else data
                ident = made.get("id") or made.get("name")
                if ident:
                    world.made.append((template.replace(
                        "{project}", persona.project_id or world.p1).replace(
                        "{user}", persona.user_id), ident))
    assert not mismatches, "RBAC mismatches:\n" + "\n".join(mismatches)


def test_rbac_matrix_coverage(localcloud) -> None:
    """Which declared routes the table reaches, per service (printed; the table must reach
    at least one route of every service, and every row must name a declared route)."""
    from ostack.localcloud import registry

    mounts = {spec.mount.strip("/"): spec for spec in registry.declared()}
    services = {"identity": "identity", "compute": "compute", "network": "network",
                "image": "image", "block_storage": "volume", "object_store": "object-store"}
    reached: dict[str, set[tuple[str, str]]] = {s: set() for s in services}
    unknown: list[str] = []
    sample = {"p1": "p" * 32, "own": "p" * 32, "self": "u" * 32, "fresh": "f" * 32,
              "server": "s" * 32, "network": "n" * 32, "subnet": "s" * 32, "port": "o" * 32,
              "router": "r" * 32, "sg": "g" * 32, "image": "i" * 32, "volume": "v" * 32,
              "target_user": "t" * 32, "container_name": "c", "agent": "a" * 32,
              "flavor": "1", "member_user": "m" * 32}
    for row in rows():
        spec = mounts[services[row.service]]
        path = row.path.format(**sample)[len(spec.mount.rstrip("/")) + 1:]
        for route in spec.routes():
            match, _ = route.matches({"type": "http", "path": "/" + path.lstrip("/"),
                                      "method": row.method, "root_path": ""})
            if match.name == "FULL":
                reached[row.service].add((row.method, route.path))
                break
        else:
            unknown.append(f"{row.method} {row.path}")
    lines = []
    for service, mount in services.items():
        routes = mounts[mount].routes()
        total = sum(len(set(getattr(r, "methods", None) or ["*"]) - {"HEAD"}) for r in routes)
        lines.append(f"{service}: {len(reached[service])} of {total} declared operations")
    print("\nRBAC matrix coverage:\n  " + "\n  ".join(lines))
    assert not unknown, f"rows that match no declared route: {unknown}"
    assert all(reached.values()), reached


def test_every_persona_is_what_it_claims(world: World) -> None:
    """The fixture's tokens carry the scopes and roles the matrix assumes."""
    for label, persona in world.personas.items():
        reply = world.call("GET", "/identity/v3/auth/tokens", world.admin_token,
                           headers={"X-Subject-Token": persona.token})
        assert reply.status == 200, reply.body
        token = reply.json["token"]
        roles = {r["name"] for r in token["roles"]}
        if label == "sysreader":
            assert token.get("system") == {"all": True} and "admin" not in roles
        else:
            assert token["project"]["id"] == (world.p2 if label == "other" else world.p1)
            top = {"admin": "admin", "member": "member", "reader": "reader",
                   "other": "member"}[label]
            assert top in roles and (label == "admin" or "admin" not in roles)


_: Callable[..., Any] = allow  # the helper is part of the table's vocabulary
