"""`image task list|show`: the same output as the official client."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


@pytest.fixture(scope="module")
def import_task(localcloud):
    """A task made by importing an image's staged data."""
    from tests.support.sdk import connect

    conn, close = connect("sync", localcloud)
    image = conn.image.create_image(f"task-{uuid.uuid4().hex[:8]}", disk_format="raw",
                                    allow_duplicates=True)
    conn.image.stage_image(image, data=b"imported data")
    conn.image.import_image(image)
    conn.image.wait_for_image(image, status="active", wait=60)
    tasks = list(conn.image.image_tasks(image))
    assert len(tasks) == 1 and tasks[0].image_id == image.id
    yield tasks[0].id
    conn.image.delete_image(image)
    close()


def test_image_task_list(differ, import_task):
    differ.same("image", "task", "list")
    differ.same("image", "task", "list", fmt="table")
    differ.same("image", "task", "list", "--type", "import", "--status", "success")
    differ.same("image", "task", "list", "--sort-key", "id", "--sort-dir", "asc")
    differ.same("image", "task", "list", "--limit", "1", "--max-items", "1")
    differ.same("image", "task", "list", "--status", "waiting", code=2)


def test_image_task_show(differ, import_task):
    differ.same("image", "task", "show", import_task)
    differ.same("image", "task", "show", import_task, fmt="table")
    differ.same("image", "task", "show", "no-such-task", code=1)
