"""Volume attachments: Cinder's `volume_attachments` (reserved, attaching, attached,
detaching), made by the attachments API, the volume actions (`os-attach`, `os-detach`) and
Nova. Part of the block storage backend (`BlockStorageBackend.volume_attachments`); the HTTP
side is `attachments.py`."""

from __future__ import annotations

from .. import timestamps
from ..store import Store
from .common import Row, invalid_volume, new_id
from .tasks import Tasks, finish_volume
from .volume_state import VolumeState


class AttachmentState:
    """The volume_attachments table."""

    def __init__(self, store: Store, tasks: Tasks, volumes: VolumeState) -> None:
        self.store = store
        self.tasks = tasks
        self.volumes = volumes

    # ----------------------------------------------------------------- attachments
    def get_attachment(self, attachment_id: str) -> Row | None:
        self.tasks.advance()
        return self.store.query_one("SELECT * FROM volume_attachments WHERE id = ?",
                                    (attachment_id,))

    def list_attachments(self, project_id: str | None) -> list[Row]:
        """Cinder attachment records (all projects when `project_id` is None)."""
        self.tasks.advance()
        if project_id is None:
            return self.store.query("SELECT * FROM volume_attachments ORDER BY created_at DESC")
        return self.store.query("SELECT * FROM volume_attachments WHERE project_id = ?"
                                " ORDER BY created_at DESC", (project_id,))

    def reserve(self, volume: Row, server_id: str | None,
                project_id: str, host: str | None = None, device: str | None = None,
                mode: str = "rw", tag: str | None = None,
                delete_on_termination: bool = False, status: str = "reserved",
                ) -> Row:
        """Record an attachment of a volume (status `reserved`, or `attaching` when a
        server attaches it through compute); the volume moves to `reserved`/`attaching`."""
        if volume["status"] not in ("available", "in-use", "downloading") or (
                volume["status"] == "in-use" and not volume["multiattach"]):
            raise invalid_volume(
                f"Volume {volume['id']} status must be available or downloading to reserve, "
                f"but the current status is {volume['status']}.")
        if server_id is not None and any(a["server_id"] == server_id
                                         for a in volume["attachments"]):
            raise invalid_volume(f"Volume {volume['id']} is already attached to server "
                                 f"{server_id}.")
        now = timestamps.now()
        attachment_id = new_id()
        self.store.execute(
            "INSERT INTO volume_attachments (id, volume_id, project_id, server_id, host,"
            " device, attach_status, attach_mode, tag, delete_on_termination, bdm_uuid,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (attachment_id, volume["id"], project_id, server_id, host, device,
             "attaching" if status == "attaching" else "reserved", mode, tag,
             int(delete_on_termination), new_id(), now))
        if volume["status"] != "in-use":
            self.store.execute("UPDATE volumes SET status = ?, attach_status = 'attaching',"
                               " updated_at = ? WHERE id = ?",
                               ("attaching" if status == "attaching" else "reserved", now,
                                volume["id"]))
        return self.get_attachment(attachment_id)  # type: ignore[return-value]

    def complete_attachment(self, attachment_id: str, device: str | None = None,
                            host: str | None = None, mode: str | None = None,
                            delay: float | None = 0.0) -> Row:
        """The attachment is made: `attaching` now, `in-use` after `delay` (0: at once)."""
        attachment = self.get_attachment(attachment_id)
        assert attachment is not None
        self.store.execute(
            "UPDATE volume_attachments SET attach_status = 'attaching', device ="
            " COALESCE(?, device), host = COALESCE(?, host), attach_mode = COALESCE(?,"
            " attach_mode), updated_at = ? WHERE id = ?",
            (device, host, mode, timestamps.now(), attachment_id))
        if delay == 0.0:
            with self.store.transaction() as db:
                finish_volume(db, attachment["volume_id"], "in-use", timestamps.now())
        else:
            self.volumes.transition(attachment["volume_id"], "attaching", "in-use", delay,
                            attach_status="attaching")
        return self.get_attachment(attachment_id)  # type: ignore[return-value]

    def remove_attachment(self, attachment_id: str, delay: float | None = 0.0) -> None:
        """Detach: the attachment goes (now, or after `delay` with the volume `detaching`)."""
        attachment = self.get_attachment(attachment_id)
        if attachment is None:
            return
        volume_id = attachment["volume_id"]
        self.store.execute("UPDATE volume_attachments SET attach_status = 'detaching',"
                           " updated_at = ? WHERE id = ?", (timestamps.now(), attachment_id))
        if delay == 0.0:
            with self.store.transaction() as db:
                finish_volume(db, volume_id, "detached", timestamps.now())
        else:
            self.volumes.transition(volume_id, "detaching", "detached", delay)

    def update_attachment(self, attachment_id: str, changes: Row) -> None:
        columns = [c for c in changes if c in ("delete_on_termination", "tag", "device")]
        if columns:
            sets = ", ".join(f"{c} = ?" for c in columns)
            self.store.execute(f"UPDATE volume_attachments SET {sets}, updated_at = ? WHERE"
                               f" id = ?", (*[changes[c] for c in columns], timestamps.now(),
                                            attachment_id))
