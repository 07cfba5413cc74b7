"""A port: a network attachment point with a MAC address and fixed IPs (a server's NIC)."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Port(Resource):
    resource_key = "port"
    resources_key = "ports"
    base_path = "/ports"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = "status"
    query = QueryParameters(
        "binding:host_id", "binding:profile", "binding:vif_details", "binding:vif_type",
        "binding:vnic_type", "description", "device_id", "device_owner", "fields", "fixed_ips",
        "id", "ip_address", "mac_address", "name", "network_id", "status", "subnet_id",
        "project_id", "security_groups", "sort_key", "sort_dir",
        "tags", "tags-any", "not-tags", "not-tags-any",
        tenant_id="project_id", is_admin_state_up="admin_state_up",
        is_port_security_enabled="port_security_enabled", security_group_ids="security_groups",
    )

    allowed_address_pairs = Field(default=[])
    binding_host_id = Field("binding:host_id")
    binding_profile = Field("binding:profile")
    binding_vif_details = Field("binding:vif_details")
    binding_vif_type = Field("binding:vif_type")
    binding_vnic_type = Field("binding:vnic_type")
    created_at = Field()
    description = Field()
    device_id = Field()
    device_owner = Field()
    dns_assignment = Field()
    dns_domain = Field()
    dns_name = Field()
    extra_dhcp_opts = Field()
    fixed_ips = Field(default=[])
    is_admin_state_up = Field("admin_state_up")
    is_port_security_enabled = Field("port_security_enabled")
    mac_address = Field()
    network_id = Field()
    project_id = Field()
    qos_policy_id = Field()
    revision_number = Field()
    security_group_ids = Field("security_groups", default=[])
    status = Field()
    tags = Field(default=[])
    updated_at = Field()
