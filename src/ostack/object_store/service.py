"""`conn.object_store`: the Object Storage API v1 (Swift): the account, containers and
objects, with openstacksdk's method names. Swift describes its resources in headers, so every
operation is a hand-written flow (`headers.py` reads the headers into resources)."""

from __future__ import annotations

from ostack.object_store.account import AccountActions
from ostack.object_store.containers import ContainerActions
from ostack.object_store.large_objects import LargeObjectActions
from ostack.object_store.objects import ObjectActions
from ostack.object_store.temp_urls import TempURLActions
from ostack.proxy import ServiceProxy


class ObjectStoreService(AccountActions, ContainerActions, ObjectActions, LargeObjectActions,
                         TempURLActions, ServiceProxy):
    """The Object Storage service (Swift v1)."""

    service_type = "object-store"
