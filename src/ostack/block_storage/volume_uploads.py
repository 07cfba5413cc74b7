"""A volume uploaded to the image service as a new image (`os-volume_upload_image`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.transport.microversions import at_least


class VolumeUploadActions:
    @operation
    def upload_volume_to_image(
        self, volume: Any, image_name: str, force: bool = False,
        disk_format: str | None = None, container_format: str | None = None,
        visibility: str | None = None, protected: bool | None = None,
    ) -> Flow:
        """Make an image of a volume's data; Cinder's description of the upload (the new
        `image_id`, its status ...). `visibility` and `protected` need microversion 3.1."""
        request: dict[str, Any] = {"image_name": image_name, "force": force}
        for key, value in (("disk_format", disk_format), ("container_format", container_format),
                           ("visibility", visibility), ("protected", protected)):
            if value is not None:
                request[key] = value
        if (visibility is not None or protected is not None) and not at_least(
                self._microversion, "3.1"):
            raise exceptions.MicroversionError(
                "visibility and protected need block storage microversion 3.1 or later")
        resp = yield Call("POST", f"/volumes/{quote(resource_id(volume), safe='')}/action",
                          json={"os-volume_upload_image": request})
        return (resp.json() or {}).get("os-volume_upload_image", {})
