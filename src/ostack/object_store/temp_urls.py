"""Temporary URLs: the account's and containers' keys, and URLs signed with them (Swift's
tempurl middleware checks an HMAC of the method, the expiry and the path), as openstacksdk
makes them."""

from __future__ import annotations

import calendar
import hashlib
import hmac
import time
from typing import Any

from ostack import exceptions
from ostack.object_store.headers import name_of, quote_container
from ostack.proxy import Call, Flow, operation

#: The ISO 8601 form of an expiry Swift accepts (UTC).
ISO8601 = "%Y-%m-%dT%H:%M:%SZ"


def _expiry(seconds: Any, absolute: bool) -> tuple[int, bool]:
    """(Unix time, absolute) from a whole number of seconds or an ISO 8601 time."""
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        try:
            return calendar.timegm(time.strptime(str(seconds), ISO8601)), True
        except ValueError:
            raise ValueError(
                "time must either be a whole number or in specific ISO 8601 format.") from None
    if not value.is_integer() or value < 0:
        raise ValueError("time must either be a whole number or in specific ISO 8601 format.")
    return int(value), absolute


def sign(path: str, expires: int, method: str, key: bytes, *, prefix: bool = False,
         ip_range: str | None = None, digest: str = "sha1") -> str:
    """The tempurl signature of a request: HMAC of `[ip=..\\n]METHOD\\nexpires\\npath`."""
    lines = [method.upper(), str(expires), ("prefix:" if prefix else "") + path]
    if ip_range:
        lines.insert(0, f"ip={ip_range}")
    return hmac.new(key, "\n".join(lines).encode(), getattr(hashlib, digest)).hexdigest()


class TempURLActions:
    """Temp URL keys and signed URLs, with openstacksdk's names."""

    @operation
    def set_container_temp_url_key(self, container: Any, key: str,
                                   secondary: bool = False) -> Flow:
        """Set a container's temporary URL key (`secondary`: its second key)."""
        header = "X-Container-Meta-Temp-URL-Key" + ("-2" if secondary else "")
        yield Call("POST", quote_container(name_of(container)), headers={header: key})

    @operation
    def get_temp_url_key(self, container: Any = None) -> Flow:
        """The key a temp URL is signed with: the container's second key or key, else the
        account's; None when none is set."""
        key = None
        if container:
            found = yield from self.sub("get_container_metadata", container)
            key = found.meta_temp_url_key_2 or found.meta_temp_url_key
        if not key:
            account = yield from self.sub("get_account_metadata")
            key = account.meta_temp_url_key_2 or account.meta_temp_url_key
        return key.encode() if isinstance(key, str) else key

    @operation
    def generate_temp_url(self, path: str | bytes, seconds: Any, method: str,
                          absolute: bool = False, prefix: bool = False,
                          iso8601: bool = False, ip_range: str | bytes | None = None,
                          temp_url_key: str | bytes | None = None,
                          digest: str = "sha1") -> Flow:
        """A URL path (`/v1/AUTH_account/container/object`, or a `prefix` of objects) that
        allows `method` without a token until `seconds` from now (or until that Unix time
        with `absolute`, or an ISO 8601 time)."""
        text = path.decode() if isinstance(path, bytes) else path
        parts = text.split("/", 4)
        if len(parts) != 5 or parts[0] or not all(parts[1:(4 if prefix else 5)]):
            raise ValueError("path must at least contain /v1/a/c/" if prefix else
                             "path must be full path to an object e.g. /v1/a/c/o")
        stamp, absolute = _expiry(seconds, absolute)
        expires = stamp if absolute else int(time.time() + stamp)
        key = temp_url_key.encode() if isinstance(temp_url_key, str) else temp_url_key
        if not key:
            key = yield from self.sub("get_temp_url_key")
        if not key:
            raise exceptions.OstackError(
                "temp_url_key was not given, nor was a temporary url key found for the "
                "account or the container.")
        ip = ip_range.decode() if isinstance(ip_range, bytes) else ip_range
        signature = sign(text, expires, method, key, prefix=prefix, ip_range=ip,
                         digest=digest)
        shown = time.strftime(ISO8601, time.gmtime(expires)) if iso8601 else str(expires)
        url = f"{text}?temp_url_sig={signature}&temp_url_expires={shown}"
        if ip:
            url += f"&temp_url_ip_range={ip}"
        if prefix:
            url += f"&temp_url_prefix={parts[4]}"
        return url.encode() if isinstance(path, bytes) else url
