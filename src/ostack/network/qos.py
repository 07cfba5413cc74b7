"""Quality of Service (the `qos` extension): policies, their rules of each type (bandwidth
limit, DSCP marking, minimum bandwidth, minimum packet rate) and the rule types the cloud's
drivers support."""

from __future__ import annotations

from ostack.network.tags import TAG_QUERY
from ostack.resource import Field, QueryParameters, Resource


class QoSPolicy(Resource):
    resource_key = "policy"
    resources_key = "policies"
    base_path = "/qos/policies"
    service_type = "network"
    singular = "qos_policy"
    plural = "qos_policies"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    query = QueryParameters("name", "description", "fields", "id", "is_default", "project_id",
                            "sort_key", "sort_dir", is_shared="shared", **TAG_QUERY)

    description = Field()
    is_default = Field()
    is_shared = Field("shared")
    project_id = Field()
    rules = Field()
    tags = Field(default=[])
    tenant_id = Field()


class _QoSRule(Resource):
    """What every rule type shares: it lives under its policy, found by ID only."""

    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "id"


class QoSBandwidthLimitRule(_QoSRule):
    resource_key = "bandwidth_limit_rule"
    resources_key = "bandwidth_limit_rules"
    base_path = "/qos/policies/{qos_policy_id}/bandwidth_limit_rules"
    singular = "qos_bandwidth_limit_rule"

    direction = Field()
    max_burst_kbps = Field()
    max_kbps = Field()


class QoSDSCPMarkingRule(_QoSRule):
    resource_key = "dscp_marking_rule"
    resources_key = "dscp_marking_rules"
    base_path = "/qos/policies/{qos_policy_id}/dscp_marking_rules"
    singular = "qos_dscp_marking_rule"

    dscp_mark = Field()


class QoSMinimumBandwidthRule(_QoSRule):
    resource_key = "minimum_bandwidth_rule"
    resources_key = "minimum_bandwidth_rules"
    base_path = "/qos/policies/{qos_policy_id}/minimum_bandwidth_rules"
    singular = "qos_minimum_bandwidth_rule"

    direction = Field()
    min_kbps = Field()


class QoSMinimumPacketRateRule(_QoSRule):
    resource_key = "minimum_packet_rate_rule"
    resources_key = "minimum_packet_rate_rules"
    base_path = "/qos/policies/{qos_policy_id}/minimum_packet_rate_rules"
    singular = "qos_minimum_packet_rate_rule"

    direction = Field()
    min_kpps = Field()


class QoSRuleType(Resource):
    """A rule type (`bandwidth_limit` ...), identified by its name; shown with the drivers
    that support it and their parameters."""

    resource_key = "rule_type"
    resources_key = "rule_types"
    base_path = "/qos/rule-types"
    service_type = "network"
    singular = "qos_rule_type"
    status_attribute = None
    find_policy = "id"
    query = QueryParameters("type", "drivers", "fields", "all_rules", "all_supported")

    drivers = Field()
    type = Field()


QOS_RESOURCES = (QoSPolicy, QoSBandwidthLimitRule, QoSDSCPMarkingRule, QoSMinimumBandwidthRule,
                 QoSMinimumPacketRateRule, QoSRuleType)
