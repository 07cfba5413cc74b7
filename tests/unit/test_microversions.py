"""Tests of microversion parsing and negotiation, and of choosing a version from discovery."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ostack import exceptions
from ostack.exceptions import DiscoveryError, MicroversionError
from ostack.transport import microversions as mv
from ostack.transport.discovery import _choose, discover, split_version
from ostack.transport.http import Response

# -- parse / render / at_least ----------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("2.1", (2, 1)), ("2.79", (2, 79)), ("3.0", (3, 0)), (" 2.10 ", (2, 10)), ("1.100", (1, 100)),
])
def test_parse(text: str, expected: tuple[int, int]) -> None:
    assert mv.parse(text) == expected


@pytest.mark.parametrize("text", [
    "", "2", "2.", ".5", "v2.1", "2.1.3", "a.b", "-2.1", "2.-1", "latest", "2,1", "2. 1",
    "2.\u00b2",  # a superscript two: str.isdigit() says yes, int() says no
])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(MicroversionError) as err:
        mv.parse(text)
    assert "MAJOR.MINOR" in str(err.value)


def test_microversion_error_is_a_discovery_error() -> None:
    with pytest.raises(DiscoveryError):
        mv.parse("x")


def test_versions_compare_as_numbers_not_text() -> None:
    assert mv.parse("2.10") > mv.parse("2.9")
    assert mv.render((2, 10)) == "2.10"
    assert mv.render(mv.parse("2.05")) == "2.5"


@pytest.mark.parametrize("version,minimum,expected", [
    ("2.79", "2.79", True), ("2.80", "2.79", True), ("2.9", "2.10", False),
    ("3.0", "2.99", True), (None, "2.1", False),
])
def test_at_least(version: str | None, minimum: str, expected: bool) -> None:
    assert mv.at_least(version, minimum) is expected


# -- negotiate --------------------------------------------------------------------------------

@pytest.mark.parametrize("wanted", [None, "latest"])
@pytest.mark.parametrize("client,server,expected", [
    (("2.1", "2.90"), ("2.1", "2.96"), "2.90"),   # the client is older: its max
    (("2.1", "2.96"), ("2.1", "2.79"), "2.79"),   # the server is older: its max
    (("2.1", "2.90"), ("2.1", "2.90"), "2.90"),
    (("2.1", "2.10"), ("2.1", "2.9"), "2.9"),     # numeric comparison
    (("2.60", "2.90"), ("2.1", "2.60"), "2.60"),  # the ranges touch at one version
])
def test_negotiate_best_common(
    wanted: str | None, client: tuple[str, str], server: tuple[str, str], expected: str
) -> None:
    assert mv.negotiate(wanted, *client, *server) == expected


def test_negotiate_no_common_version_names_service_and_ranges() -> None:
    with pytest.raises(MicroversionError) as err:
        mv.negotiate(None, "2.80", "2.90", "2.1", "2.60", "compute")
    text = str(err.value)
    assert "compute" in text
    assert "2.80-2.90" in text and "2.1-2.60" in text


def test_negotiate_latest_without_overlap_fails_too() -> None:
    with pytest.raises(MicroversionError):
        mv.negotiate("latest", "3.0", "3.10", "3.20", "3.70", "block-storage")


@pytest.mark.parametrize("wanted,expected", [
    ("2.1", "2.1"), ("2.53", "2.53"), ("2.96", "2.96"), ("2.053", "2.53"),
])
def test_negotiate_explicit_inside_server_range(wanted: str, expected: str) -> None:
    assert mv.negotiate(wanted, "2.1", "2.96", "2.1", "2.96") == expected


@pytest.mark.parametrize("wanted", ["2.97", "3.0", "2.0", "1.99"])
def test_negotiate_explicit_outside_server_range(wanted: str) -> None:
    with pytest.raises(MicroversionError) as err:
        mv.negotiate(wanted, "2.1", "2.96", "2.1", "2.96", "compute")
    text = str(err.value)
    assert wanted in text and "compute" in text
    assert "2.1 to 2.96" in text


def test_negotiate_explicit_invalid() -> None:
    with pytest.raises(MicroversionError, match="invalid microversion"):
        mv.negotiate("two", "2.1", "2.96", "2.1", "2.96")


@pytest.mark.parametrize("wanted", [None, "latest"])
def test_server_without_microversions_gets_none(wanted: str | None) -> None:
    assert mv.negotiate(wanted, "2.1", "2.96", None, None) is None
    assert mv.negotiate(wanted, "2.1", "2.96", "", None) is None


def test_server_without_microversions_still_gets_an_explicit_one() -> None:
    # Documented: an explicitly asked version is sent even when the server announces none.
    assert mv.negotiate("2.10", "2.1", "2.96", None, None) == "2.10"


def test_server_without_minimum_starts_at_major_zero() -> None:
    assert mv.negotiate(None, "3.0", "3.70", None, "3.59") == "3.59"
    assert mv.negotiate("3.0", "3.0", "3.70", None, "3.59") == "3.0"
    with pytest.raises(MicroversionError):
        mv.negotiate("2.99", "2.1", "3.70", None, "3.59")


def test_negotiate_rejects_bad_server_range() -> None:
    with pytest.raises(MicroversionError):
        mv.negotiate(None, "2.1", "2.90", "2.1", "garbage")


# -- discovery: split_version -----------------------------------------------------------------

@pytest.mark.parametrize("url,expected", [
    ("http://h/compute/v2.1", ("http://h/compute", "v2.1", "")),
    ("http://h/compute/v2.1/", ("http://h/compute", "v2.1", "")),
    ("http://h:8774/v2.1/6d5b2c", ("http://h:8774", "v2.1", "6d5b2c")),
    ("http://h/volume/v3/6d5b2c", ("http://h/volume", "v3", "6d5b2c")),
    ("http://h:5000/v3", ("http://h:5000", "v3", "")),
    ("http://h:5000/v2.0/", ("http://h:5000", "v2.0", "")),
    ("http://h/image", ("http://h/image", None, "")),
    ("http://h:9696/", ("http://h:9696", None, "")),
    ("https://h/object-store/v1/AUTH_abc", ("https://h/object-store", "v1", "AUTH_abc")),
    ("http://h/v1/AUTH_x/v2", ("http://h/v1/AUTH_x", "v2", "")),  # the last version wins
    ("http://h/version/vx", ("http://h/version/vx", None, "")),
])
def test_split_version(url: str, expected: tuple[str, str | None, str]) -> None:
    assert split_version(url) == expected


# -- discovery: _choose -----------------------------------------------------------------------

NOVA = [
    {"id": "v2.0", "status": "SUPPORTED", "version": "", "min_version": ""},
    {"id": "v2.1", "status": "CURRENT", "version": "2.96", "min_version": "2.1"},
]
GLANCE = [
    {"id": "v2.17", "status": "CURRENT"},
    {"id": "v2.9", "status": "SUPPORTED"},
    {"id": "v2.16", "status": "SUPPORTED"},
    {"id": "v1.1", "status": "DELETED"},
]


def test_choose_by_catalog_segment() -> None:
    assert _choose(NOVA, "v2.1", None)["id"] == "v2.1"
    assert _choose(NOVA, "v2.0", None)["id"] == "v2.0"
    assert _choose(NOVA, "v2", None)["id"] == "v2.0"


def test_choose_highest_current_without_hints() -> None:
    assert _choose(NOVA, None, None)["id"] == "v2.1"
    assert _choose(GLANCE, None, None)["id"] == "v2.17"


def test_choose_highest_minor_of_wanted_major() -> None:
    assert _choose(GLANCE, None, "2")["id"] == "v2.17"  # v2.17 > v2.9 > v2.16 numerically
    assert _choose(GLANCE, None, "v2")["id"] == "v2.17"
    assert _choose(NOVA, None, "2.1")["id"] == "v2.1"


def test_choose_never_picks_deleted() -> None:
    assert _choose(GLANCE, None, "1") is None
    assert _choose([{"id": "v1.0", "status": "DELETED"}], None, None) is None


def test_choose_wanted_major_absent() -> None:
    assert _choose(NOVA, None, "3") is None


def test_choose_falls_back_to_any_usable_when_none_is_current() -> None:
    versions = [{"id": "v1.0", "status": "SUPPORTED"}, {"id": "v1.1", "status": "EXPERIMENTAL"}]
    assert _choose(versions, None, None)["id"] == "v1.1"


def test_choose_major_segment_matches_minor_ids() -> None:
    # Keystone's catalog says /v3 and its document says v3.14: the same API.
    keystone = [
        {"id": "v3.14", "status": "SUPPORTED"},
        {"id": "v4.0", "status": "CURRENT"},
    ]
    assert _choose(keystone, "v3", None)["id"] == "v3.14"
    assert _choose(keystone, "v3", "4")["id"] == "v3.14"  # the catalog URL names the version


# -- discovery: discover, as far as choosing is concerned ---------------------------------------

class Recorder:
    """A stand-in for the HTTP client: answers GETs from a table of URL -> JSON document
    (an int: that status, with no body)."""

    def __init__(self, documents: dict[str, Any]) -> None:
        self.documents = documents
        self.asked: list[str] = []

    def request(self, method: str, url: str, headers: Any = None, **_: Any) -> Response:
        self.asked.append(url)
        if isinstance(self.documents.get(url), int):
            return Response(self.documents[url], {}, b"", method, url, 0.0)
        if url not in self.documents:
            return Response(404, {}, b"", method, url, 0.0)
        body = json.dumps(self.documents[url]).encode()
        return Response(200, {"content-type": "application/json"}, body, method, url, 0.0)


def test_discover_keeps_a_versioned_catalog_url() -> None:
    doc = {"version": {"id": "v2.1", "status": "CURRENT", "version": "2.96",
                       "min_version": "2.1",
                       "links": [{"rel": "self", "href": "http://nova-internal:8774/v2.1/"}]}}
    http = Recorder({"https://cloud/compute/v2.1/": doc})
    found = discover(http, "https://cloud/compute/v2.1", {})  # type: ignore[arg-type]
    assert found == {"url": "https://cloud/compute/v2.1", "id": "v2.1", "status": "CURRENT",
                     "min_microversion": "2.1", "max_microversion": "2.96"}


def test_discover_major_catalog_segment_with_minor_document_id() -> None:
    # Keystone behind a path prefix, announcing an internal host in its self link.
    doc = {"version": {"id": "v3.14", "status": "stable",
                       "links": [{"rel": "self", "href": "http://10.0.0.5:5000/v3/"}]}}
    http = Recorder({"https://cloud/identity/v3/": doc})
    found = discover(http, "https://cloud/identity/v3", {})  # type: ignore[arg-type]
    assert found["url"] == "https://cloud/identity/v3"
    assert found["id"] == "v3.14"


def test_discover_unversioned_catalog_url_follows_the_self_link() -> None:
    doc = {"versions": [
        {"id": "v2.17", "status": "CURRENT",
         "links": [{"rel": "self", "href": "http://glance-internal:9292/v2/"}]},
        {"id": "v2.16", "status": "SUPPORTED",
         "links": [{"rel": "self", "href": "http://glance-internal:9292/v2/"}]},
    ]}
    http = Recorder({"https://cloud:9292/": doc})
    found = discover(http, "https://cloud:9292", {}, "2")  # type: ignore[arg-type]
    assert found["url"] == "https://cloud:9292/v2"  # the catalog's host, the link's path
    assert found["id"] == "v2.17"
    assert found["max_microversion"] is None


def test_discover_without_any_document_uses_the_catalog_url() -> None:
    http = Recorder({})
    found = discover(http, "https://cloud/volume/v3/p1", {})  # type: ignore[arg-type]
    assert found == {"url": "https://cloud/volume/v3/p1", "id": "v3", "status": None,
                     "min_microversion": None, "max_microversion": None}
    assert http.asked == ["https://cloud/volume/v3/", "https://cloud/volume/"]


def test_discover_does_not_settle_on_the_catalog_url_when_the_service_failed() -> None:
    """A 503 (after the client's retries) is no answer: raised, not taken for "no document"
    (which would be cached, and every later request sent to the bare catalog URL)."""
    http = Recorder({"https://cloud/image/": 503, "https://cloud/": 404})
    with pytest.raises(exceptions.ServiceUnavailable):
        discover(http, "https://cloud/image", {}, "2")  # type: ignore[arg-type]
    http = Recorder({"https://cloud/image/": 404, "https://cloud/": 404})
    assert discover(http, "https://cloud/image", {}, "2")["url"] == "https://cloud/image"
