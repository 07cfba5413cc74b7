"""Block storage commands about a resource the volume API offers from one microversion on,
with the official client's error when the negotiated version is older."""

from __future__ import annotations

from typing import ClassVar

from ostack import exceptions
from ostack.cli.generic import ResourceCommand


class VolumeApiCommand(ResourceCommand):
    """A command that needs volume API `microversion` or later."""

    microversion: ClassVar[str] = "3.0"

    def require(self) -> None:
        if not self.supports(self.microversion):
            raise exceptions.OstackError(
                f"--os-volume-api-version {self.microversion} or greater is required to "
                f"support the '{self.name}' command")
