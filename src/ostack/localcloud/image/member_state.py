"""Image sharing: the projects a `shared` image is shared with (`image_members`, each
`pending`, `accepted` or `rejected`), and who may see an image because of it. Part of the image
backend (`ImageBackend.members`); the HTTP side is `members.py`.
"""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..errors import Conflict
from ..store import Store


class MemberState:
    """The members of images."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def member_of(self, image_id: str, project_id: str | None) -> dict[str, Any] | None:
        """The membership of a project in an image, if any."""
        if project_id is None:
            return None
        return self.store.query_one(
            "SELECT * FROM image_members WHERE image_id = ? AND member_id = ?",
            (image_id, project_id))

    def visible(self, image: dict[str, Any], project_id: str | None, is_admin: bool) -> bool:
        """Whether a project may see (and boot from) an image: admins, public and community
        images, the owner, and the members of a shared image (whatever their status)."""
        if is_admin or image["visibility"] in ("public", "community"):
            return True
        if project_id is not None and image["owner"] == project_id:
            return True
        return (image["visibility"] == "shared"
                and self.member_of(image["id"], project_id) is not None)

    def list_members(self, image_id: str) -> list[dict[str, Any]]:
        return self.store.query(
            "SELECT * FROM image_members WHERE image_id = ? ORDER BY created_at, member_id",
            (image_id,))

    def add_member(self, image_id: str, member_id: str) -> dict[str, Any]:
        now = timestamps.now()
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM image_members WHERE image_id = ? AND member_id = ?",
                          (image_id, member_id)).fetchone():
                raise Conflict(f"Member {member_id} already exists for image {image_id}")
            db.execute("INSERT INTO image_members (image_id, member_id, status, created_at,"
                       " updated_at) VALUES (?, ?, 'pending', ?, ?)",
                       (image_id, member_id, now, now))
        return self.member_of(image_id, member_id)  # type: ignore[return-value]

    def set_member_status(self, image_id: str, member_id: str, status: str) -> dict[str, Any]:
        self.store.execute(
            "UPDATE image_members SET status = ?, updated_at = ? WHERE image_id = ?"
            " AND member_id = ?", (status, timestamps.now(), image_id, member_id))
        return self.member_of(image_id, member_id)  # type: ignore[return-value]

    def remove_member(self, image_id: str, member_id: str) -> bool:
        return self.store.execute(
            "DELETE FROM image_members WHERE image_id = ? AND member_id = ?",
            (image_id, member_id)) > 0

