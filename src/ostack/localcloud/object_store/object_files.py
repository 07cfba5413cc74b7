"""Object data files: `<state folder>/objects/<xx>/<file id>`, one file per object version,
written in full to `objects/tmp/` and renamed into place, so a reader never sees half an object
and an open download keeps reading the version it started with after a replace or a delete.
Copies are hard links of the same file. Part of the object store backend
(`ObjectStoreBackend.files`)."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path
from typing import Any


class ObjectFiles:
    """The object data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def clear(self) -> None:
        """A fresh store: object files left from an earlier state are orphans; remove them."""
        if self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)

    def _ensure_folder(self) -> Path:
        tmp = self.folder / "tmp"
        if not tmp.is_dir():
            tmp.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.folder, 0o700)
        return tmp

    def new_upload(self) -> tuple[str, Path]:
        """A file id and the temporary path to write an upload to."""
        file_id = uuid.uuid4().hex
        return file_id, self._ensure_folder() / file_id

    def data_path(self, file_id: str) -> Path:
        return self.folder / file_id[:2] / file_id

    def commit(self, file_id: str, tmp: Path) -> None:
        """Move a finished upload into place."""
        final = self.data_path(file_id)
        final.parent.mkdir(exist_ok=True, mode=0o700)
        os.replace(tmp, final)

    def remove(self, file_id: str | None) -> None:
        if file_id:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.data_path(file_id))

    def discard_upload(self, tmp: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)

    def link_copy(self, source: dict[str, Any]) -> str:
        """A new file id holding the same data as `source` (a hard link, else a copy)."""
        file_id = uuid.uuid4().hex
        target = self.data_path(file_id)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            os.link(self.data_path(source["file"]), target)
        except OSError:
            shutil.copyfile(self.data_path(source["file"]), target)
        return file_id
