"""Key pairs: list, create (the private key shown once, never kept), import, delete."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ostack.dashboard import tables as t

PATH = "/project/key_pairs"


async def build(request: Request) -> dict[str, Any]:
    keypairs = await t.listing(request.state.conn.compute.keypairs)
    rows = [{
        "key": k.name,
        "cells": [k.name, k.type or "ssh", k.fingerprint or ""],
        "buttons": [t.button("delete", "Delete", {"name": k.name},
                             confirm=f"Delete key pair {k.name}?", danger=True)],
    } for k in keypairs]
    return {
        "title": "Key pairs",
        "tables": [t.table("key-pairs", None, ["Name", "Type", "Fingerprint"], rows,
                           "No key pairs.")],
        "forms": [
            t.form("create", "Create key pair", [
                t.field("name", "Name", required=True),
                t.field("type", "Key type", "select", options=[("ssh", "SSH key"),
                                                               ("x509", "X509 certificate")]),
            ], "Create key pair"),
            t.form("import", "Import public key", [
                t.field("name", "Name", required=True),
                t.field("public_key", "Public key", "textarea", required=True,
                        placeholder="ssh-ed25519 AAAA... you@host"),
                t.field("type", "Key type", "select", options=[("ssh", "SSH key"),
                                                               ("x509", "X509 certificate")]),
            ], "Import key pair"),
        ],
    }


async def create(conn: Any, values: dict[str, Any]) -> Any:
    keypair = await conn.compute.create_keypair(name=t.required(values, "name", "Name"),
                                                key_type=t.text(values, "type") or "ssh")
    return (f"Key pair {keypair.name} created.", {"secret": {
        "note": f"The private key of {keypair.name}: save it now, it is not kept anywhere "
                "and will not be shown again.", "text": keypair.private_key or ""}})


async def import_keypair(conn: Any, values: dict[str, Any]) -> str:
    keypair = await conn.compute.create_keypair(
        name=t.required(values, "name", "Name"),
        public_key=t.required(values, "public_key", "Public key"),
        key_type=t.text(values, "type") or "ssh")
    return f"Key pair {keypair.name} imported ({keypair.fingerprint})."


async def delete(conn: Any, values: dict[str, Any]) -> str:
    await conn.compute.delete_keypair(t.required(values, "name"), ignore_missing=False)
    return "Key pair deleted."


ROUTES = t.resource_routes(PATH, build, {"create": create, "import": import_keypair,
                                         "delete": delete})

NAV = [("Compute", "Key pairs", PATH, False)]
