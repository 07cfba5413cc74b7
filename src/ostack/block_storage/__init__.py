"""Block Storage (Cinder v3): volumes, snapshots, backups, quotas, limits, availability zones
and extensions, as far as the commands need them so far."""
