"""Image data streams: a request body read again from its start, and downloads checked
against the image's hash as openstacksdk checks them."""

from __future__ import annotations

import asyncio
import hashlib
import io

import pytest

from ostack import exceptions
from ostack.common.transfers import Checksum, DownloadTarget, UploadBody


def test_upload_body_reads_in_chunks_and_starts_over() -> None:
    seen: list[int] = []
    body = UploadBody(b"x" * 2500, progress=seen.append, chunk=1000)
    assert len(body) == 2500 and body.can_resend
    first = b"".join(iter(lambda: body.read(100), b""))
    assert first == b"x" * 2500 and seen == [1000, 1000, 500]
    again = b"".join(iter(lambda: body.read(100), b""))  # a resend reads it all again
    assert again == first and sum(seen) == 2500


def test_upload_body_async_and_unknown_length() -> None:
    class Pipe:
        def __init__(self) -> None:
            self.data = io.BytesIO(b"abc" * 10)

        def read(self, size: int = -1) -> bytes:
            return self.data.read(7)

    body = UploadBody(Pipe())
    with pytest.raises(TypeError):
        len(body)
    assert bool(body) and not body.can_resend

    async def collect() -> bytes:
        return b"".join([chunk async for chunk in body])

    assert asyncio.run(collect()) == b"abc" * 10
    with pytest.raises(exceptions.OstackError, match="cannot seek back"):
        asyncio.run(collect())


def test_checksum_prefers_the_secure_hash() -> None:
    data = b"image data"
    good = Checksum("sha512", hashlib.sha512(data).hexdigest(), "not-the-md5")
    good.update(data)
    good.verify()
    bad = Checksum("sha512", "0" * 128, None)
    bad.update(data)
    with pytest.raises(exceptions.OstackError, match=r"checksum mismatch \(sha512\)"):
        bad.verify()
    md5 = Checksum(None, None, None)
    md5.use_md5(hashlib.md5(data).hexdigest())  # from the Content-MD5 header
    md5.update(data)
    md5.verify()
    nothing = Checksum(None, None, None)
    nothing.update(data)
    nothing.verify()  # no hash known: nothing to check
    unknown = Checksum("sha-999", "x", hashlib.md5(data).hexdigest())  # falls back to md5
    assert unknown.algo == "md5"


def test_download_target_writes_and_reports(tmp_path) -> None:
    seen: list[int] = []
    target = DownloadTarget(tmp_path / "out", Checksum(None, None, None), seen.append)
    target.write(b"ab")
    target.write(b"")
    target.write(b"cd")
    target.close()
    assert (tmp_path / "out").read_bytes() == b"abcd" and seen == [2, 2]
    empty = DownloadTarget(str(tmp_path / "empty"), Checksum(None, None, None))
    empty.close()
    assert (tmp_path / "empty").read_bytes() == b""
