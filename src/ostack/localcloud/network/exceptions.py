"""Neutron's errors: an HTTP status plus the exception's class name as `type`, rendered as
`{"NeutronError": {"type": ..., "message": ..., "detail": ""}}`."""

from __future__ import annotations

from ..errors import ApiError

# The type Neutron answers for a bare webob error of each status.
DEFAULT_TYPES = {400: "HTTPBadRequest", 401: "HTTPUnauthorized", 403: "HTTPForbidden",
                 404: "HTTPNotFound", 405: "HTTPMethodNotAllowed", 409: "HTTPConflict",
                 413: "HTTPRequestEntityTooLarge", 415: "HTTPUnsupportedMediaType",
                 500: "HTTPInternalServerError"}

# Resource names as Neutron's NotFound exceptions word them.
NOT_FOUND = {
    "network": ("NetworkNotFound", "Network {} could not be found."),
    "subnet": ("SubnetNotFound", "Subnet {} could not be found."),
    "subnetpool": ("SubnetPoolNotFound", "Subnet pool {} could not be found."),
    "port": ("PortNotFound", "Port {} could not be found."),
    "router": ("RouterNotFound", "Router {} could not be found."),
    "floatingip": ("FloatingIPNotFound", "Floating IP {} could not be found"),
    "security_group": ("SecurityGroupNotFound", "Security group {} does not exist"),
    "security_group_rule": ("SecurityGroupRuleNotFound", "Security group rule {} does not exist"),
}


class NeutronError(ApiError):
    """An error with Neutron's exception name (`type`)."""

    def __init__(self, message: str, type: str | None = None, status: int | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message, status=status, headers=headers)
        self.type = type or DEFAULT_TYPES.get(self.status, "HTTPError")


def not_found(resource: str, ident: str) -> NeutronError:
    name, message = NOT_FOUND[resource]
    return NeutronError(message.format(ident), name, 404)


def bad_request(message: str, type: str = "HTTPBadRequest") -> NeutronError:
    return NeutronError(message, type, 400)


def invalid_input(reason: str) -> NeutronError:
    return NeutronError(f"Invalid input for operation: {reason}", "InvalidInput", 400)


def conflict(message: str, type: str = "HTTPConflict") -> NeutronError:
    return NeutronError(message, type, 409)


def policy_denied(rule: str) -> NeutronError:
    return NeutronError(f"{rule} is disallowed by policy", "PolicyNotAuthorized", 403)


def over_quota(resource: str) -> NeutronError:
    return NeutronError(f"Quota exceeded for resources: ['{resource}'].", "OverQuota", 409)
