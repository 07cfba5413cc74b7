"""Debug log lines in the curl form users know, with every secret hidden.

Tokens are shown as `{SHA256}<digest>` so two log lines can be matched without revealing the
token; passwords and secrets in bodies become `***`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ostack.digest import sha256_hex

SECRET_HEADERS = frozenset({
    "x-auth-token", "x-subject-token", "x-service-token", "x-storage-token", "authorization",
    "openstack-auth-receipt",
})
SECRET_FIELDS = frozenset({
    "password", "original_password", "secret", "application_credential_secret", "adminpass",
    "admin_pass", "token_id", "passcode", "totp", "private_key", "ssl_key",
    "client_secret", "auth_token",
})
#: Fields whose content is the user's own data (server create/rebuild `user_data`, a
#: personality file's `contents`, a server's `OS-EXT-SRV-ATTR:user_data`): the log shows
#: their size and hash, not their bytes.
BLOB_FIELDS = frozenset({"user_data", "contents"})
_FALLBACK = re.compile(
    r'("(?:password|original_password|secret|application_credential_secret|adminPass|'
    r'private_key)"\s*:\s*)"(?:[^"\\]|\\.)*"',
    re.IGNORECASE,
)


def hide_token(value: str) -> str:
    return "{SHA256}" + sha256_hex(value)


def describe_blob(value: str) -> str:
    """`<N bytes, sha256 X>`: enough to tell two bodies apart, nothing of their content."""
    raw = value.encode("utf-8", "surrogatepass")
    return f"<{len(raw)} bytes, sha256 {sha256_hex(raw)}>"


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {
        k: (hide_token(v) if k.lower() in SECRET_HEADERS and v else v) for k, v in headers.items()
    }


def _redact(data: Any) -> Any:
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            lk = str(k).lower()
            if (lk in SECRET_FIELDS or lk == "token") and isinstance(v, str | int):
                out[k] = "***"
            elif (lk in BLOB_FIELDS or lk.endswith(":user_data")) and isinstance(v, str):
                out[k] = describe_blob(v)
            elif lk == "token" and isinstance(v, dict) and "id" in v:
                out[k] = {**_redact(v), "id": "***"}
            elif lk == "blob" and "user_id" in data and isinstance(v, str) and not (
                    v.startswith("{") and '"access"' in v):
                # A credential's blob (a TOTP seed, a certificate's key ...); an EC2 blob keeps
                # its access key and loses its secret below.
                out[k] = "***"
            else:
                out[k] = _redact(v)
        return out
    if isinstance(data, list):
        return [_redact(v) for v in data]
    if isinstance(data, str) and '"' in data:
        # JSON kept in a string field (Keystone's EC2 credential "blob") may hold a secret.
        return _FALLBACK.sub(r'\1"***"', data)
    return data


def redact_body(body: bytes | str | None, limit: int = 20000) -> str:
    """A body for the log: JSON with secret fields hidden; other text shortened."""
    if body is None:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        text = _FALLBACK.sub(r'\1"***"', text)
        return text if len(text) <= limit else text[:limit] + "...(truncated)"
    out = json.dumps(_redact(data))
    return out if len(out) <= limit else out[:limit] + "...(truncated)"


def _shell_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def curl_line(method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> str:
    parts = [f"REQ: curl -g -i -X {method} {url}"]
    for key, value in redact_headers(headers).items():
        parts.append(f"-H {_shell_quote(f'{key}: {value}')}")
    if body:
        parts.append("-d " + "'" + redact_body(body) + "'")
    return " ".join(parts)


def response_lines(resp: Any, with_body: bool = True) -> str:
    headers = " ".join(
        f'"{k}: {v}"' for k, v in redact_headers(resp.headers).items()
    )
    line = f"RESP: [{resp.status_code}] {headers}"
    content_type = resp.headers.get("content-type", "")
    if with_body and resp.content and ("json" in content_type or "text" in content_type):
        line += f"\nRESP BODY: {redact_body(resp.content)}"
    elif resp.content:
        line += f"\nRESP BODY: <{len(resp.content)} bytes omitted>"
    return line
