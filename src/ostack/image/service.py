"""`conn.image`: the Image API v2 (Glance), made from its resources' declarations.

The generic methods (`images()`, `get_member(member, image)`, `create_metadef_namespace()`
...) come from the resources; what Glance does irregularly (JSON-patch updates, data
uploads and downloads, imports, tags, the cache, the stores) is in each resource module's
actions mixin, with openstacksdk's method names.
"""

from __future__ import annotations

from ostack.image.cache import CacheActions
from ostack.image.cleanup import ImageCleanup
from ostack.image.images import Image, ImageActions
from ostack.image.import_info import ImportActions
from ostack.image.members import Member, MemberActions
from ostack.image.metadef_namespaces import MetadefNamespace, MetadefNamespaceActions
from ostack.image.metadef_objects import MetadefObject, MetadefObjectActions
from ostack.image.metadef_properties import MetadefProperty, MetadefPropertyActions
from ostack.image.metadef_resource_types import (
    MetadefResourceType,
    MetadefResourceTypeActions,
    MetadefResourceTypeAssociation,
)
from ostack.image.schemas import SchemaActions
from ostack.image.stores import Store, StoreActions
from ostack.image.tasks import ImageTask, Task, TaskActions
from ostack.proxy import ServiceProxy


class ImageService(ImageActions, MemberActions, TaskActions, StoreActions, ImportActions,
                   CacheActions, MetadefNamespaceActions, MetadefObjectActions,
                   MetadefPropertyActions,
                   MetadefResourceTypeActions, SchemaActions, ImageCleanup, ServiceProxy):
    """The Image service (Glance v2)."""

    service_type = "image"
    resources = (Image, Member, Task, ImageTask, Store, MetadefNamespace, MetadefObject,
                 MetadefProperty, MetadefResourceType, MetadefResourceTypeAssociation)
