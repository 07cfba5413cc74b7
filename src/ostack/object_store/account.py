"""The account: its usage (containers, objects, bytes) and metadata, temp URL keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ostack.object_store.headers import SwiftResource, as_int
from ostack.proxy import Call, Flow, operation
from ostack.resource import Field


class Account(SwiftResource):
    """An account's HEAD: usage counters and metadata (openstacksdk's attribute names)."""

    meta_prefix = "X-Account-Meta-"
    base_path = ""
    service_type = "object-store"
    allow_list = False
    allow_commit = True
    header_fields = {
        "x-account-bytes-used": ("account_bytes_used", as_int),
        "x-account-container-count": ("account_container_count", as_int),
        "x-account-object-count": ("account_object_count", as_int),
        "x-account-meta-temp-url-key": ("meta_temp_url_key", None),
        "x-account-meta-temp-url-key-2": ("meta_temp_url_key_2", None),
        "x-timestamp": ("timestamp", None),
    }

    account_bytes_used = Field()
    account_container_count = Field()
    account_object_count = Field()
    meta_temp_url_key = Field()
    meta_temp_url_key_2 = Field()
    timestamp = Field()

    def __repr__(self) -> str:
        return (f"<Account containers={self.account_container_count} "
                f"objects={self.account_object_count} bytes={self.account_bytes_used}>")


class AccountActions:
    """Account operations, with openstacksdk's names."""

    @operation
    def get_account_metadata(self) -> Flow:
        """The account's usage and metadata (a HEAD of the account)."""
        resp = yield Call("HEAD", "")
        return Account(Account.body_from_headers(resp.headers))

    @operation
    def set_account_metadata(self, **metadata: Any) -> Flow:
        """Set account metadata (keys not given keep their values)."""
        yield Call("POST", "", headers=Account.metadata_headers(metadata))

    @operation
    def delete_account_metadata(self, keys: Iterable[str]) -> Flow:
        """Remove account metadata keys."""
        yield Call("POST", "", headers=Account.removal_headers(keys))

    @operation
    def set_account_temp_url_key(self, key: str, secondary: bool = False) -> Flow:
        """Set the account's temporary URL key (`secondary`: its second key)."""
        header = "X-Account-Meta-Temp-URL-Key" + ("-2" if secondary else "")
        yield Call("POST", "", headers={header: key})
