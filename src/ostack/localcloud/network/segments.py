"""`/v2.0/segments` and `/v2.0/network_segment_ranges`: the collections (ranges have tags);
the states are `segment_state.py` and `network_segment_range_state.py`."""

from __future__ import annotations

from ..routing import RouteTable
from .network_segment_range_state import NetworkSegmentRangeState
from .record_collection import RecordCollection
from .segment_state import SegmentState

SEGMENTS = RecordCollection(
    kind="segment", path="segments", key="segments", taggable=False,
    state=lambda backend: SegmentState(backend.store))
NETWORK_SEGMENT_RANGES = RecordCollection(
    kind="network_segment_range", path="network_segment_ranges",
    key="network_segment_ranges", state=lambda backend: NetworkSegmentRangeState(backend.store))

ROUTES: RouteTable = (*SEGMENTS.routes(), *NETWORK_SEGMENT_RANGES.routes())
