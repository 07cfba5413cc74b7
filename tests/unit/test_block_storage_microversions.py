"""The Block Storage resources' microversion ranges: well-formed, within what the SDK speaks
(3.0-3.70), matching Cinder's microversion history for the fields it introduced, and honoured by
a create: a field newer than the negotiated microversion is not sent."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest

import ostack.block_storage
from ostack.block_storage.service import BlockStorageService
from ostack.resource import Field, Resource
from ostack.transport.microversions import at_least

LOWEST, HIGHEST = "3.0", BlockStorageService.max_microversion

#: Fields Cinder added after 3.0, and where (its REST API version history).
FACTS: dict[str, dict[str, str]] = {
    "volumes.Volume": {
        "group_id": "3.13", "provider_id": "3.21", "backup_id": "3.47",
        "shared_targets": "3.48", "service_uuid": "3.48", "cluster_name": "3.61",
        "volume_type_id": "3.63", "encryption_key_id": "3.64", "consumes_quota": "3.65",
    },
    "snapshots.Snapshot": {
        "group_snapshot_id": "3.14", "user_id": "3.41", "consumes_quota": "3.65",
    },
    "backups.Backup": {
        "project_id": "3.18", "metadata": "3.43", "availability_zone": "3.51",
        "user_id": "3.56", "encryption_key_id": "3.64",
    },
    "attachments.Attachment": {
        "attach_mode": "3.27", "connection_info": "3.27", "instance": "3.27",
        "status": "3.27", "volume_id": "3.27", "mode": "3.54",
    },
    "group_types.GroupType": {"group_specs": "3.11", "is_public": "3.11"},
    "groups.Group": {
        "group_type": "3.13", "volume_types": "3.13", "group_snapshot_id": "3.14",
        "source_group_id": "3.14", "volumes": "3.25", "replication_status": "3.38",
        "project_id": "3.58",
    },
    "groups.GroupSnapshot": {"group_id": "3.14", "group_type_id": "3.14", "project_id": "3.58"},
    "messages.Message": {"event_id": "3.3", "user_message": "3.3", "resource_uuid": "3.3"},
    "services.Service": {"cluster": "3.7", "backend_state": "3.49"},
    "transfers.Transfer": {
        "no_snapshots": "3.55", "accepted": "3.57", "source_project_id": "3.57",
        "destination_project_id": "3.57",
    },
}


def _resources() -> list[type[Resource]]:
    found: dict[str, type[Resource]] = {}
    for info in pkgutil.iter_modules(ostack.block_storage.__path__):
        module = importlib.import_module(f"ostack.block_storage.{info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Resource)
                    and value.__module__ == module.__name__):
                found[f"{info.name}.{value.__name__}"] = value
    return list(found.values())


def _parts(version: str) -> tuple[int, int]:
    major, _, minor = version.partition(".")
    return int(major), int(minor)


def test_every_declared_range_is_well_formed() -> None:
    resources = _resources()
    assert len(resources) > 20, [r.__name__ for r in resources]
    for cls in resources:
        for name, field in cls.fields().items():
            assert isinstance(field, Field)
            low, high = field.min_microversion, field.max_microversion
            for bound in (low, high):
                if bound is not None:
                    assert _parts(bound)[0] == 3, (cls.__name__, name, bound)
                    assert at_least(bound, LOWEST) and at_least(HIGHEST, bound), \
                        (cls.__name__, name, bound)
            if low and high:
                assert at_least(high, low), (cls.__name__, name, low, high)


@pytest.mark.parametrize("where", sorted(FACTS))
def test_fields_start_where_cinder_added_them(where: str) -> None:
    module, _, name = where.partition(".")
    cls = getattr(importlib.import_module(f"ostack.block_storage.{module}"), name)
    fields = cls.fields()
    for field, version in FACTS[where].items():
        assert fields[field].min_microversion == version, (where, field)
        assert not fields[field].in_microversion(_previous(version))
        assert fields[field].in_microversion(version)
        assert fields[field].in_microversion(HIGHEST)


def _previous(version: str) -> str:
    major, minor = _parts(version)
    return f"{major}.{minor - 1}"


def _proxy(microversion: str) -> BlockStorageService:
    proxy = BlockStorageService(None)
    proxy._microversion, proxy._negotiated = microversion, True
    return proxy


def _first_call(flow: Any) -> Any:
    call = next(flow)
    flow.close()
    return call


def test_a_create_at_3_0_leaves_newer_fields_out() -> None:
    attrs = {"size": 1, "name": "mv", "group_id": "g1", "backup_id": "b1",
             "consumes_quota": True}
    old = _first_call(BlockStorageService.create_volume.flow(_proxy("3.0"), **attrs))
    sent = old.options["json"]["volume"]
    assert sent["size"] == 1 and sent["name"] == "mv"
    assert not {"group_id", "backup_id", "consumes_quota"} & set(sent), sent
    new = _first_call(BlockStorageService.create_volume.flow(_proxy("3.47"), **attrs))
    sent = new.options["json"]["volume"]
    assert sent["group_id"] == "g1" and sent["backup_id"] == "b1"
    assert "consumes_quota" not in sent  # Cinder knows it from 3.65


def test_an_attachment_mode_needs_3_54() -> None:
    for version, expected in (("3.27", None), ("3.53", None), ("3.54", "ro"), (HIGHEST, "ro")):
        proxy = _proxy(version)  # the attachment methods load with the first use
        call = _first_call(type(proxy).create_attachment.flow(
            proxy, "vol-1", instance="server-1", mode="ro"))
        body = call.options["json"]["attachment"]
        assert body["volume_uuid"] == "vol-1" and body["instance_uuid"] == "server-1"
        assert body.get("mode") == expected, (version, body)
