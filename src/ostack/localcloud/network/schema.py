"""The network service's tables in the local cloud's SQLite store."""

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
CREATE TABLE IF NOT EXISTS routers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    data TEXT NOT NULL);
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
"""
