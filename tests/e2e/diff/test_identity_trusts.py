"""`trust create|delete|list|show`, and a trust-scoped token: ostack prints what the official
client prints, on the same local cloud."""

from __future__ import annotations

import pytest
import yaml
from tests.support.differential import Differ

pytestmark = pytest.mark.official

VARYING = {"id"}


def _trust_cloud(differ: Differ, tmp_path, trust_id: str) -> dict[str, str]:
    """A clouds.yaml whose cloud `trust` is the demo user scoped by the trust."""
    clouds = yaml.safe_load(differ.cloud.clouds_yaml.read_text())["clouds"]
    demo = clouds["local-demo"]
    auth = {k: v for k, v in demo["auth"].items() if not k.startswith("project_")}
    path = tmp_path / "clouds.yaml"
    path.write_text(yaml.safe_dump({"clouds": {"trust": {
        **demo, "auth": {**auth, "trust_id": trust_id}}}}))
    return {"OS_CLIENT_CONFIG_FILE": str(path)}


def test_trust_lifecycle_and_trust_scoped_token(differ, tmp_path):
    created = []
    try:
        argv = ["trust", "create", "admin", "demo", "--project", "admin", "--role", "member",
                "--expiration", "2031-01-02T03:04:05", "--impersonate",
                "--trustor-domain", "Default", "--trustee-domain", "Default",
                "--project-domain", "Default"]
        mine, official = differ.pair(argv)
        created = [mine.data["id"], official.data["id"]]
        differ.assert_same(mine, official, ignore=VARYING)
        assert mine.data["expires_at"] == "2031-01-02T03:04:05.000000Z"
        assert [r["name"] for r in mine.data["roles"]] == ["member"]
        mine, official = differ.pair(["trust", "show", created[0]],
                                     ["trust", "show", created[1]], fmt="table")
        assert mine.stdout.replace(*created) == official.stdout
        mine, official = differ.same("trust", "list", "--trustee", "demo", "--trustee-domain",
                                     "Default", key="ID")
        assert set(created) <= {row["ID"] for row in mine.data}
        differ.same("trust", "list", "--auth-user", key="ID")

        # The trustee gets a token scoped by the trust: the trustor's, on its project.
        trusted = Differ(differ.cloud, cloud_name="trust")
        for trust_id in created:
            env = _trust_cloud(differ, tmp_path, trust_id)
            tokens = [trusted.run(client, ["token", "issue"], env=env)
                      for client in ("ostack", "openstack")]
            assert [t.code for t in tokens] == [0, 0], tokens[0].describe()
            ours, theirs = (t.data for t in tokens)
            assert ours["user_id"] == theirs["user_id"] != ""
            assert ours["project_id"] == theirs["project_id"]

        mine, official = differ.pair(["trust", "delete", created[0], "nope"],
                                     ["trust", "delete", created[1], "nope"], fmt=None, code=1)
        assert "1 of 2 trusts failed to delete." in mine.stderr
        assert "1 of 2 trusts failed to delete." in official.stderr
        created = []
    finally:
        for ident in created:
            differ.run("ostack", ["trust", "delete", ident], fmt=None)
