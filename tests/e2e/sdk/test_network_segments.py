"""Network segments and segment ranges through the SDK, sync and async."""

from __future__ import annotations

import random
import uuid


def test_segments_and_ranges(sdk):
    network = sdk.network
    tag = uuid.uuid4().hex[:8]
    net = network.create_network(name=f"sdk-seg-{tag}")
    low = random.randrange(100, 4000, 10)
    span = network.create_network_segment_range(
        name=f"sdk-range-{tag}", network_type="vlan", physical_network=f"phys-{tag}",
        minimum=low, maximum=low + 4, shared=True)
    try:
        segment = network.create_segment(network_id=net.id, network_type="vlan",
                                         physical_network=f"phys-{tag}", segmentation_id=low)
        assert segment.segmentation_id == low and segment.network_id == net.id
        assert network.update_segment(segment, name="s").name == "s"
        assert [s.id for s in network.segments(network_id=net.id)] == [segment.id]
        span = network.get_network_segment_range(span)
        assert span.used == {str(low): net.project_id}
        assert span.available == list(range(low + 1, low + 5))
        network.delete_segment(segment)
        span = network.update_network_segment_range(span, maximum=low + 2)
        assert span.maximum == low + 2
    finally:
        network.delete_network_segment_range(span)
        network.delete_network(net)
