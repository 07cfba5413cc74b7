"""Image (Glance v2): images."""
