"""The streamed download flow (ostack.common.downloads) stepped by hand: one GET whose body
goes to the sink, resumed from the byte it stopped at (Range, If-Match) after a cut-off, and
the retry flow leaving a cut-off body to it."""

from __future__ import annotations

from typing import Any

import pytest

from ostack import exceptions
from ostack.common.downloads import RESUMES, streamed_get
from ostack.transport.flows import Request, Sleep
from ostack.transport.http import Response
from ostack.transport.retries import exchange

DATA = bytes(range(256)) * 40


def answer(call: Any, status: int, headers: dict[str, str], body: bytes,
           cut_at: int | None = None) -> Any:
    """What a driver does with a Call carrying a sink: headers to `accept`, the body to the
    sink (cut off after `cut_at` bytes: the error a dropped connection raises)."""
    sink = call.options["sink"]
    if sink.accept(status, headers):
        taken = body if cut_at is None else body[:cut_at]
        for start in range(0, len(taken), 1000):
            sink(taken[start:start + 1000])
        if cut_at is not None:
            err = exceptions.ConnectFailure("dropped", method="GET", url="http://x/o")
            err.received = len(taken)  # type: ignore[attr-defined]
            return err
    return Response(status, headers, b"", "GET", "http://x/o", 0.0)


def step(flow: Any, reply: Any) -> Any:
    return flow.throw(reply) if isinstance(reply, BaseException) else flow.send(reply)


def test_a_cut_off_download_resumes_from_the_byte_it_stopped_at():
    got = bytearray()
    flow = streamed_get("/c/o", got.extend)
    call = next(flow)
    assert call.method == "GET" and "Range" not in call.options["headers"]
    call = step(flow, answer(call, 200, {"etag": "abc"}, DATA, cut_at=3500))
    assert call.options["headers"] == {"Range": "bytes=3500-", "If-Match": "abc"}
    call = step(flow, answer(call, 206, {"content-range": f"bytes 3500-{len(DATA) - 1}/"
                                                        f"{len(DATA)}"}, DATA[3500:], 2000))
    assert call.options["headers"]["Range"] == "bytes=5500-"
    rest = {"content-range": f"bytes 5500-{len(DATA) - 1}/{len(DATA)}"}
    with pytest.raises(StopIteration) as done:
        step(flow, answer(call, 206, rest, DATA[5500:]))
    assert bytes(got) == DATA
    assert done.value.value == ({"etag": "abc"}, True)  # the first answer's headers


def test_a_server_answering_anything_but_the_rest_is_an_error():
    got = bytearray()
    flow = streamed_get("/c/o", got.extend)
    call = step(flow, answer(next(flow), 200, {"etag": "abc"}, DATA, cut_at=100))
    with pytest.raises(exceptions.OstackError, match="could not resume"):
        step(flow, answer(call, 200, {"etag": "abc"}, DATA))  # the whole data again
    assert bytes(got) == DATA[:100]  # not a second copy of the start


def test_resumptions_that_bring_nothing_give_up():
    flow = streamed_get("/c/o", lambda chunk: None)
    call = step(flow, answer(next(flow), 200, {}, DATA, cut_at=10))
    headers = {"content-range": f"bytes 10-{len(DATA) - 1}/{len(DATA)}"}
    for _ in range(RESUMES):
        call = step(flow, answer(call, 206, headers, DATA[10:], cut_at=0))
    with pytest.raises(exceptions.ConnectFailure):
        step(flow, answer(call, 206, headers, DATA[10:], cut_at=0))


def test_a_declined_body_is_said_so():
    flow = streamed_get("/c/o", lambda chunk: None, before=lambda status, headers: False)
    with pytest.raises(StopIteration) as done:
        step(flow, answer(next(flow), 200, {"x-static-large-object": "True"}, DATA))
    assert done.value.value == ({"x-static-large-object": "True"}, False)


def test_the_retry_flow_leaves_a_cut_off_body_to_its_download():
    def cut(received: int) -> exceptions.TransportError:
        err = exceptions.ConnectFailure("dropped", method="GET", url="http://x/o")
        err.maybe_applied = True  # type: ignore[attr-defined]
        err.received = received  # type: ignore[attr-defined]
        return err

    flow = exchange(Request("GET", "http://x/o", sink=print), user_agent="ua", retries=2,
                    backoff=0.1)
    assert next(flow).sink is print  # the sink goes with the request to the client
    with pytest.raises(exceptions.ConnectFailure):
        flow.throw(cut(5))  # bytes reached the sink: not sent again from the start
    flow = exchange(Request("GET", "http://x/o", sink=print), user_agent="ua", retries=2,
                    backoff=0.1)
    next(flow)
    assert isinstance(flow.throw(cut(0)), Sleep)  # nothing reached it: retried as before
