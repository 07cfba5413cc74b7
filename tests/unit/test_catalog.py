"""Tests of the service catalog lookups and of service types, aliases and microversion headers."""

from __future__ import annotations

from typing import Any

import pytest

from ostack.exceptions import EndpointNotFound
from ostack.transport import service_types
from ostack.transport.catalog import ServiceCatalog


def ep(interface: str, url: str, region: str | None = "RegionOne", **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"interface": interface, "url": url, **extra}
    if region is not None:
        out["region_id"] = region
        out["region"] = region
    return out


ENTRIES: list[dict[str, Any]] = [
    {"type": "identity", "name": "keystone", "endpoints": [
        ep("public", "https://keystone.pub/v3"),
        ep("internal", "http://keystone.int/v3"),
        ep("admin", "http://keystone.adm/v3"),
    ]},
    {"type": "compute", "name": "nova", "endpoints": [
        ep("public", "https://nova.r1/v2.1"),
        ep("internal", "http://nova-int.r1/v2.1"),
        ep("public", "https://nova.r2/v2.1", region="RegionTwo"),
        ep("internal", "http://nova-int.r2/v2.1", region="RegionTwo"),
    ]},
    {"type": "volumev2", "name": "cinderv2", "endpoints": [
        ep("public", "https://cinder/v2/p1"),
    ]},
    {"type": "volumev3", "name": "cinderv3", "endpoints": [
        ep("public", "https://cinder/v3/p1"),
    ]},
    {"type": "object-store", "name": "swift", "endpoints": [
        # Only region_id, as newer Keystones may send.
        {"interface": "public", "url": "https://swift/v1/AUTH_p1", "region_id": "RegionTwo"},
    ]},
    {"type": "image", "name": "glance", "endpoints": [
        # An old-style interface spelling.
        {"interface": "publicURL", "url": "https://glance", "region": "RegionOne"},
    ]},
]


@pytest.fixture
def catalog() -> ServiceCatalog:
    return ServiceCatalog(ENTRIES)


# -- url_for ----------------------------------------------------------------------------------

@pytest.mark.parametrize("interface,expected", [
    ("public", "https://keystone.pub/v3"),
    ("internal", "http://keystone.int/v3"),
    ("admin", "http://keystone.adm/v3"),
    ("internalURL", "http://keystone.int/v3"),
    ("ADMIN", "http://keystone.adm/v3"),
    (None, "https://keystone.pub/v3"),
])
def test_interface(catalog: ServiceCatalog, interface: str | None, expected: str) -> None:
    assert catalog.url_for("identity", interface) == expected


def test_public_is_the_default(catalog: ServiceCatalog) -> None:
    assert catalog.url_for("identity") == "https://keystone.pub/v3"


@pytest.mark.parametrize("region,interface,expected", [
    ("RegionOne", "public", "https://nova.r1/v2.1"),
    ("RegionTwo", "public", "https://nova.r2/v2.1"),
    ("RegionTwo", "internal", "http://nova-int.r2/v2.1"),
    (None, "internal", "http://nova-int.r1/v2.1"),  # no region: the first that fits
])
def test_region(catalog: ServiceCatalog, region: str | None, interface: str, expected: str) -> None:
    assert catalog.url_for("compute", interface, region) == expected


def test_region_by_region_id_only(catalog: ServiceCatalog) -> None:
    assert catalog.url_for("object-store", "public", "RegionTwo") == "https://swift/v1/AUTH_p1"
    with pytest.raises(EndpointNotFound):
        catalog.url_for("object-store", "public", "RegionOne")


def test_endpoint_interface_spelled_with_url(catalog: ServiceCatalog) -> None:
    assert catalog.url_for("image", "public") == "https://glance"
    assert catalog.url_for("image", "publicURL", "RegionOne") == "https://glance"


@pytest.mark.parametrize("asked", ["block-storage", "block_storage", "volumev3", "volume"])
def test_alias_prefers_the_newest_catalog_type(catalog: ServiceCatalog, asked: str) -> None:
    assert catalog.url_for(asked) == "https://cinder/v3/p1"


def test_official_type_wins_over_aliases() -> None:
    entries = [
        {"type": "volumev3", "endpoints": [ep("public", "https://old/v3")]},
        {"type": "block-storage", "endpoints": [ep("public", "https://new/v3")]},
    ]
    assert ServiceCatalog(entries).url_for("volumev3") == "https://new/v3"


def test_only_an_old_alias_in_the_catalog() -> None:
    entries = [{"type": "volume", "endpoints": [ep("public", "https://v1")]}]
    assert ServiceCatalog(entries).url_for("block-storage") == "https://v1"


def test_underscore_type(catalog: ServiceCatalog) -> None:
    assert catalog.url_for("object_store", "public", "RegionTwo") == "https://swift/v1/AUTH_p1"


def test_unknown_service_lists_what_is_offered(catalog: ServiceCatalog) -> None:
    with pytest.raises(EndpointNotFound) as err:
        catalog.url_for("network")
    text = str(err.value)
    assert "'network'" in text
    assert "compute, identity, image, object-store, volumev2, volumev3" in text


def test_empty_catalog_hints_at_scope() -> None:
    with pytest.raises(EndpointNotFound, match="scoped to a project"):
        ServiceCatalog([]).url_for("compute")
    with pytest.raises(EndpointNotFound):
        ServiceCatalog(None).url_for("compute")  # type: ignore[arg-type]


def test_no_matching_interface_or_region_lists_offers(catalog: ServiceCatalog) -> None:
    with pytest.raises(EndpointNotFound) as err:
        catalog.url_for("compute", "admin", "RegionTwo")
    text = str(err.value)
    assert "no admin endpoint for 'compute' in region 'RegionTwo'" in text
    assert "internal/RegionOne, internal/RegionTwo, public/RegionOne, public/RegionTwo" in text
    assert "--os-interface" in text and "--os-region-name" in text


def test_unknown_region(catalog: ServiceCatalog) -> None:
    with pytest.raises(EndpointNotFound, match="region 'Mars'"):
        catalog.url_for("identity", "public", "Mars")


def test_endpoints_of_a_service(catalog: ServiceCatalog) -> None:
    assert [e["url"] for e in catalog.endpoints("compute")] == [
        "https://nova.r1/v2.1", "http://nova-int.r1/v2.1",
        "https://nova.r2/v2.1", "http://nova-int.r2/v2.1",
    ]
    assert catalog.endpoints("dns") == []


def test_service_with_null_endpoints() -> None:
    entries = [{"type": "compute", "endpoints": None}]
    with pytest.raises(EndpointNotFound):
        ServiceCatalog(entries).url_for("compute")


def test_rows(catalog: ServiceCatalog) -> None:
    rows = catalog.rows()
    assert [(r["name"], r["type"]) for r in rows][:2] == [("keystone", "identity"),
                                                          ("nova", "compute")]
    assert rows[0]["endpoints"] == ENTRIES[0]["endpoints"]


# -- service types ----------------------------------------------------------------------------

@pytest.mark.parametrize("given,expected", [
    ("volumev3", "block-storage"), ("volumev2", "block-storage"), ("volume", "block-storage"),
    ("block-store", "block-storage"), ("block_storage", "block-storage"),
    ("sharev2", "shared-file-system"), ("share", "shared-file-system"),
    ("octavia", "load-balancer"), ("container-infra", "container-infrastructure-management"),
    ("keystore", "key-manager"), ("bare-metal", "baremetal"),
    ("compute", "compute"), ("object_store", "object-store"), ("something-new", "something-new"),
])
def test_official(given: str, expected: str) -> None:
    assert service_types.official(given) == expected


def test_candidates_official_first() -> None:
    assert service_types.candidates("volume") == (
        "block-storage", "volumev3", "volumev2", "volume", "block-store",
    )
    assert service_types.candidates("compute") == ("compute",)
    assert service_types.candidates("unheard-of") == ("unheard-of",)


@pytest.mark.parametrize("service,version,expected", [
    ("compute", "2.79", {"OpenStack-API-Version": "compute 2.79",
                         "X-OpenStack-Nova-API-Version": "2.79"}),
    ("volumev3", "3.59", {"OpenStack-API-Version": "volume 3.59"}),
    ("block-storage", "3.0", {"OpenStack-API-Version": "volume 3.0"}),
    ("placement", "1.39", {"OpenStack-API-Version": "placement 1.39"}),
    ("baremetal", "1.80", {"OpenStack-API-Version": "baremetal 1.80",
                           "X-OpenStack-Ironic-API-Version": "1.80"}),
    ("sharev2", "2.70", {"OpenStack-API-Version": "sharev2 2.70",
                         "X-OpenStack-Manila-API-Version": "2.70"}),
    ("image", "2.0", {"OpenStack-API-Version": "image 2.0"}),
])
def test_microversion_headers(service: str, version: str, expected: dict[str, str]) -> None:
    assert service_types.microversion_headers(service, version) == expected


def test_every_alias_maps_back_to_its_official_type() -> None:
    for official, aliases in service_types.ALIASES.items():
        assert service_types.official(official) == official
        for alias in aliases:
            assert service_types.official(alias) == official
            assert service_types.candidates(alias)[0] == official
