"""The Swift account through the SDK, sync and async: usage counters, metadata set and
removed, temp URL keys and signed temp URLs."""

from __future__ import annotations

import time
import uuid

import pytest

from ostack import exceptions


def test_account_metadata(sdk):
    key = f"sdk{uuid.uuid4().hex[:8]}"
    container = f"sdk-acct-{uuid.uuid4().hex[:8]}"
    before = sdk.object_store.get_account_metadata()
    sdk.object_store.create_container(container)
    try:
        sdk.object_store.create_object(container, "o", data=b"abc")
        now = sdk.object_store.get_account_metadata()
        assert now.account_container_count == before.account_container_count + 1
        assert now.account_object_count == before.account_object_count + 1
        assert now.account_bytes_used == before.account_bytes_used + 3
    finally:
        sdk.object_store.delete_object("o", container=container)
        sdk.object_store.delete_container(container)
    sdk.object_store.set_account_metadata(**{key: "v1", f"{key}-b": "v2"})
    try:
        found = sdk.object_store.get_account_metadata()
        assert found.metadata[key] == "v1" and found.metadata[f"{key}-b"] == "v2"
        sdk.object_store.delete_account_metadata([f"{key}-b"])
        found = sdk.object_store.get_account_metadata()
        assert found.metadata[key] == "v1" and f"{key}-b" not in found.metadata
    finally:
        sdk.object_store.delete_account_metadata([key, f"{key}-b"])
    assert key not in sdk.object_store.get_account_metadata().metadata


def test_temp_url_keys(sdk):
    sdk.object_store.set_account_temp_url_key("first-secret")
    sdk.object_store.set_account_temp_url_key("second-secret", secondary=True)
    try:
        found = sdk.object_store.get_account_metadata()
        assert (found.meta_temp_url_key, found.meta_temp_url_key_2) == (
            "first-secret", "second-secret")
    finally:
        sdk.object_store.delete_account_metadata(["temp-url-key", "temp-url-key-2"])
    found = sdk.object_store.get_account_metadata()
    assert found.meta_temp_url_key is None and found.meta_temp_url_key_2 is None


def _hmac(key: bytes, *lines: str) -> str:
    import hashlib
    import hmac

    return hmac.new(key, "\n".join(lines).encode(), hashlib.sha1).hexdigest()


def test_temp_urls(sdk):
    path = "/v1/AUTH_demo/box/file.txt"
    url = sdk.object_store.generate_temp_url(path, 1_900_000_000, "get", absolute=True,
                                             temp_url_key="secret")
    assert url == (f"{path}?temp_url_sig={_hmac(b'secret', 'GET', '1900000000', path)}"
                   "&temp_url_expires=1900000000")
    url = sdk.object_store.generate_temp_url(
        "/v1/AUTH_demo/box/pre", "2030-03-17T12:00:00Z", "PUT", prefix=True, iso8601=True,
        ip_range="10.0.0.0/8", temp_url_key=b"k")
    sig = _hmac(b"k", "ip=10.0.0.0/8", "PUT", "1899979200", "prefix:/v1/AUTH_demo/box/pre")
    assert url == (f"/v1/AUTH_demo/box/pre?temp_url_sig={sig}&temp_url_expires="
                   "2030-03-17T12:00:00Z&temp_url_ip_range=10.0.0.0/8&temp_url_prefix=pre")
    with pytest.raises(ValueError):
        sdk.object_store.generate_temp_url("/v1/a/c", 60, "GET", temp_url_key="k")
    with pytest.raises(ValueError):
        sdk.object_store.generate_temp_url(path, 1.5, "GET", temp_url_key="k")
    container = f"sdk-turl-{uuid.uuid4().hex[:8]}"
    sdk.object_store.create_container(container)
    sdk.object_store.set_account_temp_url_key("account-key")
    try:
        assert sdk.object_store.get_temp_url_key(container) == b"account-key"
        sdk.object_store.set_container_temp_url_key(container, "container-key")
        assert sdk.object_store.get_temp_url_key(container) == b"container-key"
        url = sdk.object_store.generate_temp_url(path, 60, "GET")  # the account's key
        expires = url.rsplit("=", 1)[1]
        assert abs(int(expires) - (time.time() + 60)) < 5
        assert url.split("temp_url_sig=")[1].startswith(
            _hmac(b"account-key", "GET", expires, path))
    finally:
        sdk.object_store.delete_account_metadata(["temp-url-key"])
        sdk.object_store.delete_container(container)
    assert sdk.object_store.get_temp_url_key() is None
    with pytest.raises(exceptions.OstackError, match="temp_url_key"):
        sdk.object_store.generate_temp_url(path, 60, "GET")
