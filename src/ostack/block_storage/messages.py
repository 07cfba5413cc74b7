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

    created_at = Field()
    event_id = Field()
    guaranteed_until = Field()
    message_level = Field()
    request_id = Field()
    resource_type = Field()
    resource_uuid = Field()
    user_message = Field()
