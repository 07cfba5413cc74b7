"""Compute (Nova): servers, flavors, keypairs."""
