"""Client-token declarations (ostack.recovery): marking a create body, recognising the token,
and docs/reliability.md's table made from the declarations."""

from __future__ import annotations

from pathlib import Path

import pytest

from ostack.block_storage.volumes import Volume
from ostack.compute.servers import Server
from ostack.identity.projects import Project
from ostack.network.networks import Network
from ostack.recovery import ClientToken, MaybeApplied, table, tokens_enabled

DOC = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"


def test_the_declarations_mark_and_recognise_a_token():
    volume = ClientToken.of(Volume)
    body = {"name": "data", "metadata": {"a": "b"}}
    volume.mark(body, "t1")
    assert body["metadata"] == {"a": "b", "ostack-client-token": "t1"}
    assert volume.carries(Volume(body), "t1") and not volume.carries(Volume(body), "t2")
    volume.unmark(body, "t1")
    assert body["metadata"] == {"a": "b"}
    server = ClientToken.of(Server)
    body = {"name": "web"}
    server.mark(body, "t1")
    assert body["description"] == "ostack-client-token:t1"
    server.unmark(body, "t1")
    assert body["description"] is None  # as Nova shows a server without one
    assert server.name_query("a.b") == r"^a\.b$"  # Nova reads the name as a regex
    assert not server.can_mark({"name": "many", "min_count": 2, "max_count": 3})
    assert not server.can_mark({"name": "one", "return_reservation_id": True})
    project = ClientToken.of(Project)
    body = {"name": "p", "tags": ["x"]}
    project.mark(body, "t1")
    assert body["tags"] == ["x", "ostack-client-token:t1"]
    assert project.name_query("a.b") == "a.b"
    network = ClientToken.of(Network)
    assert network.can_mark({"name": "n"}) and not network.can_mark({"name": "n",
                                                                     "description": "mine"})
    assert not network.can_mark({}) and not network.can_mark({"name": ""})
    with pytest.raises(ValueError):
        ClientToken("headers")


def test_tokens_are_on_unless_turned_off(monkeypatch):
    class Session:
        client_tokens = None

    monkeypatch.delenv("OSTACK_CLIENT_TOKENS", raising=False)
    assert tokens_enabled(Session())
    monkeypatch.setenv("OSTACK_CLIENT_TOKENS", "0")
    assert not tokens_enabled(Session())
    Session.client_tokens = True
    assert tokens_enabled(Session())


def test_maybe_applied_says_what_to_check():
    error = MaybeApplied("POST", "http://x/v2.0/networks", "net1", "network")
    assert str(error).startswith("POST http://x/v2.0/networks: the request was sent and may "
                                 "have been applied: check before retrying (look for a "
                                 "network named 'net1')")


def test_the_reliability_doc_holds_the_current_table():
    text = DOC.read_text()
    start = text.index("<!-- recovery-table:start -->\n") + len("<!-- recovery-table:start -->\n")
    end = text.index("<!-- recovery-table:end -->")
    assert text[start:end].strip() == table(), (
        "docs/reliability.md's table is stale: paste `python -m ostack.recovery`")
