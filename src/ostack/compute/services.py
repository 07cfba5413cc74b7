"""A compute service (nova-compute, nova-scheduler ... on a host), enabled or disabled, up or
forced down.

From 2.53 a service is updated by its UUID (`PUT /os-services/{id}`, an unwrapped body);
before, by host and binary through `PUT /os-services/{enable,disable,disable-log-reason,
force-down}`. The methods take either a service (or its ID) or a host and a binary, and pick
the call the negotiated microversion allows, as openstacksdk does.
"""

from __future__ import annotations

from typing import Any

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource
from ostack.transport.microversions import at_least


class Service(Resource):
    resource_key = "service"
    resources_key = "services"
    base_path = "/os-services"
    service_type = "compute"
    allow_fetch = False
    allow_commit = allow_delete = True
    find_policy = "list"
    pagination = "none"
    status_attribute = None
    query = QueryParameters("binary", "host", name="binary")

    availability_zone = Field("zone")
    binary = Field()
    name = Field("binary")
    host = Field()
    disabled_reason = Field()
    is_forced_down = Field("forced_down", min_microversion="2.11")
    state = Field()
    status = Field()
    updated_at = Field()


class ServiceActions:
    """Enable, disable and force down a compute service."""

    def _service_of(self, service: Any, host: str | None, binary: str | None) -> Flow:
        """The service to act on: as given, or found by host and binary."""
        by_id = at_least(self._microversion, "2.53")  # type: ignore[attr-defined]
        if isinstance(service, Service):
            host, binary = host or service.host, binary or service.binary
        if service is not None:
            if isinstance(service, Service) and (service.id if by_id else
                                                 service.host and service.binary):
                return service
            if isinstance(service, str) and by_id:
                return Service({"id": service, "host": host, "binary": binary},
                               self._microversion)  # type: ignore[attr-defined]
        if binary is None or host is None:
            raise exceptions.OstackError(
                "give a service with its host and binary, or host= and binary=")
        if not by_id:
            return Service({"host": host, "binary": binary},
                           self._microversion)  # type: ignore[attr-defined]
        found = yield from self.collect(  # type: ignore[attr-defined]
            self.list_flow(Service, host=host, binary=binary))  # type: ignore[attr-defined]
        if not found:
            raise exceptions.NotFound(
                f"no {binary} service runs on host {host}", status_code=404)
        if len(found) > 1:
            raise exceptions.NoUniqueMatch(
                f"more than one {binary} service runs on host {host}")
        return found[0]

    def _legacy(self, action: str, body: dict[str, Any], **options: Any) -> Flow:
        resp = yield Call("PUT", f"/os-services/{action}", json=body, **options)
        return self.one(Service, resp)  # type: ignore[attr-defined]

    @operation
    def update_service(self, service: Any, **attrs: Any) -> Flow:
        """Change `status`, `disabled_reason` or `forced_down` of a service (2.53 and later)."""
        if not at_least(self._microversion, "2.53"):  # type: ignore[attr-defined]
            raise exceptions.MicroversionError(
                "updating a service by its ID needs compute API microversion 2.53 or later")
        body = Service.wire_body(attrs)
        resp = yield Call("PUT", f"/os-services/{resource_id(service)}", json=body)
        return self.one(Service, resp)  # type: ignore[attr-defined]

    @operation
    def enable_service(self, service: Any, host: str | None = None,
                       binary: str | None = None) -> Flow:
        """Enable a service (let the scheduler place servers on its host again)."""
        found = yield from self._service_of(service, host, binary)
        if at_least(self._microversion, "2.53"):  # type: ignore[attr-defined]
            return (yield from self.sub("update_service", found,  # type: ignore[attr-defined]
                                        status="enabled"))
        return (yield from self._legacy("enable", {"host": found.host,
                                                   "binary": found.binary}))

    @operation
    def disable_service(self, service: Any, host: str | None = None,
                        binary: str | None = None, disabled_reason: str | None = None) -> Flow:
        """Disable a service, with an optional reason."""
        found = yield from self._service_of(service, host, binary)
        if at_least(self._microversion, "2.53"):  # type: ignore[attr-defined]
            attrs: dict[str, Any] = {"status": "disabled"}
            if disabled_reason:
                attrs["disabled_reason"] = disabled_reason
            return (yield from self.sub("update_service", found,  # type: ignore[attr-defined]
                                        **attrs))
        body: dict[str, Any] = {"host": found.host, "binary": found.binary}
        if disabled_reason:
            body["disabled_reason"] = disabled_reason
            return (yield from self._legacy("disable-log-reason", body))
        return (yield from self._legacy("disable", body))

    @operation
    def update_service_forced_down(self, service: Any, host: str | None = None,
                                   binary: str | None = None, forced: bool = True) -> Flow:
        """Mark a service forced down (fenced) or clear the mark (2.11 and later)."""
        found = yield from self._service_of(service, host, binary)
        if at_least(self._microversion, "2.53"):  # type: ignore[attr-defined]
            return (yield from self.sub("update_service", found,  # type: ignore[attr-defined]
                                        forced_down=forced))
        if not at_least(self._microversion, "2.11"):  # type: ignore[attr-defined]
            raise exceptions.MicroversionError(
                "forcing a service down needs compute API microversion 2.11 or later")
        # The force-down action only takes `forced_down` between 2.11 and 2.52.
        return (yield from self._legacy(
            "force-down", {"host": found.host, "binary": found.binary, "forced_down": forced},
            microversion="2.11"))
