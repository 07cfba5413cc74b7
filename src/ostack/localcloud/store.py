"""The local cloud's state: one SQLite database (WAL mode) behind one connection and a lock.

Every service keeps its records here, so the cloud survives a restart. The handlers never touch
SQL: they call the service backends (`identity/backend.py`, `compute/backend.py`,
`image/backend.py`), which use this store.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS domains (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT,
    enabled INTEGER NOT NULL DEFAULT 1, extra TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS projects (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, domain_id TEXT NOT NULL, description TEXT,
    enabled INTEGER NOT NULL DEFAULT 1, parent_id TEXT, tags TEXT NOT NULL DEFAULT '[]',
    extra TEXT NOT NULL DEFAULT '{}', UNIQUE (domain_id, name));
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, domain_id TEXT NOT NULL, password_hash TEXT,
    enabled INTEGER NOT NULL DEFAULT 1, default_project_id TEXT, description TEXT, email TEXT,
    extra TEXT NOT NULL DEFAULT '{}', UNIQUE (domain_id, name));
CREATE TABLE IF NOT EXISTS roles (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT);
CREATE TABLE IF NOT EXISTS assignments (
    role_id TEXT NOT NULL, user_id TEXT NOT NULL,
    target_type TEXT NOT NULL,  -- project | domain | system
    target_id TEXT NOT NULL,    -- project id, domain id, or 'all'
    PRIMARY KEY (role_id, user_id, target_type, target_id));
CREATE TABLE IF NOT EXISTS application_credentials (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL, project_id TEXT NOT NULL, name TEXT NOT NULL,
    description TEXT, secret_hash TEXT NOT NULL, expires_at REAL, unrestricted INTEGER NOT NULL,
    roles TEXT NOT NULL, created_at REAL NOT NULL, UNIQUE (user_id, name));
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY, user_id TEXT NOT NULL,
    scope_type TEXT NOT NULL,  -- unscoped | project | domain | system
    scope_id TEXT, methods TEXT NOT NULL, audit_ids TEXT NOT NULL,
    application_credential_id TEXT, issued_at REAL NOT NULL, expires_at REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS tokens_expiry ON tokens (expires_at);
CREATE TABLE IF NOT EXISTS regions (
    id TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '', parent_region_id TEXT);
CREATE TABLE IF NOT EXISTS services (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT, description TEXT,
    enabled INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS endpoints (
    id TEXT PRIMARY KEY, service_id TEXT NOT NULL, interface TEXT NOT NULL,
    region_id TEXT, url TEXT NOT NULL, enabled INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS tokens_user ON tokens (user_id);
CREATE TABLE IF NOT EXISTS groups (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, domain_id TEXT NOT NULL, description TEXT,
    extra TEXT NOT NULL DEFAULT '{}', UNIQUE (domain_id, name));
CREATE TABLE IF NOT EXISTS group_members (
    group_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (group_id, user_id));
CREATE INDEX IF NOT EXISTS group_members_user ON group_members (user_id);
CREATE TABLE IF NOT EXISTS group_assignments (
    role_id TEXT NOT NULL, group_id TEXT NOT NULL,
    target_type TEXT NOT NULL, target_id TEXT NOT NULL,  -- as in assignments
    PRIMARY KEY (role_id, group_id, target_type, target_id));
CREATE TABLE IF NOT EXISTS implied_roles (
    prior_role_id TEXT NOT NULL, implied_role_id TEXT NOT NULL,
    PRIMARY KEY (prior_role_id, implied_role_id));
CREATE TABLE IF NOT EXISTS access_rules (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL, service TEXT NOT NULL, path TEXT NOT NULL,
    method TEXT NOT NULL, UNIQUE (user_id, service, path, method));
CREATE TABLE IF NOT EXISTS application_credential_access_rules (
    application_credential_id TEXT NOT NULL, access_rule_id TEXT NOT NULL,
    PRIMARY KEY (application_credential_id, access_rule_id));

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

CREATE TABLE IF NOT EXISTS images (
    id TEXT PRIMARY KEY, name TEXT, status TEXT NOT NULL, visibility TEXT NOT NULL,
    owner TEXT, disk_format TEXT, container_format TEXT, size INTEGER, virtual_size INTEGER,
    checksum TEXT, os_hash_algo TEXT, os_hash_value TEXT, min_disk INTEGER NOT NULL DEFAULT 0,
    min_ram INTEGER NOT NULL DEFAULT 0, protected INTEGER NOT NULL DEFAULT 0,
    os_hidden INTEGER NOT NULL DEFAULT 0, tags TEXT NOT NULL DEFAULT '[]',
    properties TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS image_members (
    image_id TEXT NOT NULL, member_id TEXT NOT NULL, status TEXT NOT NULL,
    created_at REAL NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (image_id, member_id));
CREATE TABLE IF NOT EXISTS image_transitions (
    image_id TEXT NOT NULL, status TEXT NOT NULL,  -- the status the image takes at due_at
    due_at REAL,  -- NULL: not scheduled (e.g. the hashes of staged data, awaiting import)
    data TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (image_id, status));
CREATE TABLE IF NOT EXISTS volumes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    user_id TEXT NOT NULL, name TEXT, description TEXT, size INTEGER NOT NULL,
    status TEXT NOT NULL, attach_status TEXT NOT NULL DEFAULT 'detached',
    volume_type_id TEXT, availability_zone TEXT NOT NULL, bootable INTEGER NOT NULL DEFAULT 0,
    multiattach INTEGER NOT NULL DEFAULT 0, readonly INTEGER NOT NULL DEFAULT 0,
    metadata TEXT NOT NULL DEFAULT '{}', image_metadata TEXT, snapshot_id TEXT,
    source_volid TEXT, migration_status TEXT, host TEXT, created_at REAL NOT NULL,
    updated_at REAL, launched_at REAL,
    pending_status TEXT, pending_at REAL  -- a background transition and when it is due
);
CREATE INDEX IF NOT EXISTS volumes_project ON volumes (project_id);
CREATE TABLE IF NOT EXISTS volume_attachments (
    id TEXT PRIMARY KEY, volume_id TEXT NOT NULL, project_id TEXT NOT NULL, server_id TEXT,
    host TEXT, device TEXT, attach_status TEXT NOT NULL, attach_mode TEXT NOT NULL,
    tag TEXT, delete_on_termination INTEGER NOT NULL DEFAULT 0, bdm_uuid TEXT,
    connector TEXT, created_at REAL NOT NULL, updated_at REAL, attached_at REAL);
CREATE INDEX IF NOT EXISTS volume_attachments_server ON volume_attachments (server_id);
CREATE TABLE IF NOT EXISTS snapshots (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    user_id TEXT NOT NULL, volume_id TEXT NOT NULL, name TEXT, description TEXT,
    size INTEGER NOT NULL, status TEXT NOT NULL, progress TEXT NOT NULL DEFAULT '0%',
    metadata TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL, updated_at REAL,
    pending_status TEXT, pending_at REAL);
CREATE TABLE IF NOT EXISTS volume_types (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT,
    is_public INTEGER NOT NULL DEFAULT 1, extra_specs TEXT NOT NULL DEFAULT '{}',
    created_at REAL NOT NULL, updated_at REAL);
CREATE TABLE IF NOT EXISTS volume_type_access (
    type_id TEXT NOT NULL, project_id TEXT NOT NULL, PRIMARY KEY (type_id, project_id));
CREATE TABLE IF NOT EXISTS volume_quotas (
    project_id TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL,
    PRIMARY KEY (project_id, resource));
CREATE TABLE IF NOT EXISTS backups (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    user_id TEXT NOT NULL, volume_id TEXT NOT NULL, snapshot_id TEXT, parent_id TEXT,
    name TEXT, description TEXT, size INTEGER NOT NULL, status TEXT NOT NULL,
    container TEXT, availability_zone TEXT, metadata TEXT NOT NULL DEFAULT '{}',
    fail_reason TEXT, created_at REAL NOT NULL, updated_at REAL, data_timestamp REAL,
    pending_status TEXT, pending_at REAL);
CREATE TABLE IF NOT EXISTS swift_accounts (
    name TEXT PRIMARY KEY, metadata TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL,
    put_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS swift_containers (
    account TEXT NOT NULL, name TEXT NOT NULL, metadata TEXT NOT NULL DEFAULT '{}',
    created_at REAL NOT NULL, put_at REAL NOT NULL, PRIMARY KEY (account, name));
CREATE TABLE IF NOT EXISTS swift_objects (
    account TEXT NOT NULL, container TEXT NOT NULL, name TEXT NOT NULL, file TEXT NOT NULL,
    bytes INTEGER NOT NULL, etag TEXT NOT NULL, content_type TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL, updated_at REAL NOT NULL,
    delete_at INTEGER, PRIMARY KEY (account, container, name));
CREATE INDEX IF NOT EXISTS swift_objects_expiry ON swift_objects (delete_at)
    WHERE delete_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS networks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0, external INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS subnets (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
    network_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS subnets_network ON subnets (network_id);
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
CREATE TABLE IF NOT EXISTS image_locations (
    image_id TEXT NOT NULL, store TEXT NOT NULL, created_at REAL NOT NULL,
    PRIMARY KEY (image_id, store));
CREATE TABLE IF NOT EXISTS image_tasks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
    status TEXT NOT NULL, owner TEXT, image_id TEXT, request_id TEXT, user_id TEXT,
    input TEXT NOT NULL DEFAULT '{}', result TEXT, message TEXT NOT NULL DEFAULT '',
    expires_at REAL, created_at REAL NOT NULL, updated_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS image_tasks_image ON image_tasks (image_id);
CREATE TABLE IF NOT EXISTS image_cache (
    image_id TEXT PRIMARY KEY, state TEXT NOT NULL,  -- queued | cached
    hits INTEGER NOT NULL DEFAULT 0, size INTEGER, last_accessed REAL, last_modified REAL,
    due_at REAL);  -- when a queued image is cached
CREATE TABLE IF NOT EXISTS metadef_namespaces (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
    namespace TEXT NOT NULL UNIQUE, display_name TEXT, description TEXT,
    visibility TEXT NOT NULL, protected INTEGER NOT NULL DEFAULT 0, owner TEXT,
    created_at REAL NOT NULL, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS metadef_objects (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, namespace_id TEXT NOT NULL, name TEXT NOT NULL,
    description TEXT, required TEXT, properties TEXT, created_at REAL NOT NULL,
    updated_at REAL NOT NULL, UNIQUE (namespace_id, name));
CREATE TABLE IF NOT EXISTS metadef_properties (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, namespace_id TEXT NOT NULL, name TEXT NOT NULL,
    schema TEXT NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL,
    UNIQUE (namespace_id, name));
CREATE TABLE IF NOT EXISTS metadef_tags (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, namespace_id TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE, created_at REAL NOT NULL, updated_at REAL NOT NULL,
    UNIQUE (namespace_id, name));
CREATE TABLE IF NOT EXISTS metadef_resource_types (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,
    protected INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS metadef_associations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, namespace_id TEXT NOT NULL,
    resource_type TEXT NOT NULL, prefix TEXT, properties_target TEXT,
    created_at REAL NOT NULL, updated_at REAL NOT NULL, UNIQUE (namespace_id, resource_type));
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
CREATE TABLE IF NOT EXISTS volume_quota_classes (
    class_name TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL,
    PRIMARY KEY (class_name, resource));
CREATE TABLE IF NOT EXISTS identity_records (
    kind TEXT NOT NULL, id TEXT NOT NULL, owner_id TEXT, data TEXT NOT NULL,
    PRIMARY KEY (kind, id));
CREATE TABLE IF NOT EXISTS volume_records (
    kind TEXT NOT NULL, id TEXT NOT NULL, project_id TEXT, data TEXT NOT NULL,
    created_at REAL NOT NULL, PRIMARY KEY (kind, id));
"""

TABLES = (
    "meta", "domains", "projects", "users", "roles", "assignments", "application_credentials",
    "tokens", "regions", "services", "endpoints", "groups", "group_members", "group_assignments",
    "implied_roles", "access_rules", "application_credential_access_rules",
    "flavors", "servers", "keypairs", "images",
    "instance_actions", "server_groups", "server_group_members", "flavor_access",
    "compute_quotas", "compute_services",
    "image_members", "image_transitions",
    "volumes", "volume_attachments", "snapshots", "volume_types", "volume_type_access",
    "volume_quotas", "backups",
    "swift_accounts", "swift_containers", "swift_objects",
    "networks", "subnets", "ports", "ip_allocations", "routers", "floatingips",
    "security_groups", "default_security_groups", "security_group_rules", "network_quotas",
    "image_locations", "image_tasks", "image_cache", "metadef_namespaces", "metadef_objects",
    "metadef_properties", "metadef_tags", "metadef_resource_types", "metadef_associations",
    "aggregates", "aggregate_hosts", "migrations", "console_auth_tokens",
    "compute_quota_classes", "volume_quota_classes",
    "identity_records", "volume_records",
)


class Store:
    """One SQLite database; safe to share between threads (a lock guards the connection)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:" and not os.path.exists(self.path):
            # Create it 0600 first: SQLite gives its -wal and -shm files the same mode.
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA busy_timeout=5000")
        self._create()

    def _create(self) -> None:
        with self._lock:
            self._conn.executescript(SCHEMA)
            self._conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                (SCHEMA_VERSION,),
            )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run several statements atomically (BEGIN IMMEDIATE ... COMMIT)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement in its own transaction; return the number of rows changed."""
        with self._lock:
            return self._conn.execute(sql, params).rowcount

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts."""
        with self._lock:
            return [dict(row) for row in self._conn.execute(sql, params)]

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        """The first row as a dict, or None."""
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
        return dict(row) if row is not None else None

    def column(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The first column of every row."""
        with self._lock:
            return [row[0] for row in self._conn.execute(sql, params)]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
        return row[0] if row is not None else None

    def create_function(self, name: str, arity: int, func: Any) -> None:
        """Register a Python function for SQL (e.g. `regexp` for the REGEXP operator)."""
        with self._lock:
            self._conn.create_function(name, arity, func, deterministic=True)

    def get_meta(self, key: str) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = ?", (key,))

    def set_meta(self, key: str, value: str) -> None:
        self.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def wipe(self) -> None:
        """Drop every record (the operator's reset); the schema is created again, empty."""
        with self._lock:
            for table in TABLES:
                self._conn.execute(f"DROP TABLE IF EXISTS {table}")
            self._create()

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def dumps(value: Any) -> str:
    """JSON for a column."""
    return json.dumps(value, separators=(",", ":"))


def loads(text: str | None, default: Any = None) -> Any:
    """A JSON column back to Python."""
    return default if text is None else json.loads(text)
