"""The object store service's tables in the local cloud's SQLite store."""

SCHEMA = """
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
"""
