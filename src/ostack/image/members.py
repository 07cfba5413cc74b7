"""An image member: a project an image is shared with, and that project's answer (pending,
accepted, rejected). A member's ID is the project's ID: Glance answers it as `member_id` and
takes it as `member` when the image is shared."""

from __future__ import annotations

from typing import Any

from ostack import exceptions
from ostack.proxy import Flow, operation
from ostack.resource import Field, Resource


class Member(Resource):
    resource_key = None
    resources_key = "members"
    base_path = "/images/{image_id}/members"
    service_type = "image"
    singular = "member"
    allow_create = allow_commit = allow_delete = True
    find_policy = "list"
    status_attribute = None

    id = Field("member_id")
    member_id = Field()
    image_id = Field()
    status = Field()
    created_at = Field()
    updated_at = Field()
    schema = Field()


class MemberActions:
    """openstacksdk's member methods, whose arguments come in its order (member, image)."""

    @operation
    def add_member(self, image: Any, **attrs: Any) -> Flow:
        """Share an image with a project: `add_member(image, member_id=project_id)`."""
        member = attrs.pop("member_id", None) or attrs.pop("member", None) or attrs.pop(
            "id", None)
        return (yield from self.create_flow(Member, {"member": member, **attrs},
                                            {"image_id": image}))

    @operation
    def create_member(self, image: Any, **attrs: Any) -> Flow:
        """The same as `add_member`."""
        return (yield from self.sub("add_member", image, **attrs))

    @operation
    def remove_member(self, member: Any, image: Any = None,
                      ignore_missing: bool = True) -> Flow:
        """Stop sharing an image with a project."""
        if image is None:
            image = getattr(member, "image_id", None)
        return (yield from self.delete_flow(Member, member, ignore_missing=ignore_missing,
                                            parents={"image_id": image}))

    @operation
    def find_member(self, name_or_id: str, image: Any, ignore_missing: bool = True) -> Flow:
        found = yield from self.find_flow(Member, name_or_id, ignore_missing=True,
                                          parents={"image_id": image})
        if found is None and not ignore_missing:
            raise exceptions.NotFound(f"No Member found for {name_or_id}", status_code=404)
        return found
