"""What the image import supports here (`/v2/info/import`): its methods."""

from __future__ import annotations

from ostack.proxy import Call, Flow, operation
from ostack.resource import Field, Resource


class Import(Resource):
    resource_key = None
    base_path = "/info/import"
    service_type = "image"
    allow_list = False
    status_attribute = None

    import_methods = Field("import-methods")


class ImportActions:
    @operation
    def get_import_info(self) -> Flow:
        """The import methods this cloud offers (`import_methods["value"]`)."""
        resp = yield Call("GET", Import.base_path)
        return self.one(Import, resp)
