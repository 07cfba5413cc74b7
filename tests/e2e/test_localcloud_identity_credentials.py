"""Keystone credentials of the local cloud, over raw HTTP: what the clients do not show.
Secrets are encrypted at rest (not in the database file), and a member may not touch another
user's EC2 credentials (Keystone's 403 body)."""

from __future__ import annotations

import json
import stat
import uuid


def test_credential_secrets_are_encrypted_at_rest(localcloud):
    token = localcloud.token()
    me = localcloud.call("GET", "/identity/v3/auth/tokens", token=token,
                         headers={"X-Subject-Token": token}).json["token"]
    user, project = me["user"]["id"], me["project"]["id"]
    secret = f"totp-seed-{uuid.uuid4().hex}"
    made = localcloud.call("POST", "/identity/v3/credentials", token=token, body={
        "credential": {"type": "totp", "user_id": user, "blob": secret}})
    assert made.status == 201, made.body
    ec2 = localcloud.call("POST", f"/identity/v3/users/{user}/credentials/OS-EC2",
                          token=token, body={"tenant_id": project})
    assert ec2.status == 201, ec2.body
    ec2_secret = ec2.json["credential"]["secret"]
    try:
        # Read back in clear through the API ...
        shown = localcloud.call("GET", f"/identity/v3/credentials/{made.json['credential']['id']}",
                                token=token)
        assert shown.json["credential"]["blob"] == secret
        access = ec2.json["credential"]["access"]
        again = localcloud.call("GET", f"/identity/v3/users/{user}/credentials/OS-EC2/{access}",
                                token=token)
        assert again.json["credential"]["secret"] == ec2_secret
        # ... but neither secret is in the database files; the key is a 0600 file beside.
        stored = b"".join(p.read_bytes() for p in localcloud.state_dir.glob("localcloud.db*"))
        assert secret.encode() not in stored and ec2_secret.encode() not in stored
        key = localcloud.state_dir / "credential-keys" / "0"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    finally:
        localcloud.call("DELETE", f"/identity/v3/credentials/{made.json['credential']['id']}",
                        token=token)
        localcloud.call("DELETE", f"/identity/v3/users/{user}/credentials/OS-EC2/"
                                  f"{ec2.json['credential']['access']}", token=token)


def test_member_may_not_use_another_users_ec2_credentials(localcloud):
    admin = localcloud.token()
    admin_id = localcloud.call("GET", "/identity/v3/auth/tokens", token=admin,
                               headers={"X-Subject-Token": admin}).json["token"]["user"]["id"]
    demo = localcloud.token("demo")
    for method, body in (("GET", None), ("POST", {"tenant_id": "x"})):
        reply = localcloud.call(method, f"/identity/v3/users/{admin_id}/credentials/OS-EC2",
                                token=demo, body=body)
        assert reply.status == 403, reply.body
        error = json.loads(reply.body)["error"]
        assert error["code"] == 403 and error["title"] == "Forbidden"
        assert "identity:ec2_" in error["message"]
    reply = localcloud.call("POST", "/identity/v3/domains", token=demo,
                            body={"domain": {"name": f"m-{uuid.uuid4().hex[:8]}"}})
    assert reply.status == 403 and "identity:create_domain" in reply.json["error"]["message"]
