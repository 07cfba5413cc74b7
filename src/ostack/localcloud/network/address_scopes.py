"""`/v2.0/address-scopes`: the collection (no tags: address scopes have no standard
attributes); the state is `address_scope_state.py`."""

from __future__ import annotations

from ..routing import RouteTable
from .address_scope_state import AddressScopeState
from .record_collection import RecordCollection

ADDRESS_SCOPES = RecordCollection(
    kind="address_scope", path="address-scopes", key="address_scopes", taggable=False,
    state=lambda backend: AddressScopeState(backend.store))

ROUTES: RouteTable = tuple(ADDRESS_SCOPES.routes())
