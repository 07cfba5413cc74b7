"""OS-FEDERATION of the local cloud over raw HTTP, where the clients do not show it:
Keystone's error bodies (403 to members on admin-only calls, 400 for a bad rule or body, 404,
409 for a remote ID another provider holds) and the deprecated OS-FEDERATION/projects."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.localcloud import LocalCloud

FED = "/identity/v3/OS-FEDERATION"
RULES = [{"local": [{"user": {"name": "{0}"}}], "remote": [{"type": "OIDC-sub"}]}]


def _error(reply: Any, status: int) -> str:
    assert reply.status == status, (reply.status, reply.body[:300])
    body = reply.json["error"]
    assert body["code"] == status and body["title"]
    return body["message"]


def test_federation_errors_and_policy(localcloud: LocalCloud):
    admin, demo = localcloud.token(), localcloud.token("demo")
    tag = uuid.uuid4().hex[:8]
    idp, mapping = f"raw-idp-{tag}", f"raw-map-{tag}"

    def call(method: str, path: str, body: Any = None, token: str = admin) -> Any:
        return localcloud.call(method, FED + path, body, token=token)

    try:
        # admin-only writes: 403 to a member; reads too (system reader or admin)
        for method, path, body in (
                ("PUT", f"/mappings/{mapping}", {"mapping": {"rules": RULES}}),
                ("PUT", f"/identity_providers/{idp}", {"identity_provider": {}}),
                ("GET", "/identity_providers", None)):
            assert "identity:" in _error(call(method, path, body, demo), 403)
        # a rule without `remote`, rules that are not a list, an unknown IdP attribute: 400
        message = _error(call("PUT", f"/mappings/{mapping}",
                              {"mapping": {"rules": [{"local": []}]}}), 400)
        assert message == "'remote' is a required property\n"
        _error(call("PUT", f"/mappings/{mapping}", {"mapping": {"rules": "x"}}), 400)
        _error(call("PUT", f"/identity_providers/{idp}",
                    {"identity_provider": {"colour": "blue"}}), 400)
        assert call("PUT", f"/mappings/{mapping}", {"mapping": {"rules": RULES}}).status == 201
        reply = call("PUT", f"/identity_providers/{idp}", {"identity_provider": {
            "remote_ids": [f"https://{tag}.example"], "domain_id": "default"}})
        assert reply.status == 201 and reply.json["identity_provider"]["enabled"] is False
        message = _error(call("PUT", f"/identity_providers/{idp}-2", {"identity_provider": {
            "remote_ids": [f"https://{tag}.example"], "domain_id": "default"}}), 409)
        assert message.endswith(f"Duplicate remote ID: https://{tag}.example.")
        _error(call("PUT", f"/identity_providers/{idp}", {"identity_provider": {}}), 409)
        # a protocol needs an existing mapping (400) and provider (404)
        assert "Invalid mapping id" in _error(call(
            "PUT", f"/identity_providers/{idp}/protocols/openid",
            {"protocol": {"mapping_id": "nope"}}), 400)
        assert _error(call("GET", f"/identity_providers/{idp}-none/protocols"), 404) == (
            f"Could not find Identity Provider: {idp}-none.")
        _error(call("GET", f"/identity_providers/{idp}/protocols/openid"), 404)
        # the deprecated spelling of /v3/auth/projects
        names = [p["name"] for p in call("GET", "/projects", token=demo).json["projects"]]
        assert names == ["demo"]
    finally:
        call("DELETE", f"/identity_providers/{idp}")
        call("DELETE", f"/mappings/{mapping}")
