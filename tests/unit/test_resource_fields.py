"""Fields read as openstacksdk's do: a nested mapping as a resource (`server.flavor.name`), a
missing key through its alias, the body kept as the service sent it."""

from __future__ import annotations

from ostack.compute.flavors import Flavor
from ostack.compute.servers import Server
from ostack.image.images import Image

EMBEDDED = {"vcpus": 1, "ram": 512, "disk": 1, "ephemeral": 2, "swap": 0,
            "original_name": "m1.small", "extra_specs": {"hw:cpu_policy": "shared"}}


def test_an_embedded_flavor_reads_as_a_flavor() -> None:
    server = Server({"id": "s1", "flavor": EMBEDDED, "image": {"id": "i1", "links": []}},
                    microversion="2.90")
    flavor = server.flavor
    assert isinstance(flavor, Flavor) and flavor.microversion == "2.90"
    assert (flavor.name, flavor.id, flavor.original_name) == ("m1.small",) * 3
    assert (flavor.vcpus, flavor.ram, flavor.ephemeral) == (1, 512, 2)
    assert flavor["original_name"] == "m1.small" and flavor.get("extra_specs") == {
        "hw:cpu_policy": "shared"}
    assert isinstance(server.image, Image) and server.image.id == "i1"
    assert server.image["id"] == "i1"
    # what the service sent is unchanged
    assert server.raw["flavor"] == EMBEDDED and server.to_dict()["flavor"] == EMBEDDED


def test_a_referenced_flavor_and_a_volume_backed_server() -> None:
    server = Server({"id": "s1", "flavor": {"id": "42", "links": []}, "image": ""})
    assert server.flavor.id == "42" and server.flavor.name is None
    assert server.image == ""
    assert Server({"id": "s2"}).flavor is None


def test_a_listed_flavor_keeps_its_own_keys() -> None:
    flavor = Flavor({"id": "1", "name": "m1.tiny", "OS-FLV-EXT-DATA:ephemeral": 5,
                     "original_name": "ignored"})
    assert (flavor.id, flavor.name, flavor.ephemeral) == ("1", "m1.tiny", 5)
    assert flavor.to_dict()["name"] == "m1.tiny"


def test_cinder_booleans_sent_as_strings_read_as_booleans() -> None:
    from ostack.block_storage.volumes import Volume

    volume = Volume({"id": "v", "bootable": "false", "encrypted": False, "multiattach": "True"})
    assert (volume.is_bootable, volume.is_encrypted, volume.is_multiattach) == (
        False, False, True)
    assert Volume({"id": "v"}).is_bootable is None and volume.raw["bootable"] == "false"


def test_a_resource_reads_as_a_mapping_of_its_attributes() -> None:
    server = Server({"id": "s1", "name": "web", "OS-EXT-AZ:availability_zone": "nova",
                     "extra": 1})
    as_dict = dict(server)
    assert as_dict["availability_zone"] == "nova" and as_dict["extra"] == 1
    assert dict(server.items()) == as_dict and list(server.keys()) == list(as_dict)
    assert len(server) == len(as_dict) and list(server.values()) == list(as_dict.values())
    assert "name" in server and "extra" in server and "nothing" not in server
    assert Server({}) and not Server({}).keys() - set(Server.fields())
