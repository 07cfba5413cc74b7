"""`credential *` and `ec2 credentials *`: ostack prints what the official client prints, on
the same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


def test_credential_lifecycle(differ):
    tag = uuid.uuid4().hex[:8]
    made: dict[str, str] = {}
    try:
        mine, official = differ.pair(
            ["credential", "create", "admin", f"ost-{tag}", "--project", "admin"],
            ["credential", "create", "admin", f"osc-{tag}", "--project", "admin"])
        differ.assert_same(mine, official, ignore={"id", "blob"})
        made = {"ostack": mine.data["id"], "openstack": official.data["id"]}
        differ.pair(["credential", "set", made["ostack"], "--user", "admin", "--type", "totp",
                     "--data", f"new-{tag}"],
                    ["credential", "set", made["openstack"], "--user", "admin", "--type",
                     "totp", "--data", f"new-{tag}"], fmt=None)
        mine, official = differ.pair(["credential", "show", made["ostack"]],
                                     ["credential", "show", made["openstack"]])
        differ.assert_same(mine, official, ignore={"id"})
        assert mine.data["blob"] == f"new-{tag}" and mine.data["type"] == "totp"
        mine, official = differ.pair(["credential", "list", "--user", "admin",
                                      "--type", "totp"])
        picked = [[r for r in out.data if r["ID"] in made.values()] for out in (mine, official)]
        assert picked[0] == picked[1] and len(picked[0]) == 2
        # A credential that does not exist is not an error (openstacksdk ignores it).
        mine, official = differ.pair(["credential", "delete", made["ostack"], "nope"],
                                     ["credential", "delete", made["openstack"], "nope"],
                                     fmt=None)
        differ.same("credential", "show", made["ostack"], code=1)
    finally:
        for client, ident in made.items():
            differ.run(client, ["credential", "delete", ident], fmt=None)


def test_ec2_credentials_lifecycle(differ):
    made: dict[str, str] = {}
    try:
        mine, official = differ.pair(["ec2", "credentials", "create", "--project", "demo",
                                      "--user", "admin", "--user-domain", "default"])
        differ.assert_same(mine, official, ignore={"access", "secret", "links"})
        assert mine.data["project_id"] == official.data["project_id"] != ""
        made = {"ostack": mine.data["access"], "openstack": official.data["access"]}
        mine, official = differ.pair(["ec2", "credentials", "show", made["ostack"]],
                                     ["ec2", "credentials", "show", made["openstack"]])
        differ.assert_same(mine, official, ignore={"access", "secret", "links"})
        mine, official = differ.pair(["ec2", "credentials", "list", "--user", "admin"])
        picked = [[r for r in out.data if r["Access"] in made.values()]
                  for out in (mine, official)]
        assert picked[0] == picked[1] and len(picked[0]) == 2
        mine, official = differ.pair(["ec2", "credentials", "delete", made["ostack"], "nope"],
                                     ["ec2", "credentials", "delete", made["openstack"],
                                      "nope"], fmt=None, code=1)
        for out in (mine, official):
            assert "1 of 2 EC2 keys failed to delete." in out.stderr
        differ.same("ec2", "credentials", "show", made["ostack"], code=1)
    finally:
        for client, access in made.items():
            differ.run(client, ["ec2", "credentials", "delete", access], fmt=None)
