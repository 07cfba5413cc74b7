"""The transport layer: one Session for every service, and the HTTP under it."""

from ostack.transport.http import HttpClient, Response
from ostack.transport.session import Session

__all__ = ["HttpClient", "Response", "Session"]
