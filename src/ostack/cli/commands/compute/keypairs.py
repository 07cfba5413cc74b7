"""`keypair list`."""

from __future__ import annotations

from typing import Any

from ostack.cli.command import Lister


class ListKeypair(Lister):
    """List keypairs."""

    name = "keypair list"

    def take_action(self, args: Any):
        keypairs = list(self.conn.compute.keypairs())
        return ("Name", "Fingerprint", "Type"), [
            (k.name, k.fingerprint, k.type or "ssh") for k in keypairs
        ]
