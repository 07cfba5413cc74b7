"""Keystone's application credentials (a secret for a user on a project, with a subset of its
roles) and the access rules that limit them. Part of the identity backend
(`IdentityBackend.application_credentials`); the HTTP side is `application_credentials.py`."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from .. import timestamps
from ..errors import Forbidden, NotFound
from ..store import Store, dumps, loads
from .passwords import hash_secret
from .revocation import revoke_tokens
from .tables import Row, insert, new_id


class ApplicationCredentialState:
    """The application_credentials, access_rules and their link tables."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, user_id: str, project_id: str, name: str, roles: list[dict[str, Any]],
               secret: str | None = None, description: str | None = None,
               expires_at: float | None = None, unrestricted: bool = False,
               access_rules: list[dict[str, Any]] | None = None) -> tuple[Row, str]:
        """Store a new application credential; returns it and its secret (shown only once).

        An access rule is given by `id` (one of the user's existing rules) or by `service`,
        `path` and `method` (reusing the user's identical rule when there is one)."""
        if secret is None:
            secret = base64.urlsafe_b64encode(secrets.token_bytes(64)).rstrip(b"=").decode()
        rule_ids = [self._rule_id(user_id, rule) for rule in access_rules or []]
        cred_id = new_id()
        insert(self.store, "application_credentials", {
            "id": cred_id, "user_id": user_id, "project_id": project_id, "name": name,
            "description": description, "secret_hash": hash_secret(secret),
            "expires_at": expires_at, "unrestricted": int(unrestricted), "roles": dumps(roles),
            "created_at": timestamps.now()},
            "application_credential", f"Duplicate entry found with name {name}")
        with self.store.transaction() as db:
            for rule_id in dict.fromkeys(rule_ids):
                db.execute("INSERT OR IGNORE INTO application_credential_access_rules "
                           "VALUES (?, ?)", (cred_id, rule_id))
        return self.get(cred_id), secret  # type: ignore[return-value]

    def _rule_id(self, user_id: str, rule: dict[str, Any]) -> str:
        """The id of the user's access rule `rule` names, made when it is new."""
        if "id" in rule and not {"service", "path", "method"} & set(rule):
            found = self.get_access_rule(rule["id"])
            if found is None or found["user_id"] != user_id:
                raise NotFound(f"Could not find access rule: {rule['id']}.")
            return found["id"]
        existing = self.store.scalar(
            "SELECT id FROM access_rules WHERE user_id = ? AND service = ? AND path = ? AND "
            "method = ?", (user_id, rule["service"], rule["path"], rule["method"]))
        if existing is None:
            existing = rule.get("id") or new_id()
            insert(self.store, "access_rules", {
                "id": existing, "user_id": user_id, "service": rule["service"],
                "path": rule["path"], "method": rule["method"]},
                "access_rule", f"Duplicate ID, {existing}")
        return existing

    def _rules_of(self, cred_ids: list[str]) -> dict[str, list[Row]]:
        if not cred_ids:
            return {}
        marks = ",".join("?" * len(cred_ids))
        rows = self.store.query(
            f"SELECT l.application_credential_id AS cred, r.* FROM "
            f"application_credential_access_rules l JOIN access_rules r ON "
            f"r.id = l.access_rule_id WHERE l.application_credential_id IN ({marks}) "
            f"ORDER BY r.service, r.path, r.method", cred_ids)
        result: dict[str, list[Row]] = {}
        for row in rows:
            result.setdefault(row.pop("cred"), []).append(row)
        return result

    def _decode(self, rows: list[Row]) -> list[Row]:
        rules = self._rules_of([row["id"] for row in rows])
        for row in rows:
            row["roles"] = loads(row["roles"], [])
            row["access_rules"] = rules.get(row["id"], [])
        return rows

    def get(self, cred_id: str) -> Row | None:
        row = self.store.query_one("SELECT * FROM application_credentials WHERE id = ?",
                                   (cred_id,))
        return self._decode([row])[0] if row is not None else None

    def list(self, user_id: str, name: str | None = None) -> list[Row]:
        sql, params = "SELECT * FROM application_credentials WHERE user_id = ?", [user_id]
        if name is not None:
            sql += " AND name = ?"
            params.append(name)
        return self._decode(self.store.query(sql + " ORDER BY created_at", params))

    def delete(self, cred_id: str) -> None:
        """Forget the credential; the tokens it issued are revoked."""
        revoke_tokens(self.store, "application_credential_id = ?", (cred_id,))
        with self.store.transaction() as db:
            db.execute("DELETE FROM application_credential_access_rules WHERE "
                       "application_credential_id = ?", (cred_id,))
            db.execute("DELETE FROM application_credentials WHERE id = ?", (cred_id,))

    # ----------------------------------------------------------------- access rules
    def list_access_rules(self, user_id: str) -> list[Row]:
        return self.store.query("SELECT * FROM access_rules WHERE user_id = ? ORDER BY "
                                "service, path, method", (user_id,))

    def get_access_rule(self, rule_id: str) -> Row | None:
        return self.store.query_one("SELECT * FROM access_rules WHERE id = ?", (rule_id,))

    def delete_access_rule(self, rule_id: str) -> None:
        """Delete a rule no application credential uses (403 otherwise, as Keystone)."""
        if self.store.scalar("SELECT 1 FROM application_credential_access_rules WHERE "
                             "access_rule_id = ?", (rule_id,)):
            raise Forbidden("May not delete access rule in use")
        self.store.execute("DELETE FROM access_rules WHERE id = ?", (rule_id,))
