"""The identity service's tables in the local cloud's SQLite store."""

SCHEMA = """
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
CREATE TABLE IF NOT EXISTS identity_records (
    kind TEXT NOT NULL, id TEXT NOT NULL, owner_id TEXT, data TEXT NOT NULL,
    PRIMARY KEY (kind, id));
"""
