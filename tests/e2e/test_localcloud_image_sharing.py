"""Glance image sharing over raw HTTP, across the admin and demo projects: members (pending,
accepted, rejected, set by the member), who sees what in listings and shows, visibility
(private, shared, community, public), and tags."""

from __future__ import annotations

import uuid

import test_localcloud_image as common
from test_localcloud_image import check, listing, patch, show

tokens, created = common.tokens, common.created  # the fixtures


def _project(cloud, user: str) -> str:
    return cloud.authenticate(user).json["token"]["project"]["id"]


def _ids(cloud, token: str, query: str) -> list[str]:
    return [i["id"] for i in listing(cloud, token, query)["images"]]


def test_members_across_projects(localcloud, tokens, created):
    admin, demo = tokens["admin"], tokens["demo"]
    demo_project = _project(localcloud, "demo")
    tag = uuid.uuid4().hex[:8]
    image = created.make("admin", tags=[tag])  # shared by default, owned by the admin project
    members = f"/image/v2/images/{image['id']}/members"
    # not a member yet: demo cannot see it
    assert localcloud.call("GET", f"/image/v2/images/{image['id']}", token=demo).status == 404
    assert _ids(localcloud, demo, f"tag={tag}&member_status=all") == []
    reply = localcloud.call("POST", members, {"member": demo_project}, token=admin)
    assert reply.status == 200, reply.body
    check("/v2/images/{image_id}/members", "post", reply.json)
    assert (reply.json["member_id"], reply.json["image_id"], reply.json["status"]) == (
        demo_project, image["id"], "pending")
    assert reply.json["schema"] == "/v2/schemas/member"
    assert localcloud.call("POST", members, {"member": demo_project},
                           token=admin).status == 409
    # pending: demo can show it but does not list it by default
    assert show(localcloud, demo, image["id"])["id"] == image["id"]
    assert _ids(localcloud, demo, f"tag={tag}") == []
    assert _ids(localcloud, demo, f"tag={tag}&member_status=pending") == [image["id"]]
    assert _ids(localcloud, demo, f"tag={tag}&member_status=all") == [image["id"]]
    # the member sees its own membership only; it cannot add, remove or speak for others
    listed = localcloud.call("GET", members, token=demo)
    assert listed.status == 200
    check("/v2/images/{image_id}/members", "get", listed.json)
    assert [m["member_id"] for m in listed.json["members"]] == [demo_project]
    assert localcloud.call("POST", members, {"member": "someone"}, token=demo).status == 403
    assert localcloud.call("DELETE", f"{members}/{demo_project}", token=demo).status == 403
    # the member accepts: now listed by default and as shared
    reply = localcloud.call("PUT", f"{members}/{demo_project}", {"status": "accepted"},
                            token=demo)
    assert reply.status == 200 and reply.json["status"] == "accepted"
    check("/v2/images/{image_id}/members/{member_id}", "put", reply.json)
    assert _ids(localcloud, demo, f"tag={tag}") == [image["id"]]
    assert _ids(localcloud, demo, f"tag={tag}&visibility=shared") == [image["id"]]
    assert _ids(localcloud, demo, f"tag={tag}&member_status=pending") == []
    shown = localcloud.call("GET", f"{members}/{demo_project}", token=admin)
    assert shown.status == 200 and shown.json["status"] == "accepted"
    check("/v2/images/{image_id}/members/{member_id}", "get", shown.json)
    # the member rejects: gone from listings, still reachable by id
    localcloud.call("PUT", f"{members}/{demo_project}", {"status": "rejected"}, token=demo)
    assert _ids(localcloud, demo, f"tag={tag}") == []
    assert _ids(localcloud, demo, f"tag={tag}&member_status=rejected") == [image["id"]]
    assert show(localcloud, demo, image["id"])["id"] == image["id"]
    # bad member bodies
    for body in ({"status": "maybe"}, {}, {"state": "accepted"}):
        assert localcloud.call("PUT", f"{members}/{demo_project}", body,
                               token=demo).status == 400, body
    for body in ({}, {"member": 5}, {"member": ""}):
        assert localcloud.call("POST", members, body, token=admin).status == 400, body
    assert localcloud.call("GET", f"{members}/nobody", token=admin).status == 404
    # while private the membership is dormant; shared again, it is back
    patch(localcloud, admin, image["id"], [{"op": "replace", "path": "/visibility",
                                           "value": "private"}])
    assert localcloud.call("GET", f"/image/v2/images/{image['id']}", token=demo).status == 404
    reply = localcloud.call("GET", members, token=admin)
    assert reply.status == 403 and reply.json["message"] == "Only shared images have members."
    patch(localcloud, admin, image["id"], [{"op": "replace", "path": "/visibility",
                                           "value": "shared"}])
    assert show(localcloud, demo, image["id"])["id"] == image["id"]
    # the owner ends the sharing
    assert localcloud.call("DELETE", f"{members}/{demo_project}", token=admin).status == 204
    assert localcloud.call("GET", f"/image/v2/images/{image['id']}", token=demo).status == 404
    assert localcloud.call("GET", members, token=admin).json["members"] == []


def test_members_of_a_demo_image(localcloud, tokens, created):
    admin, demo = tokens["admin"], tokens["demo"]
    admin_project = _project(localcloud, "admin")
    image = created.make("demo")
    members = f"/image/v2/images/{image['id']}/members"
    reply = localcloud.call("POST", members, {"member": admin_project}, token=demo)
    assert reply.status == 200
    # the owner cannot answer for its member
    reply = localcloud.call("PUT", f"{members}/{admin_project}", {"status": "accepted"},
                            token=demo)
    assert reply.status == 403
    private = created.make("demo", visibility="private")
    reply = localcloud.call("POST", f"/image/v2/images/{private['id']}/members",
                            {"member": admin_project}, token=demo)
    assert reply.status == 403 and "Only shared images have members." in reply.json["message"]
    assert localcloud.call("GET", f"/image/v2/images/{uuid.uuid4()}/members",
                           token=admin).status == 404


def test_visibility(localcloud, tokens, created):
    admin, demo = tokens["admin"], tokens["demo"]
    tag = uuid.uuid4().hex[:8]
    private = created.make("admin", tags=[tag], visibility="private")
    community = created.make("admin", tags=[tag], visibility="community")
    public = created.make("admin", tags=[tag], visibility="public")
    own = created.make("demo", tags=[tag], visibility="private")
    own_community = created.make("demo", tags=[tag], visibility="community")
    # demo: public and own by default; community only when asked for, or its own
    assert sorted(_ids(localcloud, demo, f"tag={tag}")) == sorted(
        [public["id"], own["id"], own_community["id"]])
    assert sorted(_ids(localcloud, demo, f"tag={tag}&visibility=community")) == sorted(
        [community["id"], own_community["id"]])
    assert sorted(_ids(localcloud, demo, f"tag={tag}&visibility=all")) == sorted(
        [public["id"], own["id"], own_community["id"], community["id"]])
    assert _ids(localcloud, demo, f"tag={tag}&visibility=private") == [own["id"]]
    assert localcloud.call("GET", f"/image/v2/images/{private['id']}", token=demo).status == 404
    assert show(localcloud, demo, community["id"])["visibility"] == "community"
    # the admin sees every project's images (others' community ones when asked)
    assert sorted(_ids(localcloud, admin, f"tag={tag}")) == sorted(
        [private["id"], community["id"], public["id"], own["id"]])
    assert len(_ids(localcloud, admin, f"tag={tag}&visibility=all")) == 5
    # publicizing is an admin's right; making one's image community is not
    ops = [{"op": "replace", "path": "/visibility", "value": "public"}]
    assert patch(localcloud, demo, own["id"], ops).status == 403
    assert patch(localcloud, admin, own["id"], ops).json["visibility"] == "public"
    reply = patch(localcloud, demo, own["id"], [{"op": "replace", "path": "/visibility",
                                                "value": "community"}])
    assert reply.status == 200 and reply.json["visibility"] == "community"
    # owner filter
    demo_project = _project(localcloud, "demo")
    assert sorted(_ids(localcloud, admin, f"tag={tag}&owner={demo_project}"
                                         "&visibility=all")) == sorted(
        [own["id"], own_community["id"]])


def test_tags(localcloud, tokens, created):
    demo = tokens["demo"]
    image = created.make(tags=["one"])
    url = f"/image/v2/images/{image['id']}/tags"
    assert localcloud.call("PUT", f"{url}/two", token=demo).status == 204
    assert localcloud.call("PUT", f"{url}/two", token=demo).status == 204  # idempotent
    assert sorted(show(localcloud, demo, image["id"])["tags"]) == ["one", "two"]
    assert localcloud.call("DELETE", f"{url}/one", token=demo).status == 204
    assert show(localcloud, demo, image["id"])["tags"] == ["two"]
    assert localcloud.call("DELETE", f"{url}/one", token=demo).status == 404
    assert localcloud.call("PUT", f"{url}/{'t' * 256}", token=demo).status == 400
    assert localcloud.call("PUT", f"/image/v2/images/{common.CIRROS_ID}/tags/mine",
                           token=demo).status == 403
    assert localcloud.call("PUT", f"/image/v2/images/{uuid.uuid4()}/tags/x",
                           token=demo).status == 404
    for n in range(127):
        localcloud.call("PUT", f"{url}/t{n}", token=demo)
    reply = localcloud.call("PUT", f"{url}/overflow", token=demo)
    assert reply.status == 413 and "Maximum: 128" in reply.json["message"]
