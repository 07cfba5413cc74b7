"""The launch wizard's form as a boot request: block device mapping v2 for each source, the
v4/v6 fixed IP choice, hints, server group, metadata, tags; and the command line shown."""

from __future__ import annotations

import shlex

import pytest

from ostack.dashboard.launch_request import FormError, parse

NET4, NET6 = "11111111-aaaa", "22222222-bbbb"


def _form(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"name": "vm", "flavor_id": "1", "source_type": "image",
                               "source_image": "img-1"}
    base.update(fields)
    return base


def _words(command: str) -> list[str]:
    return shlex.split(command.replace("\\\n", " "))


def test_image_as_it_is_with_auto_network() -> None:
    launch = parse(_form())
    assert launch.kwargs == {"flavor": "1", "image": "img-1", "networks": "auto"}
    assert _words(launch.command()) == ["ostack", "server", "create", "--flavor", "1",
                                        "--image", "img-1", "--auto-network", "vm"]


def test_image_onto_a_new_volume_is_block_device_mapping_v2() -> None:
    launch = parse(_form(create_volume="on", volume_size="3", volume_type="fast",
                         delete_on_termination="on"))
    assert "image" not in launch.kwargs
    assert launch.kwargs["block_device_mapping_v2"] == [{
        "boot_index": 0, "uuid": "img-1", "destination_type": "volume",
        "delete_on_termination": True, "source_type": "image", "volume_size": 3,
        "volume_type": "fast"}]
    words = _words(launch.command())
    spec = words[words.index("--block-device") + 1]
    assert "source_type=image" in spec and "delete_on_termination=true" in spec
    assert "block_device_mapping_v2=" in launch.sdk_call()


def test_volume_and_volume_snapshot_sources() -> None:
    volume = parse(_form(source_type="volume", source_volume="vol-1", volume_size="9"))
    assert volume.kwargs["block_device_mapping_v2"] == [{
        "boot_index": 0, "uuid": "vol-1", "destination_type": "volume",
        "delete_on_termination": False, "source_type": "volume"}]
    snap = parse(_form(source_type="volume_snapshot", source_volume_snapshot="snap-1",
                       volume_size="2"))
    mapping = snap.kwargs["block_device_mapping_v2"][0]
    assert mapping["source_type"] == "snapshot" and mapping["volume_size"] == 2
    with pytest.raises(FormError, match="needs a size"):
        parse(_form(create_volume="on"))
    with pytest.raises(FormError, match="choose the volume"):
        parse(_form(source_type="volume"))


def test_networks_with_v4_and_v6_fixed_ips_and_ports() -> None:
    form = {**_form(), "networks": [NET4, NET6], f"fixed_ip_{NET4}": "10.0.0.5",
            f"ip_version_{NET4}": "4", f"fixed_ip_{NET6}": "fd00::5",
            f"ip_version_{NET6}": "6", "ports": ["port-1"]}
    launch = parse(form)
    assert launch.kwargs["networks"] == [{"uuid": NET4, "fixed_ip": "10.0.0.5"},
                                         {"uuid": NET6, "fixed_ip": "fd00::5"},
                                         {"port": "port-1"}]
    words = _words(launch.command())
    nics = [words[i + 1] for i, w in enumerate(words) if w == "--nic"]
    assert nics == [f"net-id={NET4},v4-fixed-ip=10.0.0.5", f"net-id={NET6},v6-fixed-ip=fd00::5",
                    "port-id=port-1"]
    with pytest.raises(FormError, match="not an IPv6 address"):
        parse({**form, f"ip_version_{NET6}": "6", f"fixed_ip_{NET6}": "10.0.0.6"})
    with pytest.raises(FormError, match="not an IP address"):
        parse({**form, f"fixed_ip_{NET4}": "ten"})


def test_details_configuration_hints_group_metadata_tags() -> None:
    launch = parse(_form(description="d", availability_zone="nova", min_count="2",
                         max_count="3", security_groups=["default", "web"], key_name="k",
                         user_data="#!/bin/sh\r\necho hi\r\n", config_drive="on",
                         disk_config="AUTO", scheduler_hints="same_host=abc",
                         server_group="grp-1", metadata="role=web\nteam=a", tags="a, b"))
    kw = launch.kwargs
    assert (kw["min_count"], kw["max_count"]) == (2, 3)
    assert kw["security_groups"] == [{"name": "default"}, {"name": "web"}]
    assert kw["user_data"] == "#!/bin/sh\necho hi\n" and kw["config_drive"] is True
    assert kw["disk_config"] == "AUTO"
    assert kw["scheduler_hints"] == {"same_host": "abc", "group": "grp-1"}
    assert kw["metadata"] == {"role": "web", "team": "a"} and kw["tags"] == ["a", "b"]
    words = _words(launch.command())
    pairs = set(zip(words, words[1:], strict=False))
    for pair in (("--server-group", "grp-1"), ("--hint", "same_host=abc"),
                 ("--property", "team=a"), ("--tag", "b"), ("--min", "2"), ("--max", "3"),
                 ("--availability-zone", "nova"), ("--user-data", "user-data.txt"),
                 ("--config-drive", "True"), ("--security-group", "web")):
        assert pair in pairs, pair
    assert ("--hint", "group=grp-1") not in pairs  # the server group says it once


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": ""}, "needs a name"), ({"flavor_id": ""}, "choose a flavor"),
    ({"min_count": "3", "max_count": "2"}, "below the minimum"),
    ({"min_count": "x"}, "whole number"), ({"metadata": "novalue"}, "not key=value"),
    ({"source_type": "floppy"}, "unknown boot source"),
])
def test_form_errors_name_the_step(fields: dict[str, str], message: str) -> None:
    with pytest.raises(FormError, match=message):
        parse(_form(**fields))
