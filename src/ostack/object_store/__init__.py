"""`conn.object_store`: the Object Storage API v1 (Swift)."""
