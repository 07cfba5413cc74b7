"""`/v2.0/metering/metering-labels` and `/v2.0/metering/metering-label-rules` (the
`metering` extension); the state is `metering_state.py`."""

from __future__ import annotations

from ..routing import RouteTable
from .metering_state import MeteringLabelRuleState, MeteringLabelState
from .record_collection import RecordCollection

LABELS = RecordCollection(kind="metering_label", path="metering/metering-labels",
                          key="metering_labels", taggable=False,
                          state=lambda cloud: MeteringLabelState(cloud.store))
RULES = RecordCollection(kind="metering_label_rule", path="metering/metering-label-rules",
                         key="metering_label_rules", taggable=False,
                         state=lambda cloud: MeteringLabelRuleState(cloud.store))

ROUTES: RouteTable = (*LABELS.routes(), *RULES.routes())
