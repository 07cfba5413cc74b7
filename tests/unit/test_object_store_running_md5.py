"""The MD5 of object data computed chunk by chunk, big chunks in a worker thread: the same
digest as hashing the whole data at once, in order, after a reset and from reused buffers."""

from __future__ import annotations

import hashlib
import io
import os

from ostack.object_store.transfer import THREADED_HASH, HashingReader, RunningMD5


def test_chunks_big_and_small_give_the_digest_of_the_whole() -> None:
    chunks = [os.urandom(n) for n in (10, THREADED_HASH, 3, 2 * THREADED_HASH + 1, 0, 7)]
    digest = RunningMD5()
    for chunk in chunks:
        digest.update(chunk)
    assert digest.hexdigest() == hashlib.md5(b"".join(chunks)).hexdigest()


def test_a_reused_buffer_is_hashed_as_it_was_when_given() -> None:
    buffer = bytearray(os.urandom(THREADED_HASH))
    first = bytes(buffer)
    digest = RunningMD5()
    digest.update(buffer)
    buffer[:] = b"\0" * len(buffer)  # the owner fills it again at once
    digest.update(buffer)
    assert digest.hexdigest() == hashlib.md5(first + bytes(buffer)).hexdigest()


def test_a_reader_sent_again_hashes_from_its_start() -> None:
    data = os.urandom(3 * THREADED_HASH + 5)
    reader = HashingReader(io.BytesIO(data))
    while reader.read(THREADED_HASH):
        pass
    reader.seek(0)
    while reader.read(THREADED_HASH):
        pass
    assert reader.hexdigest() == hashlib.md5(data).hexdigest()
