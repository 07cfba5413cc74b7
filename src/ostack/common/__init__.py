"""What several services share in the same shape (quota sets of Nova and Cinder)."""
