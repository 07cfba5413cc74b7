"""A domain's configuration (`/v3/domains/{domain_id}/config`): per-domain identity driver
options (`identity`, `ldap` groups), one document per domain, without an ID of its own."""

from __future__ import annotations

from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class DomainConfig(Resource):
    resource_key = "config"
    base_path = "/v3/domains/{domain_id}/config"
    service_type = "identity"
    singular = "domain_config"
    status_attribute = None
    allow_list = allow_fetch = False  # reached through the actions below

    domain_id = Field()
    identity = Field(doc="{'driver': ...}")
    ldap = Field(doc="{'url': ..., 'user_tree_dn': ...}")


def _config_path(domain: Any) -> str:
    return f"/v3/domains/{quote(resource_id(domain), safe='')}/config"


def _config(resp: Any, domain: Any, microversion: str | None) -> DomainConfig:
    body = dict((resp.json() or {}).get("config") or {}) if resp.content else {}
    body["domain_id"] = resource_id(domain)
    return DomainConfig(body, microversion)


class DomainConfigActions:
    """Create (PUT), show, update (PATCH) and delete a domain's configuration."""

    @operation
    def create_domain_config(self, domain: Any, **attrs: Any) -> Flow:
        """Set the domain's configuration (`identity=`, `ldap=` groups of options)."""
        resp = yield Call("PUT", _config_path(domain), json={"config": attrs})
        return _config(resp, domain, self._microversion)

    @operation
    def get_domain_config(self, domain: Any) -> Flow:
        resp = yield Call("GET", _config_path(domain))
        return _config(resp, domain, self._microversion)

    @operation
    def update_domain_config(self, domain: Any, **attrs: Any) -> Flow:
        """Change some options; the whole configuration after the change."""
        resp = yield Call("PATCH", _config_path(domain), json={"config": attrs})
        return _config(resp, domain, self._microversion)

    @operation
    def delete_domain_config(self, domain: Any, ignore_missing: bool = True) -> Flow:
        try:
            yield Call("DELETE", _config_path(domain))
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise
