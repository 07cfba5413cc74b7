"""The ostack dashboard: a web console for OpenStack on the async SDK (`ostack dashboard`).

Starlette pages rendered with Jinja2, htmx for live updates; the static files and templates
ship inside the package (`pip install 'ostack[dashboard]'`).
"""

from __future__ import annotations

__all__ = ["Settings", "create_app"]


def __getattr__(name: str):
    if name in __all__:
        from ostack.dashboard import app

        return getattr(app, name)
    raise AttributeError(name)
