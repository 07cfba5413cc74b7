"""A quick backup of a server: an image of it with a name and a description, in one call."""
