"""Credentials' blobs never reach a debug log: a TOTP seed or certificate blob is hidden
whole; an EC2 blob keeps its access key and hides its secret."""

from __future__ import annotations

import json

from ostack.transport.redaction import redact_body


def test_credential_blobs_are_hidden():
    body = {"credentials": [
        {"id": "1", "type": "totp", "blob": "JBSWY3DPEHPK3PXP", "user_id": "u"},
        {"id": "2", "type": "ec2", "user_id": "u",
         "blob": json.dumps({"access": "AK", "secret": "SK", "trust_id": None})},
    ]}
    out = redact_body(json.dumps(body))
    assert "JBSWY3DPEHPK3PXP" not in out and "SK" not in out and "AK" in out
    # A policy's blob (no owner) is a document, not a secret.
    assert "rule" in redact_body(json.dumps({"policy": {"type": "t", "blob": "rule"}}))
