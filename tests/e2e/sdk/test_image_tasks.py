"""Image tasks through the SDK, sync and async: an import's task, listed and waited for."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_tasks(sdk):
    image = sdk.image.create_image(f"sdk-task-{uuid.uuid4().hex[:8]}", disk_format="raw",
                                   allow_duplicates=True)
    try:
        sdk.image.stage_image(image, data=b"task data")
        sdk.image.import_image(image)
        sdk.image.wait_for_image(image, status="active", wait=30, interval=0.2)
        [listed] = sdk.image.image_tasks(image)
        assert listed.image_id == image.id and listed.type == "api_image_import"
        task = sdk.image.wait_for_task(sdk.image.get_task(listed.id), wait=30, interval=0.2)
        assert task.status == "success" and task.result["image_id"] == image.id
        assert task.owner_id == image.owner
        assert listed.id in {t.id for t in sdk.image.tasks(status="success", sort_dir="asc")}
        with pytest.raises(exceptions.NotFound):
            sdk.image.get_task("no-such-task")
    finally:
        sdk.image.delete_image(image)
