"""The dashboard's pages: one module per page group, each with `ROUTES` and `NAV`."""
