"""`conn.identity`: the token and its catalog, projects, users, domains and roles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ostack.auth.access import AccessInfo
from ostack.identity.domains import Domain
from ostack.identity.projects import Project
from ostack.identity.roles import Role
from ostack.identity.users import User
from ostack.proxy import ServiceProxy
from ostack.transport.catalog import ServiceCatalog


class IdentityService(ServiceProxy):
    """The Identity service (Keystone v3)."""

    service_type = "identity"

    # -- token --------------------------------------------------------------------------------
    def get_access(self) -> AccessInfo:
        """The session's token and what it carries (scope, roles, expiry, catalog)."""
        return self.session.get_access()

    def catalog(self) -> ServiceCatalog:
        return self.session.catalog

    def validate_token(self, token: str) -> AccessInfo:
        """GET /v3/auth/tokens: the body of another token (NotFound when revoked)."""
        resp = self.request("GET", "/v3/auth/tokens", headers={"X-Subject-Token": token})
        return AccessInfo(token=token, body=resp.json() or {})

    def revoke_token(self, token: str) -> None:
        """DELETE /v3/auth/tokens: revoke a token."""
        self.request("DELETE", "/v3/auth/tokens", headers={"X-Subject-Token": token})

    # -- projects -----------------------------------------------------------------------------
    def projects(self, **query: Any) -> Iterator[Project]:
        return self._list(Project, **query)

    def get_project(self, project: str) -> Project:
        return self._get(Project, project)

    def find_project(self, name_or_id: str, ignore_missing: bool = True,
                     **query: Any) -> Project | None:
        return self._find(Project, name_or_id, ignore_missing=ignore_missing,
                          list_query={"name": name_or_id, **query})

    def create_project(self, name: str, **attrs: Any) -> Project:
        return self._create(Project, {"name": name, **Project.wire_body(attrs)})

    def delete_project(self, project: str | Project, ignore_missing: bool = True) -> None:
        self._delete(Project, project, ignore_missing=ignore_missing)

    # -- users --------------------------------------------------------------------------------
    def users(self, **query: Any) -> Iterator[User]:
        return self._list(User, **query)

    def get_user(self, user: str) -> User:
        return self._get(User, user)

    def find_user(self, name_or_id: str, ignore_missing: bool = True,
                  **query: Any) -> User | None:
        return self._find(User, name_or_id, ignore_missing=ignore_missing,
                          list_query={"name": name_or_id, **query})

    def create_user(self, name: str, **attrs: Any) -> User:
        return self._create(User, {"name": name, **User.wire_body(attrs)})

    def delete_user(self, user: str | User, ignore_missing: bool = True) -> None:
        self._delete(User, user, ignore_missing=ignore_missing)

    # -- domains and roles --------------------------------------------------------------------
    def domains(self, **query: Any) -> Iterator[Domain]:
        return self._list(Domain, **query)

    def roles(self, **query: Any) -> Iterator[Role]:
        return self._list(Role, **query)
