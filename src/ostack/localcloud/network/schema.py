"""The network service's tables in the local cloud's SQLite store."""

#: The tables that keep a document a row, by id and owning project.
DOCUMENT_TABLES = (
    "routers", "address_groups", "rbac_policies", "default_security_group_rules", "segments",
    "network_segment_ranges", "trunks", "metering_labels", "network_flavors", "service_profiles",
    "local_ips", "ndp_proxies", "security_group_default_statefulness",
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS networks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0, external INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS subnets (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    network_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS subnets_network ON subnets (network_id);
CREATE TABLE IF NOT EXISTS subnetpools (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ports (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    network_id TEXT NOT NULL, device_id TEXT NOT NULL DEFAULT '',
    device_owner TEXT NOT NULL DEFAULT '', mac_address TEXT NOT NULL,
    nova_created INTEGER NOT NULL DEFAULT 0, nova_tag TEXT, data TEXT NOT NULL,
    UNIQUE (network_id, mac_address));
CREATE INDEX IF NOT EXISTS ports_device ON ports (device_id);
CREATE INDEX IF NOT EXISTS ports_network ON ports (network_id);
CREATE INDEX IF NOT EXISTS ports_project ON ports (project_id);
CREATE TABLE IF NOT EXISTS ip_allocations (
    subnet_id TEXT NOT NULL, ip_address TEXT NOT NULL, port_id TEXT NOT NULL,
    network_id TEXT NOT NULL, PRIMARY KEY (subnet_id, ip_address));
CREATE INDEX IF NOT EXISTS ip_allocations_port ON ip_allocations (port_id);
CREATE TABLE IF NOT EXISTS floatingips (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    floating_network_id TEXT NOT NULL, port_id TEXT, router_id TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS floatingips_port ON floatingips (port_id);
CREATE TABLE IF NOT EXISTS security_groups (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    name TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS default_security_groups (
    project_id TEXT PRIMARY KEY, security_group_id TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS security_group_rules (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    security_group_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS security_group_rules_group ON security_group_rules
    (security_group_id);
CREATE TABLE IF NOT EXISTS network_quotas (
    project_id TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL,
    PRIMARY KEY (project_id, resource));
CREATE TABLE IF NOT EXISTS qos_policies (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS qos_rules (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, qos_policy_id TEXT NOT NULL,
    project_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS network_agents (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agent_bindings (
    agent_id TEXT NOT NULL, resource TEXT NOT NULL, resource_id TEXT NOT NULL,
    PRIMARY KEY (agent_id, resource, resource_id));
CREATE TABLE IF NOT EXISTS address_scopes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS port_forwardings (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    floatingip_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS metering_label_rules (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    metering_label_id TEXT NOT NULL DEFAULT '', data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS local_ip_associations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, local_ip_id TEXT NOT NULL,
    fixed_port_id TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (local_ip_id, fixed_port_id));
CREATE TABLE IF NOT EXISTS conntrack_helpers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, router_id TEXT NOT NULL,
    data TEXT NOT NULL);
""" + "".join(
    f"CREATE TABLE IF NOT EXISTS {name} (\n    seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,\n    data TEXT NOT NULL);\n"
    for name in DOCUMENT_TABLES)
