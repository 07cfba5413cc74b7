"""Project cleanup for images: the images the project owns (one still in use stays)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ostack.cleanup import remove, skipped
from ostack.image.images import Image
from ostack.proxy import Flow, listing


class ImageCleanup:
    @listing
    def service_cleanup(self, project_id: str | None = None, dry_run: bool = True,
                        filters: Mapping[str, Any] | None = None,
                        identified: dict[str, Any] | None = None,
                        skip_resources: Sequence[str] | None = None) -> Flow:
        """The images `project_id` owns (see `ostack.cleanup`)."""
        if skipped("image", "image", skip_resources):
            return
        query = {"owner": project_id} if project_id else {}
        for image in (yield from self.collect(self.list_flow(Image, **query))):
            yield from remove(self, "delete_image", image, dry_run=dry_run, filters=filters,
                              identified=identified)
