"""A small OpenID Connect issuer for the tests, on loopback: a discovery document, a key set
(one RSA key), a device authorization endpoint, and a token endpoint for the `password`,
`client_credentials` and device code (with PKCE) grants that
answers signed JWTs (RS256) as access and ID tokens. The local cloud checks those tokens
against the key set when a federated user authenticates.

    with OidcIssuer(users={"alice": ("secret", {"groups": ["staff"]})},
                    clients={"ostack": "client-secret"}) as issuer:
        issuer.url                      # http://127.0.0.1:<port>
        issuer.token_for("alice")       # a signed access token, without the HTTP round trip
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def _pkce_ok(device: dict[str, Any], verifier: str | None) -> bool:
    """RFC 7636: the verifier matches the challenge the device request sent (if any)."""
    if not device["challenge"]:
        return True
    if not verifier:
        return False
    if device["method"] == "S256":
        return _b64(hashlib.sha256(verifier.encode()).digest()) == device["challenge"]
    return verifier == device["challenge"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class OidcIssuer:
    """The issuer: users (name -> (password, extra claims)) and clients (id -> secret)."""

    def __init__(self, users: dict[str, tuple[str, dict[str, Any]]] | None = None,
                 clients: dict[str, str] | None = None, lifetime: int = 300) -> None:
        self.users = dict(users or {})
        self.clients = dict(clients or {})
        self.lifetime = lifetime
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex[:12]
        #: (grant_type, client_id) of each token request, for the tests to check.
        self.requests: list[tuple[str, str]] = []
        #: The user who approves each device code at its second poll (as a person would
        #: in a browser meanwhile); None: nobody approves.
        self.device_user: str | None = None
        self._devices: dict[str, dict[str, Any]] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> OidcIssuer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    # ----------------------------------------------------------------- documents
    def discovery(self) -> dict[str, Any]:
        return {"issuer": self.url, "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "device_authorization_endpoint": f"{self.url}/device",
                "grant_types_supported": ["password", "client_credentials", DEVICE_GRANT],
                "id_token_signing_alg_values_supported": ["RS256"],
                "response_types_supported": ["token"], "subject_types_supported": ["public"]}

    def jwks(self) -> dict[str, Any]:
        numbers = self.key.public_key().public_numbers()
        return {"keys": [{"kty": "RSA", "kid": self.kid, "use": "sig", "alg": "RS256",
                          "n": _int_b64(numbers.n), "e": _int_b64(numbers.e)}]}

    def sign(self, claims: dict[str, Any]) -> str:
        header = _b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": self.kid}).encode())
        body = _b64(json.dumps(claims).encode())
        signature = self.key.sign(f"{header}.{body}".encode(), padding.PKCS1v15(),
                                  hashes.SHA256())
        return f"{header}.{body}.{_b64(signature)}"

    def token_for(self, subject: str, client_id: str = "ostack",
                  **claims: Any) -> str:
        """A signed token for a user (its extra claims) or a client (`client_credentials`)."""
        now = int(time.time())
        extra = self.users.get(subject, ("", {}))[1]
        return self.sign({"iss": self.url, "sub": subject, "aud": client_id, "iat": now,
                          "exp": now + self.lifetime, "preferred_username": subject,
                          **extra, **claims})

    # ----------------------------------------------------------------- HTTP
    def _grant(self, form: dict[str, str], client_id: str | None,
               secret: str | None) -> tuple[int, dict[str, Any]]:
        client_id = client_id or form.get("client_id")
        secret = secret if secret is not None else form.get("client_secret")
        if not client_id or self.clients.get(client_id) != secret:
            return 401, {"error": "invalid_client"}
        grant = form.get("grant_type", "")
        self.requests.append((grant, client_id))
        if grant == "password":
            user = self.users.get(form.get("username", ""))
            if user is None or user[0] != form.get("password"):
                return 400, {"error": "invalid_grant"}
            subject = form["username"]
        elif grant == "client_credentials":
            subject = client_id
        elif grant == DEVICE_GRANT:
            device = self._devices.get(form.get("device_code", ""))
            if device is None or device["client_id"] != client_id:
                return 400, {"error": "invalid_grant"}
            if not _pkce_ok(device, form.get("code_verifier")):
                return 400, {"error": "invalid_grant"}
            device["polls"] += 1
            if device["polls"] < 2 or self.device_user is None:
                return 400, {"error": "authorization_pending"}
            subject = self.device_user
        else:
            return 400, {"error": "unsupported_grant_type"}
        token = self.token_for(subject, client_id)
        return 200, {"access_token": token, "id_token": token, "token_type": "Bearer",
                     "expires_in": self.lifetime, "scope": form.get("scope", "openid")}

    def _device(self, form: dict[str, str], client_id: str | None) -> tuple[int, dict]:
        client_id = client_id or form.get("client_id")
        if not client_id or client_id not in self.clients:
            return 401, {"error": "invalid_client"}
        code, user_code = uuid.uuid4().hex, uuid.uuid4().hex[:8].upper()
        self._devices[code] = {"client_id": client_id, "polls": 0,
                               "challenge": form.get("code_challenge"),
                               "method": form.get("code_challenge_method")}
        return 200, {"device_code": code, "user_code": user_code,
                     "verification_uri": f"{self.url}/verify",
                     "verification_uri_complete": f"{self.url}/verify?code={user_code}",
                     "expires_in": 60, "interval": 1}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _send(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                if self.path == "/.well-known/openid-configuration":
                    self._send(200, issuer.discovery())
                elif self.path == "/jwks":
                    self._send(200, issuer.jwks())
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                form = {k: v[0] for k, v in parse_qs(raw).items()}
                client_id = secret = None
                auth = self.headers.get("Authorization", "")
                if auth.lower().startswith("basic "):
                    client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                if self.path == "/device":
                    self._send(*issuer._device(form, client_id))
                elif self.path == "/token":
                    self._send(*issuer._grant(form, client_id, secret))
                else:
                    self._send(404, {"error": "not_found"})

        return Handler
