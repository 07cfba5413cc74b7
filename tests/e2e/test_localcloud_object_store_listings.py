"""Swift listings of the local cloud over raw HTTP: order, limit, marker, end_marker, reverse,
prefix and delimiter, in JSON, plain text and XML, and the 412s of bad parameters.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from tests.support.localcloud import LocalCloud
from tests.support.swift import Swift, md5, names


@pytest.fixture(scope="module")
def admin(localcloud: LocalCloud) -> Swift:
    return Swift(localcloud, "admin")


# ------------------------------------------------------------------ listings
@pytest.fixture(scope="module")
def tree(admin: Swift) -> str:
    container = admin.container("tree")
    for name in ("a", "b/1", "b/2", "b/c/3", "bb", "c/1", "d", "é"):
        admin.put(container, name, name.encode())
    return container


def test_listing_order_limit_marker(admin: Swift, tree: str):
    everything = ["a", "b/1", "b/2", "b/c/3", "bb", "c/1", "d", "é"]
    assert names(admin.listing(tree)) == everything
    assert admin.listing(tree, fmt="plain") == everything
    assert names(admin.listing(tree, "limit=3")) == everything[:3]
    assert names(admin.listing(tree, "marker=b/2&limit=2")) == ["b/c/3", "bb"]
    assert names(admin.listing(tree, "end_marker=bb")) == ["a", "b/1", "b/2", "b/c/3"]
    assert names(admin.listing(tree, "marker=a&end_marker=c")) == ["b/1", "b/2", "b/c/3", "bb"]
    assert names(admin.listing(tree, "reverse=true")) == everything[::-1]
    assert names(admin.listing(tree, "reverse=true&marker=bb&limit=2")) == ["b/c/3", "b/2"]
    assert names(admin.listing(tree, "limit=0")) == []
    assert admin.listing(tree, f"marker={quote('é')}", "plain") == []
    # paging through with marker and limit sees every object once
    seen: list[str] = []
    marker = ""
    while True:
        page = names(admin.listing(tree, f"limit=3&marker={quote(marker)}"))
        if not page:
            break
        seen += page
        marker = page[-1]
    assert seen == everything


def test_listing_prefix_and_delimiter(admin: Swift, tree: str):
    assert names(admin.listing(tree, "prefix=b")) == ["b/1", "b/2", "b/c/3", "bb"]
    assert names(admin.listing(tree, "prefix=b/")) == ["b/1", "b/2", "b/c/3"]
    assert names(admin.listing(tree, "delimiter=/")) == ["a", "b/", "bb", "c/", "d", "é"]
    assert admin.listing(tree, "delimiter=/", "plain") == ["a", "b/", "bb", "c/", "d", "é"]
    assert names(admin.listing(tree, "prefix=b/&delimiter=/")) == ["b/1", "b/2", "b/c/"]
    assert names(admin.listing(tree, "delimiter=/&reverse=on")) == [
        "é", "d", "c/", "bb", "b/", "a"]
    assert names(admin.listing(tree, "delimiter=/&marker=b/")) == ["bb", "c/", "d", "é"]
    assert names(admin.listing(tree, "delimiter=/&limit=2")) == ["a", "b/"]
    subdir = admin.listing(tree, "prefix=b/&delimiter=/")[-1]
    assert subdir == {"subdir": "b/c/"}
    xml = admin.listing(tree, "prefix=b/&delimiter=/", "xml")
    assert xml.tag == "container" and xml.get("name") == tree
    assert [o.findtext("name") for o in xml.findall("object")] == ["b/1", "b/2"]
    assert [s.get("name") for s in xml.findall("subdir")] == ["b/c/"]
    entry = admin.listing(tree, "prefix=a")[0]
    assert entry["hash"] == md5(b"a") and entry["bytes"] == 1


def test_listing_bad_parameters(admin: Swift, tree: str):
    assert admin.call("GET", f"/{tree}?limit=10001").status == 412
    assert admin.call("GET", f"/{tree}?limit=10001").body == b"Maximum limit is 10000"
    assert admin.call("GET", f"/{tree}?delimiter=ab").status == 412
    # a limit that is not a number is ignored, as Swift does
    reply = admin.call("GET", f"/{tree}?limit=abc&format=json")
    assert reply.status == 200 and len(reply.json) == 8
    assert admin.call("GET", f"/{tree}?format=json", headers={
        "Accept": "application/json"}).status == 200
