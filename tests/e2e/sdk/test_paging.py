"""Listings page lazily in each service's style, sync and async (the async driver reads one
page ahead); `limit` is the page size and `max_items` the total cap."""

from __future__ import annotations


def test_pages_follow_links(sdk, localcloud) -> None:
    everything = [f.id for f in sdk.compute.flavors(is_public="None")]
    assert len(everything) >= 5
    before = localcloud.requests()
    paged = [f.id for f in sdk.compute.flavors(is_public="None", limit=2)]
    assert paged == everything
    # ceil(n / 2) pages, plus the empty one that ends a listing whose last page was full.
    assert localcloud.requests() - before in (len(everything) // 2 + 1,
                                              (len(everything) + 1) // 2)


def test_max_items_caps_the_listing(sdk) -> None:
    capped = [f.id for f in sdk.compute.flavors(limit=2, max_items=3)]
    assert len(capped) == 3


def test_images_page_with_next(sdk) -> None:
    everything = [i.id for i in sdk.image.images()]
    assert [i.id for i in sdk.image.images(limit=1)] == everything
