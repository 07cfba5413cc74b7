"""Keystone's tokens: authentication (password, token, application credential), scoping,
issue, validation and revocation.

Tokens are opaque random strings; only their SHA-256 is stored. Like Keystone's fernet tokens,
a token's roles are computed when it is validated (direct and group assignments, then implied
roles), so removing a role or a membership changes what a token may do at once; revocation
events are a `revoked` flag (`revocation.py`). Part of the identity backend
(`IdentityBackend.tokens`); the HTTP side is `tokens.py`.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any

from .. import timestamps
from ..declare import Settings
from ..errors import BadRequest, Forbidden, Unauthorized
from ..policy import Context
from ..store import Store, dumps, loads
from . import mfa
from .application_credential_state import ApplicationCredentialState
from .assignment_state import AssignmentState
from .domain_state import DomainState
from .passwords import check_secret
from .project_state import ProjectState
from .records import Records
from .revocation import ALLOW_EXPIRED_WINDOW
from .role_state import RoleState
from .tables import Row
from .trust_state import TrustState
from .user_state import UserState

_MALFORMED = ("The server could not comply with the request since it is either malformed or "
              "otherwise incorrect. The client is assumed to be in error.")


def _expecting(what: str, where: str) -> BadRequest:
    """Keystone's 400 for a part missing from an auth request."""
    return BadRequest(f"Expecting to find {what} in {where}. {_MALFORMED}")


def audit_id() -> str:
    """A Keystone audit id: 16 random bytes, URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def _ref_text(ref: Any) -> str:
    if isinstance(ref, dict):
        return str(ref.get("id") or ref.get("name") or ref)
    return str(ref)


class TokenState:
    """The tokens table, and the identity records a token is resolved from."""

    def __init__(self, store: Store, settings: Settings, users: UserState,
                 domains: DomainState, projects: ProjectState, roles: RoleState,
                 assignments: AssignmentState,
                 application_credentials: ApplicationCredentialState) -> None:
        self.store = store
        #: The live settings: `token_expiration` may change while the cloud runs.
        self.settings = settings
        self.users = users
        self.domains = domains
        self.projects = projects
        self.roles = roles
        self.assignments = assignments
        self.application_credentials = application_credentials
        self.trusts = TrustState(Records(store), users, projects, roles, assignments)

    # ----------------------------------------------------------------- authentication
    def authenticate(self, identity: Any, scope: Any,
                     receipt: str | None = None) -> tuple[str, Context]:
        """Authenticate `auth.identity`, scope the result by `auth.scope`, issue a token.

        Returns the token (to send once, in X-Subject-Token) and its resolved context. With an
        auth `receipt` (multi-factor auth), the methods it proved count too.
        """
        if not isinstance(identity, dict):
            raise _expecting("identity", "auth")
        methods = identity.get("methods")
        if (not isinstance(methods, list) or not methods
                or not all(isinstance(m, str) for m in methods)):
            raise _expecting("methods", "identity")
        user: Row | None = None
        parent: Context | None = None
        app_cred: Row | None = None
        for method in methods:
            data = identity.get(method)
            if method == "password":
                found = self._password_user(data)
            elif method == "token":
                parent = self._token_method(data)
                found = parent.user
            elif method == "application_credential":
                app_cred = self._application_credential(data)
                found = self.users.get(app_cred["user_id"])
            elif method == "totp":
                found = self._totp_user(data)
            else:
                raise Unauthorized(f"Unsupported authentication method: {method}")
            if found is None or (user is not None and found["id"] != user["id"]):
                raise Unauthorized()
            user = found
        assert user is not None
        if not user["enabled"]:
            raise Unauthorized()
        all_methods = list(dict.fromkeys(methods + (parent.methods if parent else [])))
        all_methods = self._multi_factor(user, all_methods, receipt)
        if app_cred is not None:
            if scope is not None and scope != "unscoped":
                raise Unauthorized("Application credentials cannot request a scope.")
            scope_type, scope_id = "project", app_cred["project_id"]
        elif isinstance(scope, dict) and list(scope) == ["OS-TRUST:trust"]:
            trust, user = self.trusts.scope(user, scope["OS-TRUST:trust"])
            scope_type, scope_id = "trust", trust["id"]
        else:
            scope_type, scope_id = self._resolve_scope(user, scope)
        return self._issue(user, scope_type, scope_id, all_methods, app_cred, parent)

    def issue_unscoped(self, user: Row, methods: list[str]) -> tuple[str, Context]:
        """An unscoped token for a user authenticated elsewhere (a federated user)."""
        if not user["enabled"]:
            raise Unauthorized()
        return self._issue(user, "unscoped", None, methods, None, None)

    def _totp_user(self, data: Any) -> Row | None:
        """The `totp` method: a user and a passcode of one of its `totp` credentials."""
        user_ref = data.get("user") if isinstance(data, dict) else None
        if not isinstance(user_ref, dict):
            raise _expecting("user", "totp")
        passcode = user_ref.get("passcode")
        if not isinstance(passcode, str):
            raise _expecting("passcode", "user")
        user = self.users.find(user_ref)
        if user is None or not mfa.passcode_matches(
                mfa.totp_secrets(self.users.records, user["id"]), passcode):
            raise Unauthorized()
        return user

    def _multi_factor(self, user: Row, methods: list[str], receipt: str | None) -> list[str]:
        """The methods proved (with a receipt's); a new receipt (401) while the user's
        multi-factor rules are not met."""
        receipts = mfa.Receipts(self.users.records)
        if receipt:
            receipt_user, proved = receipts.redeem(receipt)
            if receipt_user != user["id"]:
                raise Unauthorized()
            methods = list(dict.fromkeys(proved + methods))
        rules = mfa.required_rules(user)
        if not mfa.satisfied(rules, methods):
            domain = self.domains.get(user["domain_id"]) or {"id": user["domain_id"], "name": ""}
            raise receipts.issue(user, {"id": domain["id"], "name": domain["name"]}, methods,
                                 rules)
        return methods

    def _password_user(self, data: Any) -> Row | None:
        user_ref = data.get("user") if isinstance(data, dict) else None
        if not isinstance(user_ref, dict):
            raise _expecting("user", "password")
        password = user_ref.get("password")
        if not isinstance(password, str):
            raise _expecting("password", "user")
        if "id" not in user_ref and "domain" not in user_ref:
            raise _expecting("domain", "user")
        user = self.users.find(user_ref)
        if user is None or not check_secret(password, user["password_hash"]):
            raise Unauthorized()
        return user

    def _token_method(self, data: Any) -> Context:
        token = data.get("id") if isinstance(data, dict) else None
        if not isinstance(token, str):
            raise _expecting("id", "token")
        ctx = self.validate(token)
        if ctx is None:
            raise Unauthorized()
        if ctx.application_credential is not None:
            raise Forbidden("Application credential tokens cannot be rescoped.")
        if ctx.trust is not None:
            raise Forbidden("Trust-scoped tokens cannot be rescoped.")
        return ctx

    def _application_credential(self, data: Any) -> Row:
        if not isinstance(data, dict) or not isinstance(data.get("secret"), str):
            raise BadRequest("Expecting to find secret in application_credential.")
        cred: Row | None = None
        if isinstance(data.get("id"), str):
            cred = self.application_credentials.get(data["id"])
        elif isinstance(data.get("name"), str):
            user = self.users.find(data.get("user"))
            if user is not None:
                found = self.application_credentials.list(user["id"], name=data["name"])
                cred = found[0] if found else None
        else:
            raise BadRequest("Expecting to find id or name in application_credential.")
        if cred is None or not check_secret(data["secret"], cred["secret_hash"]):
            raise Unauthorized()
        if cred["expires_at"] is not None and cred["expires_at"] <= timestamps.now():
            raise Unauthorized("Application credential has expired.")
        return cred

    def _resolve_scope(self, user: Row, scope: Any) -> tuple[str, str | None]:
        roles_on = self.assignments.roles_on
        if scope is None:
            default = user.get("default_project_id")
            if default and roles_on(user["id"], "project", default):
                project = self.projects.get(default)
                domain = self.domains.get(project["domain_id"]) if project else None
                if project and project["enabled"] and domain and domain["enabled"]:
                    return "project", default
            return "unscoped", None
        if scope == "unscoped":
            return "unscoped", None
        if not isinstance(scope, dict) or len([k for k in ("project", "domain", "system",
                                                           "OS-TRUST:trust")
                                               if k in scope]) > 1:
            raise BadRequest("Invalid scope in auth request: specify one of project, domain "
                             "or system.")
        if "project" in scope:
            project = self.projects.find(scope["project"])
            if project is None or not project["enabled"]:
                raise Unauthorized(f"Could not find project: {_ref_text(scope['project'])}.")
            domain = self.domains.get(project["domain_id"])
            if domain is None or not domain["enabled"]:
                raise Unauthorized()
            if not roles_on(user["id"], "project", project["id"]):
                raise Unauthorized(f"User {user['id']} has no access to project "
                                   f"{project['id']}.")
            return "project", project["id"]
        if "domain" in scope:
            domain = self.domains.find(scope["domain"])
            if domain is None or not domain["enabled"]:
                raise Unauthorized(f"Could not find domain: {_ref_text(scope['domain'])}.")
            if not roles_on(user["id"], "domain", domain["id"]):
                raise Unauthorized(f"User {user['id']} has no access to domain {domain['id']}.")
            return "domain", domain["id"]
        if "system" in scope:
            if scope["system"] != {"all": True}:
                raise BadRequest("Invalid system scope: only {\"all\": true} is supported.")
            if not roles_on(user["id"], "system", "all"):
                raise Unauthorized(f"User {user['id']} has no access to the system.")
            return "system", "all"
        if "OS-TRUST:trust" in scope:
            raise Unauthorized("Trusts are not supported by this cloud.")
        raise BadRequest("Invalid scope in auth request.")

    def _issue(self, user: Row, scope_type: str, scope_id: str | None, methods: list[str],
               app_cred: Row | None, parent: Context | None) -> tuple[str, Context]:
        # never "-..." (as with Keystone's Fernet "gAAAA..."), so `--os-token $T` parses
        token = "g" + secrets.token_urlsafe(32)
        issued = timestamps.now()
        expires = parent.expires_at if parent else issued + self.settings.token_expiration
        if app_cred is not None and app_cred["expires_at"] is not None:
            expires = min(expires, app_cred["expires_at"])
        audit_ids = [audit_id()] + (parent.audit_ids[:1] if parent else [])
        row = {
            "hash": token_hash(token), "user_id": user["id"], "scope_type": scope_type,
            "scope_id": scope_id, "methods": dumps(methods), "audit_ids": dumps(audit_ids),
            "application_credential_id": app_cred["id"] if app_cred else None,
            "issued_at": issued, "expires_at": expires, "revoked": 0,
        }
        ctx = self._context(row)
        if ctx is None:
            raise Unauthorized()
        self.store.execute(
            "INSERT INTO tokens (hash, user_id, scope_type, scope_id, methods, audit_ids,"
            " application_credential_id, issued_at, expires_at, revoked)"
            " VALUES (:hash, :user_id, :scope_type, :scope_id, :methods, :audit_ids,"
            " :application_credential_id, :issued_at, :expires_at, :revoked)", row)
        return token, ctx

    # ----------------------------------------------------------------- validation
    def validate(self, token: str, allow_expired: bool = False) -> Context | None:
        """The token's context, or None when it is unknown, revoked, expired (unless
        `allow_expired`, within Keystone's window) or no longer backed by an enabled user with
        roles on its scope."""
        row = self.store.query_one("SELECT * FROM tokens WHERE hash = ?", (token_hash(token),))
        if row is None or row["revoked"]:
            return None
        now = timestamps.now()
        if row["expires_at"] <= now and not (
                allow_expired and row["expires_at"] + ALLOW_EXPIRED_WINDOW > now):
            return None
        return self._context(row, allow_expired)

    def revoke(self, token: str) -> bool:
        return self.store.execute("UPDATE tokens SET revoked = 1 WHERE hash = ? AND revoked = 0",
                                  (token_hash(token),)) > 0

    def purge_expired(self) -> int:
        return self.store.execute("DELETE FROM tokens WHERE expires_at < ?",
                                  (timestamps.now() - ALLOW_EXPIRED_WINDOW,))

    def _context(self, row: Row, allow_expired: bool = False) -> Context | None:
        user = self.users.get(row["user_id"])
        if user is None or not user["enabled"]:
            return None
        user_domain = self.domains.get(user["domain_id"])
        if user_domain is None or not user_domain["enabled"]:
            return None
        ctx = Context(
            token_hash=row["hash"], user=user,
            user_domain={"id": user_domain["id"], "name": user_domain["name"]},
            scope_type=row["scope_type"], methods=loads(row["methods"], []),
            audit_ids=loads(row["audit_ids"], []), issued_at=row["issued_at"],
            expires_at=row["expires_at"],
        )
        scope_type, scope_id = row["scope_type"], row["scope_id"]
        if scope_type == "project":
            project = self.projects.get(scope_id)
            if project is None or not project["enabled"]:
                return None
            domain = self.domains.get(project["domain_id"])
            if domain is None or not domain["enabled"]:
                return None
            ctx.project = project
            ctx.project_domain = {"id": domain["id"], "name": domain["name"]}
            roles = self.assignments.roles_on(user["id"], "project", scope_id)
            if row["application_credential_id"]:
                restricted = self._restrict(ctx, roles, row["application_credential_id"],
                                            allow_expired)
                if restricted is None:
                    return None
                roles = restricted
            ctx.roles = roles
        elif scope_type == "domain":
            domain = self.domains.get(scope_id)
            if domain is None or not domain["enabled"]:
                return None
            ctx.domain = {"id": domain["id"], "name": domain["name"]}
            ctx.roles = self.assignments.roles_on(user["id"], "domain", scope_id)
        elif scope_type == "system":
            ctx.roles = self.assignments.roles_on(user["id"], "system", "all")
        elif scope_type == "trust":
            if self.trusts.apply(ctx, scope_id) is None:
                return None
            if ctx.project is not None:
                domain = self.domains.get(ctx.project["domain_id"])
                ctx.project_domain = {"id": domain["id"], "name": domain["name"]} if domain \
                    else None
        if scope_type != "unscoped" and not ctx.roles:
            return None
        return ctx

    def _restrict(self, ctx: Context, roles: list[Row], cred_id: str,
                  allow_expired: bool) -> list[Row] | None:
        """An application credential's token: the credential's roles (with the roles they
        imply) that the user still has, its access rules; None when it is gone or expired."""
        cred = self.application_credentials.get(cred_id)
        if cred is None or (cred["expires_at"] is not None and not allow_expired
                            and cred["expires_at"] <= timestamps.now()):
            return None
        allowed = {role["id"] for role in self.roles.expand(
            role["id"] for role in cred["roles"])}
        ctx.application_credential = {
            "id": cred["id"], "name": cred["name"], "restricted": not cred["unrestricted"],
        }
        if cred["access_rules"]:
            rules = [{"id": r["id"], "service": r["service"], "path": r["path"],
                      "method": r["method"]} for r in cred["access_rules"]]
            ctx.application_credential["access_rules"] = rules
            ctx.access_rules = rules
        return [role for role in roles if role["id"] in allowed]
