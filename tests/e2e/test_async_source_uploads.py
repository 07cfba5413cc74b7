"""`ostack.common.transfers.AsyncSource`: data that arrives as an async iterable (a web
request's body, as the dashboard receives an upload) sent by the async SDK as it comes, to
Glance and to Swift, against the local cloud over HTTP; an upload cut short leaves no image."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from tests.support.localcloud import LocalCloud

import ostack.aio
from ostack.common.transfers import AsyncSource

CHUNK = b"0123456789abcdef" * 4096  # 64 KiB
COUNT = 24


async def _chunks(fail_after: int | None = None) -> AsyncIterator[bytes]:
    for index in range(COUNT):
        if fail_after is not None and index == fail_after:
            raise ConnectionError("the sender went away")
        await asyncio.sleep(0)
        yield CHUNK


def test_image_and_object_from_an_async_source(localcloud: LocalCloud) -> None:
    name = f"async-src-{uuid.uuid4().hex[:8]}"
    expected = CHUNK * COUNT

    async def scenario() -> None:
        conn = ostack.aio.connect(cloud="local", env=localcloud.environ())
        sent: list[int] = []
        try:
            image = await conn.image.create_image(
                name, data=AsyncSource(_chunks()), size=len(expected), disk_format="raw",
                container_format="bare", allow_duplicates=True)
            image = await conn.image.get_image(image.id)
            assert image.status == "active" and image.size == len(expected)
            assert image.checksum == hashlib.md5(expected, usedforsecurity=False).hexdigest()
            await conn.image.delete_image(image.id)

            with pytest.raises(ConnectionError):
                await conn.image.create_image(
                    name + "-cut", data=AsyncSource(_chunks(fail_after=3)), size=len(expected),
                    disk_format="raw", container_format="bare", allow_duplicates=True)
            assert [i async for i in conn.image.images() if i.name == name + "-cut"] == []

            await conn.object_store.create_container(name)
            made = await conn.object_store.create_object(
                name, "big.bin", data=AsyncSource(_chunks()), progress=sent.append)
            assert made.name == "big.bin" and sum(sent) == len(expected)
            stored = await conn.object_store.get_object_metadata("big.bin", name)
            assert stored.bytes == len(expected)
            data = await conn.object_store.download_object("big.bin", name)
            assert data == expected
        finally:
            for obj in [o async for o in conn.object_store.objects(name)] if await _has(
                    conn, name) else []:
                await conn.object_store.delete_object(obj.name, container=name)
            await conn.object_store.delete_container(name)
            await conn.close()

    # a thread of its own: another test's Playwright may be running a loop in this one
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result(timeout=120)


async def _has(conn: object, container: str) -> bool:
    names = [c.name async for c in conn.object_store.containers()]  # type: ignore[attr-defined]
    return container in names
