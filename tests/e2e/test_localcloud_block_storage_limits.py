"""Block storage limits of another project (`GET /limits?project_id=`, microversion 3.39),
over raw HTTP."""

from __future__ import annotations


def _project(cloud, token, name):
    return cloud.call("GET", f"/identity/v3/projects?name={name}",
                      token=token).json["projects"][0]["id"]


def test_an_admin_reads_another_projects_limits_from_3_39(localcloud):
    admin = localcloud.token()
    own, demo = _project(localcloud, admin, "admin"), _project(localcloud, admin, "demo")
    quota = f"/volume/v3/{own}/os-quota-sets/{demo}"
    assert localcloud.call("PUT", quota, {"quota_set": {"volumes": 7}}, token=admin).status \
        == 200
    try:
        path = f"/volume/v3/{own}/limits?project_id={demo}"
        newer = {"OpenStack-API-Version": "volume 3.39"}
        other = localcloud.call("GET", path, token=admin, headers=newer)
        assert other.status == 200, other.body
        assert other.json["limits"]["absolute"]["maxTotalVolumes"] == 7
        # Before 3.39 the parameter means nothing: the caller's own limits.
        older = localcloud.call("GET", path, token=admin,
                                headers={"OpenStack-API-Version": "volume 3.38"})
        assert older.json["limits"]["absolute"]["maxTotalVolumes"] != 7
        # A member may not read another project's.
        member = localcloud.token("demo")
        refused = localcloud.call("GET", f"/volume/v3/{demo}/limits?project_id={own}",
                                  token=member, headers=newer)
        assert refused.status == 403
    finally:
        localcloud.call("DELETE", quota, token=admin)
