"""`image stores list` and `image import info`: the same output as the official client."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def test_image_stores_list(differ):
    differ.same("image", "stores", "list")
    differ.same("image", "stores", "list", fmt="table")
    differ.same("image", "stores", "list", "--detail")
    differ.same("image", "stores", "list", "--detail", fmt="table")


def test_image_import_info(differ):
    differ.same("image", "import", "info")
    differ.same("image", "import", "info", fmt="table")
    differ.same("image", "import", "info", fmt="value")
