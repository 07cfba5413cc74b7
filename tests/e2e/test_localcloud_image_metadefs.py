"""Glance's metadata definitions over raw HTTP: namespaces (with their contents, visibility,
protection, renames, paging), objects, property definitions, tags, resource types and their
associations, the metadef JSON schemas, and Glance's errors (404 for what the caller may not
see, 409 duplicates, 400 bodies off the schema, 403 for everything but reading unless admin).
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

import pytest
from test_localcloud_image import SHARED, check, sample

BASE = "/image/v2/metadefs/namespaces"
SEEDED_TYPES = ["OS::Glance::Image", "OS::Cinder::Volume", "OS::Nova::Flavor",
                "OS::Nova::Aggregate", "OS::Nova::Server"]


@pytest.fixture
def tokens(localcloud) -> dict[str, str]:
    return {"admin": localcloud.token(), "demo": localcloud.token("demo")}


@pytest.fixture
def namespaces(localcloud, tokens):
    """Namespaces made through `namespaces.make(**body)` (admin), deleted at the end."""

    class Made:
        names: list[str] = []

        def make(self, **body: Any) -> dict[str, Any]:
            body.setdefault("namespace", f"OS::Test::{uuid.uuid4().hex[:8]}")
            reply = localcloud.call("POST", BASE, body, token=tokens["admin"])
            assert reply.status == 201, reply.body
            check("/v2/metadefs/namespaces", "post", reply.json)
            self.names.append(reply.json["namespace"])
            return reply.json

    made = Made()
    made.names = []
    yield made
    for name in made.names:
        localcloud.call("PUT", f"{BASE}/{name}", {"namespace": name, "protected": False},
                        token=tokens["admin"])
        localcloud.call("DELETE", f"{BASE}/{name}", token=tokens["admin"])


def _error(reply, status: int, text: str) -> None:
    assert reply.status == status, (reply.status, reply.body)
    assert text in reply.json["message"], reply.json


# ------------------------------------------------------------------ namespaces
def test_namespace_create_show_list(localcloud, tokens, namespaces):
    admin = tokens["admin"]
    made = namespaces.make(display_name="Hypervisor Selection", description="Pick one.",
                           visibility="public", protected=True,
                           resource_type_associations=[{"name": "OS::Glance::Image",
                                                        "prefix": "hw_"}],
                           properties={"vm_mode": {"title": "VM Mode", "type": "string",
                                                   "enum": ["hvm", "xen"]}},
                           objects=[{"name": "Limits", "properties": {
                               "cpu": {"title": "CPU", "type": "integer", "minimum": 1}}}],
                           tags=[{"name": "alpha"}, {"name": "beta"}])
    name = made["namespace"]
    assert made["self"] == f"/v2/metadefs/namespaces/{name}"
    assert made["schema"] == "/v2/schemas/metadefs/namespace"
    assert (made["visibility"], made["protected"]) == ("public", True)
    assert made["properties"]["vm_mode"]["enum"] == ["hvm", "xen"]
    assert made["tags"] == [{"name": "alpha"}, {"name": "beta"}]
    admin_project = localcloud.call("GET", "/identity/v3/auth/tokens", token=admin,
                                    headers={"X-Subject-Token": admin}).json["token"]["project"]
    assert made["owner"] == admin_project["id"]
    shown = localcloud.call("GET", f"{BASE}/{name}", token=admin)
    assert shown.status == 200
    check("/v2/metadefs/namespaces/{namespace_name}", "get", shown.json)
    body = shown.json
    assert [o["name"] for o in body["objects"]] == ["Limits"]
    assert body["objects"][0]["self"] == f"/v2/metadefs/namespaces/{name}/objects/Limits"
    assert sorted(t["name"] for t in body["tags"]) == ["alpha", "beta"]
    assert body["resource_type_associations"][0]["name"] == "OS::Glance::Image"
    assert set(body["properties"]) == {"vm_mode"}
    # the resource type's prefix applied to property names on request
    prefixed = localcloud.call("GET", f"{BASE}/{name}?resource_type=OS::Glance::Image",
                               token=admin).json
    assert set(prefixed["properties"]) == {"hw_vm_mode"}
    assert set(prefixed["objects"][0]["properties"]) == {"hw_cpu"}
    # listed (without the contents), filtered by resource type and visibility
    listed = localcloud.call("GET", f"{BASE}?resource_types=OS::Glance::Image", token=admin)
    assert listed.status == 200
    check("/v2/metadefs/namespaces", "get", listed.json)
    entry = next(n for n in listed.json["namespaces"] if n["namespace"] == name)
    assert "properties" not in entry and "objects" not in entry
    assert entry["resource_type_associations"][0]["prefix"] == "hw_"
    assert listed.json["schema"] == "/v2/schemas/metadefs/namespaces"
    assert listed.json["first"] == ("/v2/metadefs/namespaces?resource_types="
                                    "OS%3A%3AGlance%3A%3AImage")
    other = localcloud.call("GET", f"{BASE}?resource_types=OS::Nova::Server", token=admin)
    assert name not in [n["namespace"] for n in other.json["namespaces"]]
    private = localcloud.call("GET", f"{BASE}?visibility=private", token=admin).json
    assert name not in [n["namespace"] for n in private["namespaces"]]


def test_namespace_visibility_and_policy(localcloud, tokens, namespaces):
    admin, demo = tokens["admin"], tokens["demo"]
    public = namespaces.make(visibility="public")["namespace"]
    private = namespaces.make()["namespace"]  # private is the default
    seen = [n["namespace"] for n in localcloud.call("GET", f"{BASE}?limit=1000",
                                                    token=demo).json["namespaces"]]
    assert public in seen and private not in seen
    assert localcloud.call("GET", f"{BASE}/{public}", token=demo).status == 200
    hidden = localcloud.call("GET", f"{BASE}/{private}", token=demo)
    assert hidden.status == 404
    _error(localcloud.call("GET", f"{BASE}/OS::No::Such", token=demo), 404,
           "Metadata definition namespace=OS::No::Such was not found.")
    # only administrators change metadata definitions
    _error(localcloud.call("POST", BASE, {"namespace": "OS::Demo::Try"}, token=demo), 403,
           "add_metadef_namespace")
    _error(localcloud.call("PUT", f"{BASE}/{public}", {"namespace": public}, token=demo), 403,
           "modify_metadef_namespace")
    _error(localcloud.call("DELETE", f"{BASE}/{public}", token=demo), 403,
           "delete_metadef_namespace")
    _error(localcloud.call("POST", f"{BASE}/{public}/objects", {"name": "o"}, token=demo),
           403, "add_metadef_object")
    _error(localcloud.call("POST", f"{BASE}/{public}/properties",
                           {"name": "p", "title": "P", "type": "string"}, token=demo),
           403, "add_metadef_property")
    _error(localcloud.call("POST", f"{BASE}/{public}/tags/t", token=demo), 403,
           "add_metadef_tag")
    _error(localcloud.call("POST", f"{BASE}/{public}/resource_types",
                           {"name": "OS::Nova::Flavor"}, token=demo), 403,
           "add_metadef_resource_type_association")
    # what the caller may not see is not found, whatever the verb
    _error(localcloud.call("DELETE", f"{BASE}/{private}", token=demo), 404,
           f"Namespace {private} not found")
    _error(localcloud.call("GET", f"{BASE}/{private}/properties", token=demo), 404,
           f"Namespace {private} not found")
    assert localcloud.call("GET", BASE).status == 401
    assert localcloud.call("GET", f"{BASE}/{private}", token=admin).status == 200


def test_namespace_errors(localcloud, tokens, namespaces):
    admin = tokens["admin"]
    name = namespaces.make()["namespace"]
    _error(localcloud.call("POST", BASE, {"namespace": name}, token=admin), 409,
           f"The metadata definition namespace={name} already exists.")
    _error(localcloud.call("POST", BASE, {"display_name": "x"}, token=admin), 400,
           "'namespace' is a required property")
    _error(localcloud.call("POST", BASE, {"namespace": "x" * 81}, token=admin), 400,
           "is too long")
    _error(localcloud.call("POST", BASE, {"namespace": "OS::X", "visibility": "shared"},
                           token=admin), 400, "'shared' is not one of ['public', 'private']")
    _error(localcloud.call("POST", BASE, {"namespace": "OS::X", "bogus": 1}, token=admin), 400,
           "Additional properties are not allowed ('bogus' was unexpected)")
    _error(localcloud.call("POST", BASE, {"namespace": "OS::X", "properties": {
        "p": {"type": "string"}}}, token=admin), 400, "'title' is a required property")
    _error(localcloud.call("POST", BASE, {"namespace": "OS::X", "self": "/x"}, token=admin),
           403, "Attribute 'self' is read-only.")
    _error(localcloud.call("POST", BASE, raw=b"{nope", token=admin), 400, "Malformed JSON")
    _error(localcloud.call("GET", f"{BASE}?visibility=shared", token=admin), 400,
           "Invalid visibility value: shared")
    _error(localcloud.call("GET", f"{BASE}?sort_dir=sideways", token=admin), 400,
           "Invalid sort direction: sideways")
    _error(localcloud.call("GET", f"{BASE}?limit=lots", token=admin), 400,
           "limit param must be an integer")
    _error(localcloud.call("GET", f"{BASE}?marker=OS::No::Such", token=admin), 404,
           "was not found")
    assert localcloud.call("GET", "/image/v2/metadefs/namespaces", token=admin,
                           headers={"Accept": "text/plain"}).status == 200


def test_namespace_update_rename_protect_delete(localcloud, tokens, namespaces):
    admin = tokens["admin"]
    name = namespaces.make(display_name="Old", visibility="public")["namespace"]
    namespaces.make(namespace=name + "-taken")
    reply = localcloud.call("POST", f"{BASE}/{name}/objects", {"name": "kept"}, token=admin)
    assert reply.status == 201
    renamed = name + "-new"
    reply = localcloud.call("PUT", f"{BASE}/{name}", {"namespace": renamed,
                                                      "description": "New", "protected": True},
                            token=admin)
    assert reply.status == 200, reply.body
    check("/v2/metadefs/namespaces/{namespace_name}", "put", reply.json)
    namespaces.names.append(renamed)
    body = reply.json
    # Glance's PUT replaces: what the body leaves out falls back to the defaults
    assert (body["namespace"], body["description"], body["protected"]) == (renamed, "New",
                                                                            True)
    assert body["visibility"] == "private" and "display_name" not in body
    assert localcloud.call("GET", f"{BASE}/{name}", token=admin).status == 404
    objects = localcloud.call("GET", f"{BASE}/{renamed}/objects", token=admin).json
    assert [o["name"] for o in objects["objects"]] == ["kept"]
    _error(localcloud.call("PUT", f"{BASE}/{renamed}", {"namespace": name + "-taken"},
                           token=admin), 409, "Invalid update. It would result in a duplicate")
    _error(localcloud.call("PUT", f"{BASE}/OS::No::Such", {"namespace": "OS::No::Such"},
                           token=admin), 404, "Namespace OS::No::Such not found")
    # protected: neither it nor its contents go
    _error(localcloud.call("DELETE", f"{BASE}/{renamed}", token=admin), 403,
           f"Metadata definition namespace {renamed} is protected and cannot be deleted.")
    _error(localcloud.call("DELETE", f"{BASE}/{renamed}/objects/kept", token=admin), 403,
           "Metadata definition object kept is protected")
    _error(localcloud.call("DELETE", f"{BASE}/{renamed}/objects", token=admin), 403,
           "is protected")
    reply = localcloud.call("PUT", f"{BASE}/{renamed}", {"namespace": renamed}, token=admin)
    assert reply.json["protected"] is False
    assert localcloud.call("DELETE", f"{BASE}/{renamed}", token=admin).status == 204
    assert localcloud.call("GET", f"{BASE}/{renamed}", token=admin).status == 404
    assert localcloud.call("GET", f"{BASE}/{renamed}/objects", token=admin).status == 404


def test_namespace_paging(localcloud, tokens, namespaces):
    admin = tokens["admin"]
    made = [namespaces.make()["namespace"] for _ in range(3)]
    first = localcloud.call("GET", f"{BASE}?limit=2&sort_key=namespace&sort_dir=asc",
                            token=admin).json
    assert len(first["namespaces"]) == 2 and "next" in first
    assert "marker=" in first["next"] and "limit=2" in first["next"]
    seen, page = [], first
    while True:
        seen += [n["namespace"] for n in page["namespaces"]]
        if "next" not in page:
            break
        page = localcloud.call("GET", "/image" + page["next"], token=admin).json
    assert seen == sorted(seen) and set(made) <= set(seen)


# ------------------------------------------------------------------ objects
def test_objects(localcloud, tokens, namespaces):
    admin, demo = tokens["admin"], tokens["demo"]
    name = namespaces.make(visibility="public")["namespace"]
    objects = f"{BASE}/{name}/objects"
    body = {"name": "CPU Limits", "description": "Limits.", "required": ["cpu_period"],
            "properties": {"cpu_period": {"title": "Period", "type": "integer",
                                          "minimum": 1000, "maximum": 1000000}}}
    reply = localcloud.call("POST", objects, body, token=admin)
    assert reply.status == 201, reply.body
    check("/v2/metadefs/namespaces/{namespace_name}/objects", "post", reply.json)
    assert reply.json["self"] == f"/v2/metadefs/namespaces/{name}/objects/CPU Limits"
    assert reply.json["properties"]["cpu_period"]["maximum"] == 1000000
    _error(localcloud.call("POST", objects, body, token=admin), 409,
           f"A metadata definition object with name=CPU Limits already exists in "
           f"namespace={name}.")
    _error(localcloud.call("POST", objects, {"description": "x"}, token=admin), 400,
           "'name' is a required property")
    _error(localcloud.call("POST", objects, {"name": "bad", "properties": {
        "p": {"title": "P", "type": "colour"}}}, token=admin), 400, "is not one of")
    one = f"{objects}/{quote('CPU Limits')}"
    shown = localcloud.call("GET", one, token=demo)  # a public namespace: readers read
    assert shown.status == 200 and shown.json["required"] == ["cpu_period"]
    check("/v2/metadefs/namespaces/{namespace_name}/objects/{object_name}", "get", shown.json)
    listed = localcloud.call("GET", objects, token=demo)
    assert listed.status == 200
    assert [o["name"] for o in listed.json["objects"]] == ["CPU Limits"]
    _error(localcloud.call("GET", f"{objects}/nope", token=admin), 404,
           f"The metadata definition object with name=nope was not found in namespace={name}.")
    reply = localcloud.call("PUT", one, {"name": "CPU Caps", "description": "Caps."},
                            token=admin)
    assert reply.status == 200 and reply.json["name"] == "CPU Caps"
    assert "properties" not in reply.json  # a PUT replaces the whole object
    _error(localcloud.call("PUT", one, {"name": "x"}, token=admin), 404, "was not found")
    _error(localcloud.call("DELETE", f"{objects}/{quote('CPU Caps')}", token=demo), 403,
           "delete_metadef_object")
    assert localcloud.call("DELETE", f"{objects}/{quote('CPU Caps')}",
                           token=admin).status == 204
    assert localcloud.call("GET", objects, token=admin).json["objects"] == []
    for n in ("a", "b"):
        assert localcloud.call("POST", objects, {"name": n}, token=admin).status == 201
    assert localcloud.call("DELETE", objects, token=admin).status == 204
    assert localcloud.call("GET", objects, token=admin).json["objects"] == []
    _error(localcloud.call("GET", f"{BASE}/OS::No::Such/objects", token=admin), 404,
           "Metadata definition namespace=OS::No::Such was not found.")


# ------------------------------------------------------------------ property definitions
def test_properties(localcloud, tokens, namespaces):
    admin, demo = tokens["admin"], tokens["demo"]
    name = namespaces.make(visibility="public", resource_type_associations=[
        {"name": "OS::Nova::Flavor", "prefix": "hw:"}])["namespace"]
    properties = f"{BASE}/{name}/properties"
    body = {"name": "cpu_policy", "title": "CPU Policy", "type": "string",
            "enum": ["shared", "dedicated"], "default": "shared"}
    reply = localcloud.call("POST", properties, body, token=admin)
    assert reply.status == 201, reply.body
    check("/v2/metadefs/namespaces/{namespace_name}/properties", "post", reply.json)
    assert reply.json == body
    _error(localcloud.call("POST", properties, body, token=admin), 409,
           f"A metadata definition property with name=cpu_policy already exists in "
           f"namespace={name}.")
    _error(localcloud.call("POST", properties, {"name": "x", "type": "string"}, token=admin),
           400, "'title' is a required property")
    _error(localcloud.call("POST", properties, {"name": "x", "title": "X", "type": "string",
                                                "colour": "red"}, token=admin), 400,
           "Additional properties are not allowed ('colour' was unexpected)")
    _error(localcloud.call("POST", properties, {"name": "x", "title": "X", "type": "integer",
                                                "minimum": "low"}, token=admin), 400,
           "'low' is not of type 'number'")
    listed = localcloud.call("GET", properties, token=demo)
    assert listed.status == 200
    check("/v2/metadefs/namespaces/{namespace_name}/properties", "get", listed.json)
    assert listed.json["properties"]["cpu_policy"]["title"] == "CPU Policy"
    one = f"{properties}/cpu_policy"
    shown = localcloud.call("GET", one, token=demo)
    assert shown.status == 200 and shown.json["name"] == "cpu_policy"
    prefixed = localcloud.call("GET", f"{properties}/hw:cpu_policy?resource_type="
                                      "OS::Nova::Flavor", token=demo)
    assert prefixed.status == 200 and prefixed.json["name"] == "cpu_policy"
    _error(localcloud.call("GET", f"{properties}/cpu_policy?resource_type=OS::Nova::Flavor",
                           token=demo), 404, "does not start with the expected resource type")
    _error(localcloud.call("GET", f"{properties}/nope", token=demo), 404,
           f"The metadata definition property with name=nope was not found in "
           f"namespace={name}.")
    reply = localcloud.call("PUT", one, {"name": "cpu_mode", "title": "CPU Mode",
                                         "type": "string"}, token=admin)
    assert reply.status == 200 and reply.json["name"] == "cpu_mode"
    assert localcloud.call("GET", one, token=admin).status == 404
    _error(localcloud.call("PUT", f"{properties}/cpu_mode", {"title": "T", "type": "string"},
                           token=admin), 400, "'name' is a required property")
    _error(localcloud.call("DELETE", f"{properties}/cpu_mode", token=demo), 403,
           "remove_metadef_property")
    assert localcloud.call("DELETE", f"{properties}/cpu_mode", token=admin).status == 204
    assert localcloud.call("GET", properties, token=admin).json == {"properties": {}}
    for n in ("a", "b"):
        assert localcloud.call("POST", properties, {"name": n, "title": n, "type": "string"},
                               token=admin).status == 201
    assert localcloud.call("DELETE", properties, token=admin).status == 204
    assert localcloud.call("GET", properties, token=admin).json == {"properties": {}}


# ------------------------------------------------------------------ tags
def test_tags(localcloud, tokens, namespaces):
    admin, demo = tokens["admin"], tokens["demo"]
    name = namespaces.make(visibility="public")["namespace"]
    tags = f"{BASE}/{name}/tags"
    reply = localcloud.call("POST", f"{tags}/Red", token=admin)
    assert reply.status == 201, reply.body
    check("/v2/metadefs/namespaces/{namespace_name}/tags/{tag_name}", "post", reply.json)
    assert reply.json["name"] == "Red" and "created_at" in reply.json
    _error(localcloud.call("POST", f"{tags}/red", token=admin), 409,
           "metadata tag names are case insensitive")
    _error(localcloud.call("POST", f"{tags}/{'t' * 81}", token=admin), 400, "is too long")
    reply = localcloud.call("POST", tags, {"tags": [{"name": "a"}, {"name": "b"}]},
                            token=admin)
    assert reply.status == 201 and reply.json == {"tags": [{"name": "a"}, {"name": "b"}]}
    listed = localcloud.call("GET", f"{tags}?sort_key=name&sort_dir=asc", token=demo)
    assert listed.status == 200
    assert listed.json == {"tags": [{"name": "a"}, {"name": "b"}]}  # replaced
    reply = localcloud.call("POST", tags, {"tags": [{"name": "c"}]}, token=admin,
                            headers={"X-Openstack-Append": "True"})
    assert reply.status == 201
    names = [t["name"] for t in localcloud.call("GET", f"{tags}?sort_key=name&sort_dir=asc",
                                                token=admin).json["tags"]]
    assert names == ["a", "b", "c"]
    _error(localcloud.call("POST", tags, {"tags": [{"name": "x"}, {"name": "X"}]},
                           token=admin), 409, "already exists")
    _error(localcloud.call("POST", tags, {"tags": [{"title": "x"}]}, token=admin), 400,
           "'name' is a required property")
    shown = localcloud.call("GET", f"{tags}/a", token=demo)
    assert shown.status == 200 and shown.json["name"] == "a"
    reply = localcloud.call("PUT", f"{tags}/a", {"name": "z"}, token=admin)
    assert reply.status == 200 and reply.json["name"] == "z"
    _error(localcloud.call("PUT", f"{tags}/z", {"name": "b"}, token=admin), 409,
           "already exists")
    _error(localcloud.call("GET", f"{tags}/a", token=admin), 404,
           f"The metadata definition tag with name=a was not found in namespace={name}.")
    _error(localcloud.call("DELETE", f"{tags}/z", token=demo), 403, "delete_metadef_tag")
    assert localcloud.call("DELETE", f"{tags}/z", token=admin).status == 204
    assert localcloud.call("DELETE", tags, token=admin).status == 204
    assert localcloud.call("GET", tags, token=admin).json == {"tags": []}


# ------------------------------------------------------------------ resource types
def test_resource_types_and_associations(localcloud, tokens, namespaces):
    admin, demo = tokens["admin"], tokens["demo"]
    reply = localcloud.call("GET", "/image/v2/metadefs/resource_types", token=demo)
    assert reply.status == 200
    check("/v2/metadefs/resource_types", "get", reply.json)
    names = [r["name"] for r in reply.json["resource_types"]]
    assert names[:5] == SEEDED_TYPES
    name = namespaces.make(visibility="public")["namespace"]
    associations = f"{BASE}/{name}/resource_types"
    reply = localcloud.call("POST", associations, {"name": "OS::Cinder::Volume",
                                                   "prefix": "hw_",
                                                   "properties_target": "image"},
                            token=admin)
    assert reply.status == 201, reply.body
    check("/v2/metadefs/namespaces/{namespace_name}/resource_types", "post", reply.json)
    assert (reply.json["name"], reply.json["prefix"], reply.json["properties_target"]) == (
        "OS::Cinder::Volume", "hw_", "image")
    _error(localcloud.call("POST", associations, {"name": "OS::Cinder::Volume"}, token=admin),
           409, "The metadata definition resource-type association of resource-type="
                f"OS::Cinder::Volume to namespace={name} already exists.")
    _error(localcloud.call("POST", associations, {"prefix": "x"}, token=admin), 400,
           "'name' is a required property")
    # an unknown resource type comes into being with its first association
    new_type = f"OS::Test::{uuid.uuid4().hex[:6]}"
    assert localcloud.call("POST", associations, {"name": new_type},
                           token=admin).status == 201
    known = localcloud.call("GET", "/image/v2/metadefs/resource_types", token=admin).json
    assert new_type in [r["name"] for r in known["resource_types"]]
    listed = localcloud.call("GET", associations, token=demo)
    assert listed.status == 200
    check("/v2/metadefs/namespaces/{namespace_name}/resource_types", "get", listed.json)
    assert [a["name"] for a in listed.json["resource_type_associations"]] == [
        "OS::Cinder::Volume", new_type]
    _error(localcloud.call("DELETE", f"{associations}/{new_type}", token=demo), 403,
           "remove_metadef_resource_type_association")
    assert localcloud.call("DELETE", f"{associations}/{new_type}", token=admin).status == 204
    _error(localcloud.call("DELETE", f"{associations}/{new_type}", token=admin), 404,
           f"Failed to find resource type {new_type} to delete")
    localcloud.call("PUT", f"{BASE}/{name}", {"namespace": name, "protected": True},
                    token=admin)
    _error(localcloud.call("DELETE", f"{associations}/OS::Cinder::Volume", token=admin), 403,
           "Metadata definition resource-type-association OS::Cinder::Volume is protected")


# ------------------------------------------------------------------ schemas
def _shape(node: Any) -> Any:
    """A schema document without its prose and length limits (the samples predate the
    80-character limits of today's Glance)."""
    if isinstance(node, dict):
        return {k: _shape(v) for k, v in node.items() if k not in ("description", "maxLength")}
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return node


@pytest.mark.parametrize("name,title,sample_file", [
    ("namespace", "namespace", "schemas-metadef-namespace-show-response.json"),
    ("namespaces", "namespaces", "schemas-metadef-namespaces-list-response.json"),
    ("resource_type", "resource_type_association",
     "schemas-metadef-resource-type-association-show-response.json"),
    ("resource_types", "resource_type_associations",
     "schemas-metadef-resource-type-associations-list-response.json"),
    ("property", "property", "schemas-metadef-property-show-response.json"),
    ("properties", "properties", "schemas-metadef-properties-list-response.json"),
    ("object", "object", "schemas-metadef-object-show-response.json"),
    ("objects", "objects", "schemas-metadef-objects-list-response.json"),
    ("tag", "tag", "schemas-metadef-tag-show-response.json"),
    ("tags", "tags", "schemas-metadef-tags-list-response.json")])
def test_schemas(localcloud, tokens, name, title, sample_file):
    reply = localcloud.call("GET", f"/image/v2/schemas/metadefs/{name}", token=tokens["demo"])
    assert reply.status == 200
    assert reply.json["name"] == title
    if name == "namespace":
        assert reply.json["required"] == ["namespace"]
        assert reply.json["additionalProperties"] is False
        assert reply.json["properties"]["visibility"]["enum"] == ["public", "private"]
        assert reply.json["properties"]["namespace"]["maxLength"] == 80
    if name == "property":
        assert sorted(reply.json["required"]) == ["name", "title", "type"]
    if (SHARED / "api-samples").is_dir():
        assert _shape(reply.json) == _shape(sample(sample_file))
    else:
        print(f"not compared with the samples: no reference material at {SHARED.resolve()}")
    assert localcloud.call("GET", f"/image/v2/schemas/metadefs/{name}").status == 401
    assert localcloud.call("GET", "/image/v2/schemas/metadefs/nope",
                           token=tokens["demo"]).status == 404
