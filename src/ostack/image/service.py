"""`conn.image`: images of the Image API v2."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ostack.image.images import Image
from ostack.proxy import ServiceProxy


class ImageService(ServiceProxy):
    """The Image service (Glance v2)."""

    service_type = "image"

    def images(self, **query: Any) -> Iterator[Image]:
        return self._list(Image, **query)

    def get_image(self, image: str | Image) -> Image:
        return self._get(Image, image.id if isinstance(image, Image) else image)

    def find_image(self, name_or_id: str, ignore_missing: bool = True) -> Image | None:
        return self._find(Image, name_or_id, ignore_missing=ignore_missing,
                          list_query={"name": name_or_id})
