"""A container: its listing entry (name, count, bytes) or HEAD (counters, ACLs, sync, versioning,
metadata), and the container operations with openstacksdk's names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ostack import exceptions
from ostack.object_store.headers import (
    SwiftResource,
    as_bool,
    as_int,
    name_of,
    pages,
    quote_container,
)
from ostack.proxy import Call, Flow, listing, operation
from ostack.resource import Field, QueryParameters


class Container(SwiftResource):
    meta_prefix = "X-Container-Meta-"
    base_path = ""
    service_type = "object-store"
    allow_create = allow_commit = allow_delete = True
    query = QueryParameters("prefix", "delimiter", "end_marker", "reverse", "format")
    system_metadata = {
        "content_type": "content-type",
        "is_content_type_detected": "x-detect-content-type",
        "versions_location": "x-versions-location",
        "history_location": "x-history-location",
        "read_ACL": "x-container-read",
        "write_ACL": "x-container-write",
        "sync_to": "x-container-sync-to",
        "sync_key": "x-container-sync-key",
        "storage_policy": "x-storage-policy",
    }
    header_fields = {
        "x-container-object-count": ("count", as_int),
        "x-container-bytes-used": ("bytes", as_int),
        "x-timestamp": ("timestamp", None),
        "x-container-read": ("read_ACL", None),
        "x-container-write": ("write_ACL", None),
        "x-container-sync-to": ("sync_to", None),
        "x-container-sync-key": ("sync_key", None),
        "x-versions-location": ("versions_location", None),
        "x-history-location": ("history_location", None),
        "content-type": ("content_type", None),
        "x-detect-content-type": ("is_content_type_detected", as_bool),
        "x-storage-policy": ("storage_policy", None),
        "x-container-meta-temp-url-key": ("meta_temp_url_key", None),
        "x-container-meta-temp-url-key-2": ("meta_temp_url_key_2", None),
        "last-modified": ("last_modified", None),
        "x-trans-id": ("transaction_id", None),
    }

    count = Field()
    bytes = Field()
    object_count = Field("count")
    bytes_used = Field("bytes")
    last_modified = Field()
    timestamp = Field()
    read_ACL = Field()
    write_ACL = Field()
    sync_to = Field()
    sync_key = Field()
    versions_location = Field()
    history_location = Field()
    content_type = Field()
    is_content_type_detected = Field()
    storage_policy = Field()
    meta_temp_url_key = Field()
    meta_temp_url_key_2 = Field()
    #: The ID Swift gave the request that answered (its `X-Trans-Id`).
    transaction_id = Field()


class ContainerActions:
    """Container operations (listing, create, metadata, delete), with openstacksdk's names."""

    @listing
    def containers(self, **query: Any) -> Flow:
        """The account's containers, paged by marker (`prefix`, `delimiter`, `limit`,
        `marker`, `end_marker`, `reverse`)."""
        return pages(self, Container, "", query, "x-account-container-count")

    @operation
    def create_container(self, name: str, metadata: dict[str, Any] | None = None,
                         **attrs: Any) -> Flow:
        """Create a container (or update one that exists), with system metadata given as
        attributes (`read_ACL=".r:*"`) and user metadata in `metadata`."""
        headers = Container.metadata_headers({**attrs, **(metadata or {})})
        resp = yield Call("PUT", quote_container(name_of(name)), headers=headers)
        return Container({"name": name_of(name), **attrs,
                          "transaction_id": resp.headers.get("x-trans-id"),
                          "metadata": {k.lower(): v for k, v in (metadata or {}).items()}})

    @operation
    def delete_container(self, container: Any, ignore_missing: bool = True) -> Flow:
        """Delete an empty container (Swift answers 409 while it holds objects)."""
        try:
            yield Call("DELETE", quote_container(name_of(container)))
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise

    @operation
    def get_container_metadata(self, container: Any) -> Flow:
        """A container's counters, ACLs and metadata (a HEAD of the container)."""
        name = name_of(container)
        resp = yield Call("HEAD", quote_container(name))
        return Container(Container.body_from_headers(resp.headers, {"name": name}))

    @operation
    def set_container_metadata(self, container: Any, refresh: bool = True,
                               **metadata: Any) -> Flow:
        """Set container metadata, system (`read_ACL`, `versions_location` ...) or user;
        the container as it is then (`refresh=False`: without reading it again)."""
        name = name_of(container)
        yield Call("POST", quote_container(name), headers=Container.metadata_headers(metadata))
        if not refresh:
            return Container({"name": name})
        return (yield from self.sub("get_container_metadata", name))

    @operation
    def delete_container_metadata(self, container: Any, keys: Iterable[str]) -> Flow:
        """Remove container metadata keys."""
        yield Call("POST", quote_container(name_of(container)),
                   headers=Container.removal_headers(keys))
