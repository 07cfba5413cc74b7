"""A port: a network attachment point with a MAC address and fixed IPs (a server's NIC)."""

from __future__ import annotations

from ostack.network.tags import TAG_QUERY
from ostack.resource import Field, QueryParameters, Resource


class Port(Resource):
    resource_key = "port"
    resources_key = "ports"
    base_path = "/ports"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = "status"
    client_token = {"where": "description"}
    query = QueryParameters(
        "binding:host_id", "binding:profile", "binding:vif_details", "binding:vif_type",
        "binding:vnic_type", "description", "device_id", "device_owner", "fields", "fixed_ips",
        "id", "ip_address", "mac_address", "name", "network_id", "status", "subnet_id",
        "project_id", "security_groups", "sort_key", "sort_dir",
        "tags", "tags-any", "not-tags", "not-tags-any",
        tenant_id="project_id", is_admin_state_up="admin_state_up",
        binding_host_id="binding:host_id",
        is_port_security_enabled="port_security_enabled", security_group_ids="security_groups",
        **TAG_QUERY,
    )

    allowed_address_pairs = Field(default=[])
    binding_host_id = Field("binding:host_id")
    binding_profile = Field("binding:profile")
    binding_vif_details = Field("binding:vif_details")
    binding_vif_type = Field("binding:vif_type")
    binding_vnic_type = Field("binding:vnic_type")
    created_at = Field()
    data_plane_status = Field()
    description = Field()
    device_id = Field()
    device_owner = Field()
    device_profile = Field()
    dns_assignment = Field()
    dns_domain = Field()
    dns_name = Field()
    extra_dhcp_opts = Field()
    fixed_ips = Field(default=[])
    hardware_offload_type = Field()
    ip_allocation = Field()
    is_admin_state_up = Field("admin_state_up")
    is_port_security_enabled = Field("port_security_enabled")
    mac_address = Field()
    network_id = Field()
    numa_affinity_policy = Field()
    project_id = Field()
    propagate_uplink_status = Field()
    pvlan_type = Field()
    pvlan_community = Field()
    qos_network_policy_id = Field()
    qos_policy_id = Field()
    resource_request = Field()
    revision_number = Field()
    security_group_ids = Field("security_groups", default=[])
    status = Field()
    tags = Field(default=[])
    trunk_details = Field()
    trusted = Field()
    updated_at = Field()
