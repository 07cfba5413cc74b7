"""User messages (3.3+): what went wrong with a user's request after Cinder accepted it
(a volume that could not be created, a backup that failed ...)."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Message(Resource):
    resource_key = "message"
    resources_key = "messages"
    base_path = "/messages"
    service_type = "block-storage"
    allow_delete = True
    status_attribute = None
    find_policy = "id"
    query = QueryParameters("project_id", "sort", "offset")

    created_at = Field(min_microversion="3.3")
    event_id = Field(min_microversion="3.3")
    guaranteed_until = Field(min_microversion="3.3")
    message_level = Field(min_microversion="3.3")
    request_id = Field(min_microversion="3.3")
    resource_type = Field(min_microversion="3.3")
    resource_uuid = Field(min_microversion="3.3")
    user_message = Field(min_microversion="3.3")
