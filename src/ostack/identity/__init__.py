"""Identity (Keystone v3): projects, users, domains, roles, the token and its catalog."""
