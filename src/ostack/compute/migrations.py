"""A migration (os-migrations): the record of any move of a server (cold or live migration,
resize, evacuation), listed across servers; admin-only by default."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Migration(Resource):
    resources_key = "migrations"
    base_path = "/os-migrations"
    service_type = "compute"
    singular = "migration"
    allow_fetch = False
    find_policy = "list"
    query = QueryParameters(
        "host", "status", "migration_type", "source_compute", "user_id", "project_id",
        "instance_uuid", "hidden",
        changes_since="changes-since", changes_before="changes-before",
        server_id="instance_uuid",
    )

    created_at = Field()
    updated_at = Field()
    status = Field()
    migration_type = Field(min_microversion="2.23")
    server_id = Field("instance_uuid")
    source_compute = Field()
    source_node = Field()
    dest_compute = Field()
    dest_host = Field()
    dest_node = Field()
    old_flavor_id = Field("old_instance_type_id")
    new_flavor_id = Field("new_instance_type_id")
    uuid = Field(min_microversion="2.59")
    user_id = Field(min_microversion="2.80")
    project_id = Field(min_microversion="2.80")
    links = Field()
