"""The image service's tables in the local cloud's SQLite store."""

SCHEMA = """
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
"""
