"""`console log show|url show|connection show`: ostack prints a server's console as the
official client does."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from tests.support.servers import Fixtures

pytestmark = pytest.mark.official


def _token(url: str) -> str:
    """The console token a console URL carries (`?token=` or `?path=%3Ftoken%3D...`)."""
    query = parse_qs(urlsplit(url).query)
    if "token" in query:
        return query["token"][0]
    return parse_qs(urlsplit(unquote(query["path"][0])).query)["token"][0]


def test_console_log(differ, localcloud):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("con", count=1)
        mine, official = differ.pair(["console", "log", "show", server.name], fmt=None)
        assert mine.stdout == official.stdout and mine.stdout.endswith("\n")
        assert len(mine.stdout.splitlines()) > 3
        mine, official = differ.pair(["console", "log", "show", server.id, "--lines", "2"],
                                     fmt=None)
        assert mine.stdout == official.stdout and len(mine.stdout.splitlines()) == 2
        mine, official = differ.pair(["console", "log", "show", server.id, "--lines", "-1"],
                                     fmt=None, code=2)
        for outcome in (mine, official):
            assert "--lines expected a non-negative integer" in outcome.stderr
        differ.pair(["console", "log", "show", "no-such-server"], fmt=None, code=1)


def test_console_url_and_connection(differ, localcloud):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("con", count=1)
        for kind in ([], ["--xvpvnc"], ["--spice"], ["--rdp"], ["--serial"], ["--mks"]):
            mine, official = differ.same("console", "url", "show", server.id, *kind,
                                         ignore={"url"})
            ours, theirs = urlsplit(mine.data["url"]), urlsplit(official.data["url"])
            assert (ours.scheme, ours.netloc, ours.path) == (
                theirs.scheme, theirs.netloc, theirs.path)
        mine, official = differ.pair(["console", "url", "show", server.id, "--spice-direct"],
                                     fmt=None, code=1)
        for outcome in (mine, official):
            assert "Console type spice-direct is not supported on server side" in (
                outcome.stderr)
        mine, official = differ.pair(["console", "url", "show", server.id], fmt="table")
        assert [line.split("|")[1] for line in mine.stdout.splitlines() if "|" in line] == [
            line.split("|")[1] for line in official.stdout.splitlines() if "|" in line]
        token = _token(differ.run("ostack", ["console", "url", "show", server.id]).data["url"])
        differ.same("console", "connection", "show", token)
        differ.same("console", "connection", "show", token, fmt="table")
        differ.same("console", "connection", "show", "not-a-token", code=1)


def test_console_url_before_remote_consoles(differ, localcloud):
    """Before 2.6 the URL comes from the os-get*Console actions: type and url only."""
    with Fixtures(localcloud) as made:
        (server,) = made.servers("con", count=1)
        mine, official = differ.same("--os-compute-api-version", "2.5", "console", "url",
                                     "show", server.id, "--serial", ignore={"url"})
        assert sorted(mine.data) == ["type", "url"]
