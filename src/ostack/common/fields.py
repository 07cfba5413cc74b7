"""Field kinds beyond the plain one, for resources whose bodies nest others."""

from __future__ import annotations

from typing import Any

from ostack.resource import Field, Resource


class Nested(Field):
    """A field whose value is a mapping read as another resource (`limits.absolute`)."""

    __slots__ = ("cls",)

    def __init__(self, wire: str, cls: type[Resource], **kwargs: Any) -> None:
        super().__init__(wire, **kwargs)
        self.cls = cls

    def __get__(self, obj: Resource | None, owner: type | None = None) -> Any:
        value = super().__get__(obj, owner)
        if obj is None or not isinstance(value, dict):
            return value
        return self.cls(value, obj.microversion)
