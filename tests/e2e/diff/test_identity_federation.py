"""`identity provider *`, `mapping *`, `federation protocol *`, `service provider *` and
`federation project|domain list`: ostack prints what the official client prints, on the same
local cloud. One lifecycle per resource, each client on its own objects."""

from __future__ import annotations

import json
import uuid

import pytest

pytestmark = pytest.mark.official

FED = "/identity/v3/OS-FEDERATION"
RULES = [{"local": [{"user": {"name": "{0}"}}, {"group": {"id": "0cd5e9"}}],
          "remote": [{"type": "UserName"}, {"type": "orgPersonType", "any_one_of": ["Staff"]}]}]
RULES2 = [{"local": [{"user": {"name": "{0}", "type": "ephemeral"}}],
           "remote": [{"type": "OIDC-preferred_username"}]}]


def _names(prefix: str) -> tuple[str, str]:
    tag = uuid.uuid4().hex[:8]
    return f"ost-{prefix}-{tag}", f"osc-{prefix}-{tag}"


@pytest.fixture
def cleanup(localcloud):
    """Paths to DELETE (as admin, over HTTP) after the test, last made first."""
    paths: list[str] = []
    yield paths
    token = localcloud.token()
    for path in reversed(paths):
        localcloud.call("DELETE", path, token=token)


@pytest.fixture
def rules_files(tmp_path):
    first, second = tmp_path / "rules.json", tmp_path / "rules2.json"
    first.write_text(json.dumps(RULES))
    second.write_text(json.dumps(RULES2))
    return str(first), str(second)


def test_mapping_lifecycle(differ, cleanup, rules_files):
    ours, theirs = _names("map")
    cleanup += [f"{FED}/mappings/{ours}", f"{FED}/mappings/{theirs}"]
    rules, rules2 = rules_files
    mine, official = differ.pair(["mapping", "create", ours, "--rules", rules],
                                 ["mapping", "create", theirs, "--rules", rules])
    differ.assert_same(mine, official, ignore={"id"})
    assert mine.data["rules"] == RULES and mine.data["schema_version"] == "1.0"
    # a file that cannot be read is one error line
    differ.pair(["mapping", "set", ours, "--rules", rules + ".missing"],
                ["mapping", "set", theirs, "--rules", rules + ".missing"], code=1, fmt=None)
    mine, official = differ.pair(
        ["mapping", "set", ours, "--rules", rules2, "--schema-version", "2.0"],
        ["mapping", "set", theirs, "--rules", rules2, "--schema-version", "2.0"], fmt=None)
    assert mine.stdout == official.stdout == ""
    for fmt in ("json", "table"):
        mine, official = differ.pair(["mapping", "show", ours], ["mapping", "show", theirs],
                                     fmt=fmt)
        if fmt == "json":
            differ.assert_same(mine, official, ignore={"id"})
            assert mine.data["schema_version"] == "2.0"
        else:
            assert mine.stdout.replace(ours, theirs) == official.stdout
    mine, official = differ.same("mapping", "list", key="ID")
    assert {ours, theirs} <= {row["ID"] for row in mine.data}
    # a rule without `remote`: Keystone's 400, the same way through both clients
    bad = rules + ".bad"
    with open(bad, "w") as handle:
        json.dump([{"local": []}], handle)
    mine, official = differ.pair(["mapping", "set", ours, "--rules", bad],
                                 ["mapping", "set", theirs, "--rules", bad], code=1, fmt=None)
    assert "'remote' is a required property" in official.stderr
    assert "'remote' is a required property" in mine.stderr
    mine, official = differ.pair(["mapping", "delete", ours, f"{ours}-missing"],
                                 ["mapping", "delete", theirs, f"{theirs}-missing"],
                                 code=1, fmt=None)
    assert official.stderr.splitlines()[-1] == "1 of 2 mappings failed to delete."
    assert mine.stderr.splitlines()[-1].endswith(official.stderr.splitlines()[-1])
    differ.pair(["mapping", "show", ours], ["mapping", "show", theirs], code=1)


def test_identity_provider_and_protocol_lifecycle(differ, cleanup, rules_files, tmp_path):
    ours, theirs = _names("idp")
    map_ours, map_theirs = _names("map")
    cleanup += [f"{FED}/mappings/{map_ours}", f"{FED}/mappings/{map_theirs}",
                f"{FED}/identity_providers/{ours}", f"{FED}/identity_providers/{theirs}"]
    remote_file = tmp_path / "remote_ids"
    remote_file.write_text(f"https://{ours}.example/a\n  https://{ours}.example/b \n")
    mine, official = differ.pair(
        ["identity provider", "create", ours, "--remote-id-file", str(remote_file),
         "--description", "federated", "--domain", "Default", "--authorization-ttl", "60"],
        ["identity provider", "create", theirs, "--remote-id", f"https://{theirs}.example/a",
         "--remote-id", f"https://{theirs}.example/b", "--description", "federated",
         "--domain", "default", "--authorization-ttl", "60"])
    differ.assert_same(mine, official, ignore={"id", "remote_ids"})
    assert mine.data["remote_ids"] == [f"https://{ours}.example/a", f"https://{ours}.example/b"]
    assert mine.data["domain_id"] == "default" and mine.data["enabled"] is True
    # a remote ID belongs to one identity provider only (409)
    taken = f"https://{ours}.example/a"
    differ.pair(["identity provider", "create", f"{ours}-2", "--remote-id", taken],
                ["identity provider", "create", f"{theirs}-2", "--remote-id", taken], code=1)
    differ.pair(["identity provider", "create", ours, "--authorization-ttl", "-1"],
                code=1, fmt=None)
    mine, official = differ.pair(
        ["identity provider", "set", ours, "--disable", "--description", "changed",
         "--remote-id", f"https://{ours}.example/c"],
        ["identity provider", "set", theirs, "--disable", "--description", "changed",
         "--remote-id", f"https://{theirs}.example/c"], fmt=None)
    mine, official = differ.pair(["identity provider", "show", ours],
                                 ["identity provider", "show", theirs])
    differ.assert_same(mine, official, ignore={"id", "remote_ids"})
    assert mine.data["enabled"] is False and mine.data["description"] == "changed"
    mine, official = differ.pair(["identity provider", "show", ours],
                                 ["identity provider", "show", theirs], fmt="table")
    assert mine.stdout.replace(ours, theirs) == official.stdout
    differ.same("identity provider", "list", "--id", ours)
    mine, official = differ.same("identity provider", "list", "--enabled", key="ID")
    assert ours not in {row["ID"] for row in mine.data}

    # protocols of the identity provider
    rules, _ = rules_files
    differ.pair(["mapping", "create", map_ours, "--rules", rules],
                ["mapping", "create", map_theirs, "--rules", rules])
    mine, official = differ.pair(
        ["federation protocol", "create", "openid", "--identity-provider", ours,
         "--mapping", map_ours],
        ["federation protocol", "create", "openid", "--identity-provider", theirs,
         "--mapping", map_theirs])
    differ.assert_same(mine, official, ignore={"identity_provider", "mapping"})
    assert mine.data == {"id": "openid", "identity_provider": ours, "mapping": map_ours}
    differ.pair(["federation protocol", "create", "saml2", "--identity-provider", ours,
                 "--mapping", f"{map_ours}-missing"],
                ["federation protocol", "create", "saml2", "--identity-provider", theirs,
                 "--mapping", f"{map_theirs}-missing"], code=1)
    # The official `federation protocol set` updates, then exits 1 with its table's repr on
    # stderr (a Command returning a ShowOne's result); ostack exits 0 and prints nothing.
    mine = differ.run("ostack", ["federation protocol", "set", "openid",
                                 "--identity-provider", ours, "--mapping", map_theirs], fmt=None)
    official = differ.run("openstack", ["federation protocol", "set", "openid",
                                        "--identity-provider", theirs, "--mapping", map_ours],
                          fmt=None)
    assert (mine.code, mine.stdout, mine.stderr) == (0, "", "")
    assert official.code == 1 and official.stdout == ""
    assert official.stderr.startswith("(('id', 'identity_provider', 'mapping'), ('openid', ")
    for fmt in ("json", "table"):
        mine, official = differ.pair(
            ["federation protocol", "show", "openid", "--identity-provider", ours],
            ["federation protocol", "show", "openid", "--identity-provider", theirs], fmt=fmt)
        if fmt == "json":
            differ.assert_same(mine, official, ignore={"identity_provider", "mapping"})
            assert mine.data["mapping"] == map_theirs and official.data["mapping"] == map_ours
    mine, official = differ.pair(
        ["federation protocol", "list", "--identity-provider", ours],
        ["federation protocol", "list", "--identity-provider", theirs])
    differ.assert_same(mine, official, ignore={"mapping"})
    assert mine.data == [{"id": "openid", "mapping": map_theirs}]
    mine, official = differ.pair(
        ["federation protocol", "delete", "openid", "gone", "--identity-provider", ours],
        ["federation protocol", "delete", "openid", "gone", "--identity-provider", theirs],
        code=1, fmt=None)
    assert official.stderr.splitlines()[-1] == "1 of 2 federation protocols failed to delete."
    assert mine.stderr.splitlines()[-1].endswith(official.stderr.splitlines()[-1])

    # deleting: a missing identity provider is no failure for the official client
    differ.pair(["identity provider", "delete", ours, f"{ours}-missing"],
                ["identity provider", "delete", theirs, f"{theirs}-missing"], fmt=None)
    differ.pair(["identity provider", "show", ours], ["identity provider", "show", theirs],
                code=1)


def test_identity_provider_with_its_own_domain(differ, cleanup, localcloud):
    """Without --domain, Keystone makes a domain for the provider (named by its ID)."""
    ours, theirs = _names("idp")
    cleanup += [f"{FED}/identity_providers/{ours}", f"{FED}/identity_providers/{theirs}"]
    mine, official = differ.pair(["identity provider", "create", ours, "--disable"],
                                 ["identity provider", "create", theirs, "--disable"])
    differ.assert_same(mine, official, ignore={"id", "domain_id"})
    assert mine.data["remote_ids"] == [] and mine.data["domain_id"] != "default"
    for data in (mine.data, official.data):
        path = f"/identity/v3/domains/{data['domain_id']}"
        cleanup.insert(0, path)  # deleted last, disabled first
        reply = localcloud.call("PATCH", path, {"domain": {"enabled": False}},
                                token=localcloud.token())
        assert reply.json["domain"]["name"] == data["domain_id"]


def test_service_provider_lifecycle(differ, cleanup):
    ours, theirs = _names("sp")
    cleanup += [f"{FED}/service_providers/{ours}", f"{FED}/service_providers/{theirs}"]
    create = ["--auth-url", "https://sp.example/v3/OS-FEDERATION/identity_providers/a/"
              "protocols/saml2/auth", "--service-provider-url", "https://sp.example/Shibboleth"
              ".sso/SAML2/ECP", "--description", "a peer cloud"]
    mine, official = differ.pair(["service provider", "create", ours, *create],
                                 ["service provider", "create", theirs, *create])
    differ.assert_same(mine, official, ignore={"id"})
    assert list(mine.data) == ["id", "enabled", "description", "auth_url", "sp_url",
                               "relay_state_prefix"]
    mine, official = differ.pair(
        ["service provider", "set", ours, "--disable", "--auth-url", "https://sp2.example/a"],
        ["service provider", "set", theirs, "--disable", "--auth-url", "https://sp2.example/a"])
    differ.assert_same(mine, official, ignore={"id"})
    assert mine.data["enabled"] is False
    for fmt in ("json", "table"):
        mine, official = differ.pair(["service provider", "show", ours],
                                     ["service provider", "show", theirs], fmt=fmt)
        if fmt == "json":
            differ.assert_same(mine, official, ignore={"id"})
        else:
            assert mine.stdout.replace(ours, theirs) == official.stdout
    mine, official = differ.same("service provider", "list", key="ID")
    assert {ours, theirs} <= {row["ID"] for row in mine.data}
    differ.pair(["service provider", "delete", ours, f"{ours}-missing"],
                ["service provider", "delete", theirs, f"{theirs}-missing"], fmt=None)
    differ.pair(["service provider", "show", ours], ["service provider", "show", theirs],
                code=1)


def test_federation_project_and_domain_list(differ):
    mine, _ = differ.same("federation", "project", "list", key="ID")
    assert "admin" in {row["Name"] for row in mine.data}
    differ.same("federation", "project", "list", fmt="table", columns_only=True)
    differ.same("federation", "domain", "list", key="ID")
