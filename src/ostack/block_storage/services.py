"""Block storage services (`/os-services`): the scheduler, volume and backup workers on their
hosts; an admin enables, disables, freezes and thaws them."""

from __future__ import annotations

from typing import Any

from ostack import exceptions
from ostack.proxy import Call, Flow, operation
from ostack.resource import Field, QueryParameters, Resource


class Service(Resource):
    resources_key = "services"
    base_path = "/os-services"
    service_type = "block-storage"
    allow_fetch = False
    status_attribute = None
    find_policy = "list"
    query = QueryParameters("binary", "host")

    active_backend_id = Field()
    availability_zone = Field("zone")
    backend_state = Field(min_microversion="3.49")
    binary = Field()
    cluster = Field(min_microversion="3.7")
    disabled_reason = Field()
    host = Field()
    is_frozen = Field("frozen")
    #: Cinder's services have no name; openstacksdk names them by their binary.
    name = Field("binary")
    replication_status = Field()
    state = Field()
    status = Field()
    updated_at = Field()


def _host_of(service: Any) -> str:
    if not isinstance(service, Service) or not service.host:
        raise exceptions.OstackError(
            "a block storage service is named by its host and binary: give a Service from "
            "services() or find_service()")
    return service.host


class ServiceActions:
    """Enable, disable, freeze and thaw services (admin)."""

    def _service_action(self, service: Any, action: str, body: dict[str, Any]) -> Flow:
        resp = yield Call("PUT", f"/os-services/{action}", json=body)
        answer = (resp.json() or {}) if resp.content else {}
        answer = {key: value for key, value in answer.items() if key != "disabled"}
        return self.made(Service, {**service.raw, **answer})

    @operation
    def enable_service(self, service: Any) -> Flow:
        body = {"binary": service.binary if isinstance(service, Service) else None,
                "host": _host_of(service)}
        return (yield from self._service_action(service, "enable", body))

    @operation
    def disable_service(self, service: Any, *, reason: str | None = None) -> Flow:
        """Disable a service, with the reason recorded when one is given."""
        body = {"binary": service.binary if isinstance(service, Service) else None,
                "host": _host_of(service)}
        if reason:
            body["disabled_reason"] = reason
        action = "disable-log-reason" if reason else "disable"
        return (yield from self._service_action(service, action, body))

    @operation
    def freeze_service(self, service: Any) -> Flow:
        """Freeze a volume host: no new volumes, snapshots ... are placed on it."""
        answer = yield from self._service_action(service, "freeze", {"host": _host_of(service)})
        answer.raw["frozen"] = True
        return answer

    @operation
    def failover_service(self, service: Any, *, cluster: str | None = None,
                         backend_id: str | None = None) -> Flow:
        """Fail a volume host (or `cluster`) over to its replication target `backend_id`
        (`failover` from 3.26, `failover_host` before)."""
        from ostack.transport.microversions import at_least

        action = "failover" if at_least(self._microversion, "3.26") else "failover_host"
        body: dict[str, Any] = {"host": _host_of(service), "backend_id": backend_id}
        if cluster:
            body["cluster"] = cluster
        yield Call("PUT", f"/os-services/{action}", json=body)

    @operation
    def thaw_service(self, service: Any) -> Flow:
        answer = yield from self._service_action(service, "thaw", {"host": _host_of(service)})
        answer.raw["frozen"] = False
        return answer
