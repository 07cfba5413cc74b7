"""`conn.image`: the Image API v2 (Glance), made from its resources' declarations."""

from __future__ import annotations

from ostack.image.images import Image
from ostack.proxy import ServiceProxy


class ImageService(ServiceProxy):
    """The Image service (Glance v2)."""

    service_type = "image"
    resources = (Image,)
