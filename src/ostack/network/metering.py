"""Metering labels and their rules (the `metering` extension): traffic counted per label, by
remote prefix or by source and destination prefixes."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class MeteringLabel(Resource):
    resource_key = "metering_label"
    resources_key = "metering_labels"
    base_path = "/metering/metering-labels"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    query = QueryParameters("description", "fields", "name", "project_id", "sort_key",
                            "sort_dir", is_shared="shared")

    description = Field()
    is_shared = Field("shared")
    project_id = Field()
    tenant_id = Field()


class MeteringLabelRule(Resource):
    resource_key = "metering_label_rule"
    resources_key = "metering_label_rules"
    base_path = "/metering/metering-label-rules"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "id"
    query = QueryParameters("direction", "fields", "metering_label_id", "remote_ip_prefix",
                            "source_ip_prefix", "destination_ip_prefix", "project_id",
                            "sort_key", "sort_dir")

    destination_ip_prefix = Field()
    direction = Field()
    is_excluded = Field("excluded")
    metering_label_id = Field()
    project_id = Field()
    remote_ip_prefix = Field()
    source_ip_prefix = Field()
    tenant_id = Field()


METERING_RESOURCES = (MeteringLabel, MeteringLabelRule)
