"""The async client's connection pool (ostack.transport.apool) against the local cloud over
HTTP: kept-alive connections reused one request at a time, new ones when an idle one expired
or the server closed it, the limit on connections open at once, and the pool timeout."""

from __future__ import annotations

import asyncio

import httpcore
import pytest

from ostack.transport.apool import ConnectionPool

TIMEOUTS = {"connect": 10.0, "read": 10.0, "write": 10.0, "pool": 10.0}


def _request(url: str, timeouts: dict[str, float] = TIMEOUTS) -> httpcore.Request:
    host = httpcore.URL(url)
    return httpcore.Request("GET", host, headers=[(b"Host", b"%b:%d" % (host.host, host.port))],
                            extensions={"timeout": timeouts})


async def _get(pool: ConnectionPool, url: str) -> int:
    response = await pool.handle_async_request(_request(url))
    try:
        await response.aread()
    finally:
        await response.aclose()
    return response.status


def _counts(pool: ConnectionPool) -> list[str]:
    """Each idle connection's state and request count, from httpcore's description of it
    ("'http://host:port', HTTP/1.1, IDLE, Request Count: 20")."""
    return [connection.info().split(", ", 1)[1] for idle in pool._idle.values()
            for connection in idle]


def test_sequential_requests_share_one_connection(localcloud) -> None:
    async def main() -> list[str]:
        pool = ConnectionPool()
        try:
            statuses = [await _get(pool, localcloud.url + "/identity/v3") for _ in range(20)]
            assert statuses == [200] * 20
            return _counts(pool)
        finally:
            await pool.aclose()

    assert asyncio.run(main()) == ["HTTP/1.1, IDLE, Request Count: 20"]


def test_concurrent_requests_each_get_a_connection_then_stay_idle(localcloud) -> None:
    async def main() -> tuple[list[int], list[str]]:
        pool = ConnectionPool(max_keepalive=4)
        try:
            statuses = await asyncio.gather(
                *(_get(pool, localcloud.url + "/identity/v3") for _ in range(12)))
            return list(statuses), _counts(pool)
        finally:
            await pool.aclose()

    statuses, idle = asyncio.run(main())
    assert statuses == [200] * 12
    assert 1 <= len(idle) <= 4, idle  # kept up to max_keepalive, the rest closed


def test_an_expired_or_closed_connection_is_replaced(localcloud) -> None:
    async def main() -> None:
        pool = ConnectionPool(keepalive_expiry=0.05)
        try:
            assert await _get(pool, localcloud.url + "/identity/v3") == 200
            await asyncio.sleep(0.2)  # past the keep-alive expiry
            assert await _get(pool, localcloud.url + "/identity/v3") == 200
            assert _counts(pool) == ["HTTP/1.1, IDLE, Request Count: 1"]  # a new one
            # The server closes the idle connection: the next request opens another.
            for idle in pool._idle.values():
                for connection in idle:
                    connection._connection._network_stream.get_extra_info("socket").shutdown(2)
            pool._keepalive_expiry = 30.0
            assert await _get(pool, localcloud.url + "/identity/v3") == 200
            assert _counts(pool) == ["HTTP/1.1, IDLE, Request Count: 1"]
        finally:
            await pool.aclose()

    asyncio.run(main())


def test_at_most_max_connections_at_once_and_the_pool_timeout(localcloud) -> None:
    async def main() -> None:
        pool = ConnectionPool(max_connections=2)
        try:
            statuses = await asyncio.gather(
                *(_get(pool, localcloud.url + "/identity/v3") for _ in range(8)))
            assert list(statuses) == [200] * 8
            assert len(_counts(pool)) <= 2 and pool._slots._value == 2
            # Two answers left open hold both slots: a third request waits, then times out.
            held = [await pool.handle_async_request(_request(localcloud.url + "/identity/v3"))
                    for _ in range(2)]
            with pytest.raises(httpcore.PoolTimeout):
                await pool.handle_async_request(
                    _request(localcloud.url + "/identity/v3", {**TIMEOUTS, "pool": 0.2}))
            for response in held:
                await response.aclose()
            assert await _get(pool, localcloud.url + "/identity/v3") == 200
        finally:
            await pool.aclose()

    asyncio.run(main())
