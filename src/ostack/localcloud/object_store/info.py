"""`GET /info`: the cluster's capabilities and limits (no token needed), as Swift's proxy
answers them; clients read `swift.max_file_size` and `slo.min_segment_size` before uploads."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, HEAD, RouteTable

#: Swift's default constraints (swift.common.constraints).
MAX_FILE_SIZE = 5 * 1024 ** 3 + 2
MAX_META_NAME_LENGTH = 128
MAX_META_VALUE_LENGTH = 256
MAX_META_COUNT = 90
MAX_META_OVERALL_SIZE = 4096
MAX_HEADER_SIZE = 8192
MAX_OBJECT_NAME_LENGTH = 1024
CONTAINER_LISTING_LIMIT = 10000
ACCOUNT_LISTING_LIMIT = 10000
MAX_ACCOUNT_NAME_LENGTH = 256
MAX_CONTAINER_NAME_LENGTH = 256
#: Static large objects (swift.common.middleware.slo defaults, 1-byte segments allowed).
SLO_MIN_SEGMENT_SIZE = 1
SLO_MAX_MANIFEST_SEGMENTS = 1000
SLO_MAX_MANIFEST_SIZE = 8388608
#: Bulk delete (swift.common.middleware.bulk defaults).
BULK_MAX_DELETES_PER_REQUEST = 10000
BULK_MAX_FAILED_DELETES = 1000
#: Archive extraction (the same middleware's defaults).
BULK_MAX_CONTAINERS_PER_EXTRACTION = 10000
BULK_MAX_FAILED_EXTRACTIONS = 1000
VERSION = "2.34.0"
POLICY = "Policy-0"


def capabilities() -> dict[str, Any]:
    return {
        "swift": {
            "version": VERSION,
            "max_file_size": MAX_FILE_SIZE,
            "max_meta_name_length": MAX_META_NAME_LENGTH,
            "max_meta_value_length": MAX_META_VALUE_LENGTH,
            "max_meta_count": MAX_META_COUNT,
            "max_meta_overall_size": MAX_META_OVERALL_SIZE,
            "max_header_size": MAX_HEADER_SIZE,
            "max_object_name_length": MAX_OBJECT_NAME_LENGTH,
            "container_listing_limit": CONTAINER_LISTING_LIMIT,
            "account_listing_limit": ACCOUNT_LISTING_LIMIT,
            "max_account_name_length": MAX_ACCOUNT_NAME_LENGTH,
            "max_container_name_length": MAX_CONTAINER_NAME_LENGTH,
            "extra_header_count": 0,
            "valid_api_versions": ["v1", "v1.0"],
            "policies": [{"name": POLICY, "aliases": POLICY, "default": True}],
            "strict_cors_mode": True,
            "allow_account_management": False,
            "account_autocreate": True,
        },
        # Static large objects: manifests of segments, read back as one object.
        "slo": {
            "max_manifest_segments": SLO_MAX_MANIFEST_SEGMENTS,
            "max_manifest_size": SLO_MAX_MANIFEST_SIZE,
            "yield_frequency": 10,
            "min_segment_size": SLO_MIN_SEGMENT_SIZE,
            "allow_async_delete": False,
        },
        # Bulk delete (swift.common.middleware.bulk): POST /v1/{account}?bulk-delete.
        "bulk_delete": {"max_deletes_per_request": BULK_MAX_DELETES_PER_REQUEST,
                        "max_failed_deletes": BULK_MAX_FAILED_DELETES},
        # Archive extraction: PUT /v1/{account}[/{container}]?extract-archive=tar.
        "bulk_upload": {"max_containers_per_extraction": BULK_MAX_CONTAINERS_PER_EXTRACTION,
                        "max_failed_extractions": BULK_MAX_FAILED_EXTRACTIONS},
    }


async def show_info(request: Request) -> Response:
    """GET /info (HEAD too)."""
    body = json.dumps(capabilities()).encode()
    headers = {"content-length": str(len(body))}
    return Response(body if request.method == "GET" else b"", 200, headers=headers,
                    media_type="application/json; charset=UTF-8")


async def healthcheck(request: Request) -> Response:
    """GET /healthcheck: Swift's healthcheck middleware, `OK` while the proxy serves."""
    body = b"OK" if request.method == "GET" else b""
    return Response(body, 200, headers={"content-length": "2"}, media_type="text/plain")


ROUTES: RouteTable = (
    ("/info", show_info, GET + HEAD),
    ("/healthcheck", healthcheck, GET + HEAD),
)
