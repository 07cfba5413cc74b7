"""A server action (os-instance-actions): what was done to a server, by whom, when, and the
events each step recorded. Named by its request ID. (Not to be confused with the actions one
runs on a server, `POST /servers/{id}/action`.)"""

from __future__ import annotations

from typing import Any

from ostack import exceptions
from ostack.compute.server_interfaces import server_of
from ostack.proxy import Call, Flow, listing, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class ServerActionEvent(Resource):
    """One event of a server action (`compute_stop_instance` ...), as openstacksdk names it."""

    status_attribute = None

    event = Field()
    start_time = Field()
    finish_time = Field()
    result = Field()
    traceback = Field()
    host = Field()
    host_id = Field("hostId")
    details = Field(min_microversion="2.84")


class ServerAction(Resource):
    resource_key = "instanceAction"
    resources_key = "instanceActions"
    singular = "server_action"
    plural = "server_actions"
    base_path = "/servers/{server_id}/os-instance-actions"
    service_type = "compute"
    find_policy = "id"
    status_attribute = None
    marker_attribute = "request_id"
    query = QueryParameters(changes_since="changes-since", changes_before="changes-before")

    id = Field("request_id")
    request_id = Field()
    server_id = Field("instance_uuid", doc="the server (openstacksdk reads it from the path)")
    action = Field()
    user_id = Field()
    project_id = Field()
    start_time = Field()
    updated_at = Field(min_microversion="2.58")
    message = Field()
    events = Field(doc="[{event, start_time, finish_time, result, traceback, host, hostId, "
                       "details}] when read one by one (see `action_events`)")

    def action_events(self) -> list[ServerActionEvent]:
        """The events as resources (`host_id` for `hostId`)."""
        return [ServerActionEvent(e, self._microversion) for e in self.events or []]


class ServerActionActions:
    """Server actions with openstacksdk's `(server_action, server)` order."""

    @listing
    def server_actions(self, server: Any, **query: Any) -> Flow:
        """The actions recorded for a server, newest first (`changes_since=`, `limit=`,
        `marker=` from 2.58; `changes_before=` from 2.66)."""
        return self.list_flow(ServerAction, {"server_id": server}, **query)

    @operation
    def get_server_action(self, server_action: Any, server: Any = None,
                          ignore_missing: bool = True) -> Flow:
        """One action of a server, with its events."""
        sid = server_of(server_action, server)
        try:
            resp = yield Call("GET", f"/servers/{sid}/os-instance-actions/"
                                     f"{resource_id(server_action)}")
        except exceptions.NotFound:
            if ignore_missing:
                return None
            raise
        return self.one(ServerAction, resp)
