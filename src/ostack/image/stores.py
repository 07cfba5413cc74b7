"""The stores of a multi-store Glance (`/v2/info/stores`): each one's ID, description and
whether it is the default; with details (admins), its properties."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Flow, listing
from ostack.resource import Field, Resource


class Store(Resource):
    resource_key = None
    resources_key = "stores"
    base_path = "/info/stores"
    service_type = "image"
    allow_fetch = False
    find_policy = "list"
    status_attribute = None

    description = Field()
    is_default = Field("default", type=bool)
    properties = Field()


class StoreActions:
    @listing
    def stores(self, details: bool = False, **query: Any) -> Flow:
        """The image stores; with `details`, their properties too (`/info/stores/detail`)."""
        path = f"{Store.base_path}/detail" if details else Store.base_path
        return self.list_flow(Store, None, path=path, **query)
