"""The compute service's tables in the local cloud's SQLite store."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS flavors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, ram INTEGER NOT NULL, vcpus INTEGER NOT NULL,
    disk INTEGER NOT NULL, ephemeral INTEGER NOT NULL DEFAULT 0, swap INTEGER NOT NULL DEFAULT 0,
    rxtx_factor REAL NOT NULL DEFAULT 1.0, is_public INTEGER NOT NULL DEFAULT 1,
    disabled INTEGER NOT NULL DEFAULT 0, description TEXT,
    extra_specs TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS servers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    project_id TEXT NOT NULL, user_id TEXT NOT NULL, image_id TEXT NOT NULL,
    flavor TEXT NOT NULL,  -- JSON copy of the flavor at boot time, as Nova keeps it
    vm_state TEXT NOT NULL, task_state TEXT, power_state INTEGER NOT NULL,
    key_name TEXT, metadata TEXT NOT NULL, user_data TEXT, description TEXT,
    tags TEXT NOT NULL DEFAULT '[]', addresses TEXT NOT NULL, reservation_id TEXT NOT NULL,
    launch_index INTEGER NOT NULL, availability_zone TEXT, pinned_availability_zone TEXT,
    hostname TEXT NOT NULL, config_drive TEXT NOT NULL DEFAULT '',
    access_ipv4 TEXT NOT NULL DEFAULT '', access_ipv6 TEXT NOT NULL DEFAULT '',
    disk_config TEXT NOT NULL DEFAULT 'MANUAL', locked INTEGER NOT NULL DEFAULT 0,
    locked_reason TEXT, trusted_image_certificates TEXT,
    created_at REAL NOT NULL, updated_at REAL NOT NULL, launched_at REAL,
    active_at REAL,  -- when BUILD turns ACTIVE (pending transition)
    delete_at REAL,  -- when a deleting server disappears (pending transition)
    host TEXT, due_at REAL, pending TEXT,  -- the next state-machine steps and when
    old_flavor TEXT, security_groups TEXT NOT NULL DEFAULT '[]', shelved_image_id TEXT,
    fault TEXT, root_device_name TEXT
);
CREATE INDEX IF NOT EXISTS servers_project ON servers (project_id);
CREATE INDEX IF NOT EXISTS servers_due ON servers (due_at);
CREATE TABLE IF NOT EXISTS instance_actions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL, server_id TEXT NOT NULL,
    action TEXT NOT NULL, project_id TEXT NOT NULL, user_id TEXT NOT NULL, message TEXT,
    start_time REAL NOT NULL, updated_at REAL NOT NULL, events TEXT NOT NULL DEFAULT '[]');
CREATE INDEX IF NOT EXISTS instance_actions_server ON instance_actions (server_id);
CREATE TABLE IF NOT EXISTS server_groups (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, project_id TEXT NOT NULL, user_id TEXT NOT NULL,
    policy TEXT NOT NULL, rules TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS server_group_members (
    server_id TEXT PRIMARY KEY, group_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS server_group_members_group ON server_group_members (group_id);
CREATE TABLE IF NOT EXISTS flavor_access (
    flavor_id TEXT NOT NULL, project_id TEXT NOT NULL, PRIMARY KEY (flavor_id, project_id));
CREATE TABLE IF NOT EXISTS compute_quotas (
    project_id TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL,
    PRIMARY KEY (project_id, resource));
CREATE TABLE IF NOT EXISTS compute_services (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, host TEXT NOT NULL, binary TEXT NOT NULL,
    zone TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, disabled_reason TEXT,
    forced_down INTEGER NOT NULL DEFAULT 0, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS keypairs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL, name TEXT NOT NULL,
    type TEXT NOT NULL, public_key TEXT NOT NULL, fingerprint TEXT NOT NULL,
    created_at REAL NOT NULL, UNIQUE (user_id, name));
CREATE TABLE IF NOT EXISTS aggregates (
    id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
    metadata TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL, updated_at REAL);
CREATE TABLE IF NOT EXISTS aggregate_hosts (
    aggregate_id INTEGER NOT NULL, host TEXT NOT NULL, PRIMARY KEY (aggregate_id, host));
CREATE TABLE IF NOT EXISTS migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, server_id TEXT NOT NULL,
    project_id TEXT NOT NULL, user_id TEXT NOT NULL, migration_type TEXT NOT NULL,
    status TEXT NOT NULL, source_compute TEXT, dest_compute TEXT, old_flavor_id INTEGER,
    new_flavor_id INTEGER, memory_total INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL, updated_at REAL);
CREATE INDEX IF NOT EXISTS migrations_server ON migrations (server_id);
CREATE TABLE IF NOT EXISTS console_auth_tokens (
    token_hash TEXT PRIMARY KEY, server_id TEXT NOT NULL, console_type TEXT NOT NULL,
    host TEXT NOT NULL, port INTEGER NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS compute_quota_classes (
    class_name TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL,
    PRIMARY KEY (class_name, resource));
"""
