"""Neutron v2.0 listings of the local cloud over raw HTTP: pagination, sorting, fields and
filters, and tags (the `demo` fixture of tests/e2e/conftest.py).
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit


# ------------------------------------------------------------------ listings
def test_pagination_sorting_fields_and_filters(demo):
    tag = f"page-{uuid.uuid4().hex[:8]}"
    made = []
    for index in range(5):
        made.append(demo.ok("POST", "/networks", {"network": {
            "name": f"{tag}-{index}", "admin_state_up": index % 2 == 0,
            "tags": [tag]}})["network"])
    ids = sorted(n["id"] for n in made)
    seen: list[str] = []
    page = demo.ok("GET", f"/networks?tags={tag}&limit=2")
    while True:
        seen += [n["id"] for n in page["networks"]]
        links = {link["rel"]: link["href"] for link in page.get("networks_links", [])}
        assert "previous" in links
        if "next" not in links:
            break
        assert len(page["networks"]) == 2
        parts = urlsplit(links["next"])
        assert parts.path == "/network/v2.0/networks" and "marker=" in parts.query
        page = demo.ok("GET", f"/networks?{parts.query}")
    assert seen == ids
    back = demo.ok("GET", f"/networks?tags={tag}&limit=2&marker={ids[3]}&page_reverse=True")
    assert [n["id"] for n in back["networks"]] == ids[1:3]
    ordered = demo.ok("GET", f"/networks?tags={tag}&sort_key=name&sort_dir=desc")["networks"]
    assert [n["name"] for n in ordered] == [f"{tag}-{i}" for i in (4, 3, 2, 1, 0)]
    two_keys = demo.ok("GET", f"/networks?tags={tag}&sort_key=admin_state_up&sort_dir=asc"
                              f"&sort_key=name&sort_dir=asc")["networks"]
    assert [n["name"][-1] for n in two_keys] == ["1", "3", "0", "2", "4"]
    fields = demo.ok("GET", f"/networks?tags={tag}&fields=id&fields=name", validate=False)
    assert all(set(n) == {"id", "name"} for n in fields["networks"])
    shown = demo.ok("GET", f"/networks/{made[0]['id']}?fields=status", validate=False)
    assert shown == {"network": {"status": "ACTIVE"}}
    down = demo.ok("GET", f"/networks?tags={tag}&admin_state_up=False")["networks"]
    assert sorted(n["name"][-1] for n in down) == ["1", "3"]
    either = demo.ok("GET", f"/networks?name={tag}-1&name={tag}-2")["networks"]
    assert len(either) == 2
    external = demo.ok("GET", "/networks?router:external=True")["networks"]
    assert [n["name"] for n in external] == ["public"]
    assert demo.ok("GET", f"/networks?tags={tag}&limit=10").get("networks_links") == [
        {"rel": "previous", "href": demo.ok("GET", f"/networks?tags={tag}&limit=10")[
            "networks_links"][0]["href"]}]
    demo.error("GET", "/networks?bogus=1", kind="HTTPBadRequest")
    demo.error("GET", "/networks?sort_key=name")
    demo.error("GET", "/networks?sort_key=bogus&sort_dir=asc")
    demo.error("GET", "/networks?sort_key=name&sort_dir=up")
    demo.error("GET", "/networks?limit=-1")
    demo.error("GET", "/networks?limit=x")
    demo.error("GET", "/networks?admin_state_up=maybe")
    demo.error("GET", f"/networks?limit=1&marker={uuid.uuid4()}", status=404,
               kind="NetworkNotFound")
    for item in made:
        demo.ok("DELETE", f"/networks/{item['id']}")


def test_tags(demo):
    net = demo.network()
    path = f"/networks/{net['id']}/tags"
    assert demo.ok("PUT", path, {"tags": ["red", "blue", "red"]}) == {"tags": ["red", "blue"]}
    assert demo.ok("GET", path) == {"tags": ["red", "blue"]}
    reply = demo.call("PUT", f"{path}/green")
    assert reply.status == 201
    assert demo.call("GET", f"{path}/green").status == 204
    message = demo.error("GET", f"{path}/pink", status=404, kind="TagNotFound")
    assert "pink" in message
    assert demo.call("DELETE", f"{path}/green").status == 204
    demo.error("DELETE", f"{path}/green", status=404, kind="TagNotFound")
    demo.error("PUT", path, {"tags": "red"})
    demo.error("PUT", path, {"tags": ["a,b"]})
    demo.error("PUT", path, {"tags": ["x" * 256]})
    demo.error("PUT", path, {"other": []})
    shown = demo.ok("GET", f"/networks/{net['id']}")["network"]
    assert shown["tags"] == ["red", "blue"] and shown["revision_number"] > net["revision_number"]
    second = demo.network(tags=["blue", "green"])
    assert second["tags"] == ["blue", "green"]

    def names(query: str) -> set[str]:
        found = demo.ok("GET", f"/networks?{query}")["networks"]
        return {n["id"] for n in found} & {net["id"], second["id"]}

    assert names("tags=red,blue") == {net["id"]}
    assert names("tags=blue") == {net["id"], second["id"]}
    assert names("tags-any=red,green") == {net["id"], second["id"]}
    assert names("not-tags=blue,green") == {net["id"]}
    assert names("not-tags-any=red") == {second["id"]}
    assert demo.call("DELETE", path).status == 204
    assert demo.ok("GET", path) == {"tags": []}
    # the other taggable collections
    subnet = demo.subnet(net["id"], "10.70.0.0/24")
    port = demo.port(net["id"])
    group = demo.ok("POST", "/security-groups", {"security_group": {"name": "tagged"}})[
        "security_group"]
    router = demo.ok("POST", "/routers", {"router": {"name": "tagged"}})["router"]
    for collection, ident in (("subnets", subnet["id"]), ("ports", port["id"]),
                              ("security-groups", group["id"]), ("routers", router["id"])):
        assert demo.ok("PUT", f"/{collection}/{ident}/tags", {"tags": ["t"]}) == {"tags": ["t"]}
        assert demo.ok("GET", f"/{collection}?tags=t")[collection.replace("-", "_")]
    demo.error("PUT", f"/ports/{uuid.uuid4()}/tags", {"tags": ["t"]}, status=404,
               kind="PortNotFound")
    for path in (f"/ports/{port['id']}", f"/security-groups/{group['id']}",
                 f"/routers/{router['id']}", f"/networks/{net['id']}",
                 f"/networks/{second['id']}"):
        demo.ok("DELETE", path)
