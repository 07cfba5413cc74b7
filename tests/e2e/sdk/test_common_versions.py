"""Version data of every service (`ostack.transport.version_data`), through the sync and
the async session: what `versions show` prints."""

from __future__ import annotations

from ostack.transport.version_data import all_version_data, all_version_data_flow


def _version_data(conn, **options):
    target = getattr(conn, "_target", None)
    if target is None:
        return all_version_data(conn.session, **options)
    return conn._loop.run_until_complete(
        target.session.drive(all_version_data_flow(target.session, **options)))


def test_all_version_data(sdk):
    data = _version_data(sdk)
    services = data["RegionOne"]["public"]
    assert {"compute", "identity", "image", "network", "block-storage",
            "object-store"} <= set(services)
    compute = {v["version"]: v for v in services["compute"]}
    assert compute["2.1"]["max_microversion"] == "2.96" and compute["2.1"]["status"] == \
        "CURRENT"
    assert compute["2.0"]["status"] == "DEPRECATED"
    # Swift has no version document: it is described from its URL.
    swift = services["object-store"]
    assert [(v["version"], v["status"]) for v in swift] == [("1.0", "CURRENT")]
    assert swift[0]["url"].endswith("/object-store/v1/")
    image = [v["version"] for v in services["image"]]
    assert image == sorted(image, key=lambda v: tuple(int(p) for p in v.split(".")))


def test_all_version_data_filters(sdk):
    every = _version_data(sdk, interface=None)
    assert set(every["RegionOne"]) == {"public", "internal", "admin"}
    volume = _version_data(sdk, service_type="volumev3")
    assert list(volume["RegionOne"]["public"]) == ["block-storage"]
    assert _version_data(sdk, region_name="nowhere") == {}
