"""QoS specs through the SDK, sync and async: CRUD, keys, associations with volume types."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

from ostack import exceptions


def test_qos_specs(sdk):
    bs = sdk.block_storage
    name = unique("sdkqos")
    qos = bs.create_qos_spec(name=name, consumer="front-end", read_iops_sec="100",
                             specs={"write_iops_sec": "50"})
    volume_type = bs.create_type(name=unique("sdkqostype"))
    try:
        assert qos.name == name and qos.consumer == "front-end"
        assert qos.specs == {"read_iops_sec": "100", "write_iops_sec": "50"}
        assert bs.get_qos_spec(qos.id).name == name
        assert bs.find_qos_spec(name).id == qos.id
        assert bs.find_qos_spec(unique("nope")) is None
        assert qos.id in [q.id for q in bs.qos_specs()]

        bs.update_qos_spec(qos, total_bytes_sec="4096")
        assert bs.get_qos_spec(qos).specs["total_bytes_sec"] == "4096"
        bs.delete_qos_spec_metadata(qos, ["read_iops_sec", "total_bytes_sec"])
        assert bs.get_qos_spec(qos).specs == {"write_iops_sec": "50"}
        with pytest.raises(exceptions.NotFound):
            bs.delete_qos_spec_metadata(qos, ["read_iops_sec"])

        bs.associate_qos_spec(qos, volume_type.id)
        found = list(bs.qos_spec_associations(qos))
        assert [(a.id, a.name, a.association_type) for a in found] == [
            (volume_type.id, volume_type.name, "volume_type")]
        with pytest.raises(exceptions.BadRequest):
            bs.delete_qos_spec(qos)  # still associated
        bs.disassociate_qos_spec(qos, volume_type)
        assert list(bs.qos_spec_associations(qos.id)) == []
        bs.associate_qos_spec(qos, volume_type.id)
        bs.disassociate_all_qos_spec(qos)
        assert list(bs.qos_spec_associations(qos)) == []
        bs.associate_qos_spec(qos, volume_type.id)
    finally:
        bs.delete_qos_spec(qos, force=True)
        bs.delete_type(volume_type)
    assert bs.find_qos_spec(name) is None
    bs.delete_qos_spec(qos)  # ignored
    with pytest.raises(exceptions.NotFound):
        bs.delete_qos_spec(qos, ignore_missing=False)
