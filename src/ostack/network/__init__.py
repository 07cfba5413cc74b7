"""Networking (Neutron v2.0): networks, ports, floating IPs and security groups.

Only what the compute commands need so far; each resource is declared in its own module.
"""
