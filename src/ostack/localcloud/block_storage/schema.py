"""The block storage service's tables in the local cloud's SQLite store."""

SCHEMA = """
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
CREATE TABLE IF NOT EXISTS volume_quota_classes (
    class_name TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL,
    PRIMARY KEY (class_name, resource));
CREATE TABLE IF NOT EXISTS volume_records (
    kind TEXT NOT NULL, id TEXT NOT NULL, project_id TEXT, data TEXT NOT NULL,
    created_at REAL NOT NULL, PRIMARY KEY (kind, id));
"""
