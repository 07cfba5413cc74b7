"""An image's data read as it is consumed: `image_data()` (chunks fetched in ranges of 16 MiB,
checked against the image's hash at the end) and what `download_image(stream=True)` returns,
as openstacksdk returns its streamed response (`iter_content`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from ostack.common.transfers import Checksum
from ostack.proxy import Call, Flow, Items, listing, resource_id

#: Bytes asked for per GET.
PART = 16 * 1024 * 1024


class ImageDataActions:
    """Image data as an iterator of chunks."""

    @listing
    def image_data(self, image: Any, chunk_size: int = 1024 * 1024) -> Flow:
        """The image's data in chunks of at most `chunk_size` bytes, fetched a range at a
        time as they are consumed; the hash is checked once the last chunk is read (an
        async iterator with `ostack.aio`)."""
        from ostack.image.images import Image

        details = yield from self.get_flow(Image, image)
        checksum = Checksum(details.hash_algo, details.hash_value, details.checksum)
        url = f"/images/{quote(resource_id(details), safe='')}/file"
        size = max(int(chunk_size or 0), 1)
        total = details.size
        offset = 0
        while total is None or offset < total:
            resp = yield Call("GET", url, headers={"Range": f"bytes={offset}-{offset + PART - 1}"},
                              log_body=False)
            data = resp.content
            checksum.update(data)
            offset += len(data)
            if data:
                yield Items([data[i:i + size] for i in range(0, len(data), size)])
            if resp.status_code != 206 or not data:
                break
        checksum.verify()


class ImageStream:
    """`download_image(image, stream=True)`: nothing is read until it is iterated.
    `iter_content(chunk_size)` as in openstacksdk's (requests') response; `async for` with
    `ostack.aio`."""

    def __init__(self, proxy: Any, image: Any, chunk_size: int) -> None:
        self.proxy = proxy
        self.image = image
        self.chunk_size = chunk_size

    def iter_content(self, chunk_size: int | None = None) -> Any:
        return self.proxy.image_data(self.image, chunk_size=chunk_size or self.chunk_size)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.iter_content())

    def __aiter__(self) -> Any:
        return self.iter_content().__aiter__()

    @property
    def content(self) -> bytes:
        """The whole data (sync connections)."""
        return b"".join(self.iter_content())
