"""`conn.image`: the Image API v2 (Glance), made from its resources' declarations.

The generic methods (`images()`, `get_member(member, image)`, `create_metadef_namespace()`
...) come from the resources; what Glance does irregularly (JSON-patch updates, data
uploads and downloads, imports, tags, the cache, the stores) is in each resource module's
actions mixin, with openstacksdk's method names. Images are loaded at once; the other
resources when one of their methods is first used.
"""

from __future__ import annotations

from ostack.image.cleanup import ImageCleanup
from ostack.image.images import Image, ImageActions
from ostack.proxy import ServiceProxy


class ImageService(ImageActions, ImageCleanup, ServiceProxy):
    """The Image service (Glance v2)."""

    service_type = "image"
    resources = (Image,)
    lazy = tuple(f"ostack.image.{target}" for target in (
        "members:Member", "members:MemberActions",
        "tasks:Task", "tasks:ImageTask", "tasks:TaskActions",
        "stores:Store", "stores:StoreActions",
        "import_info:ImportActions",
        "cache:CacheActions",
        "metadef_namespaces:MetadefNamespace", "metadef_namespaces:MetadefNamespaceActions",
        "metadef_objects:MetadefObject", "metadef_objects:MetadefObjectActions",
        "metadef_properties:MetadefProperty", "metadef_properties:MetadefPropertyActions",
        "metadef_resource_types:MetadefResourceType",
        "metadef_resource_types:MetadefResourceTypeAssociation",
        "metadef_resource_types:MetadefResourceTypeActions",
        "schemas:SchemaActions",
        "image_data:ImageDataActions",
    ))
