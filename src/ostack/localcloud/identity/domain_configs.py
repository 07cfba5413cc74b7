"""`/v3/domains/{domain_id}/config[/{group}[/{option}]]` and `/v3/domains/config/.../default`:
a domain's own identity driver settings, as Keystone keeps them for domain-specific drivers.

Only the `identity` and `ldap` groups and Keystone's whitelisted options are accepted
(403 otherwise, as Keystone answers). The local cloud stores them; it does not change how the
domain's users authenticate. Policy: administrators manage them, system readers read them.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import Forbidden
from ..policy import keystone_admin, keystone_reader
from ..routing import DELETE, GET, PATCH, PUT, RouteTable
from ..service import authenticate, empty_response, json_response, read_json
from .http import backend, invalid, not_found

KIND = "domain_config"
#: Keystone's defaults of the options a domain may set.
DEFAULTS: dict[str, dict[str, Any]] = {
    "identity": {"driver": "sql", "list_limit": None},
    "ldap": {"url": "ldap://localhost", "user": None, "suffix": "cn=example,cn=com",
             "query_scope": "one", "page_size": 0, "alias_dereferencing": "default",
             "debug_level": None, "chase_referrals": None, "user_tree_dn": None,
             "user_filter": None, "user_objectclass": "inetOrgPerson",
             "user_id_attribute": "cn", "user_name_attribute": "sn",
             "user_description_attribute": "description", "user_mail_attribute": "mail",
             "user_enabled_attribute": "enabled", "user_enabled_invert": False,
             "user_enabled_mask": 0, "user_enabled_default": "True",
             "group_tree_dn": None, "group_filter": None,
             "group_objectclass": "groupOfNames", "group_id_attribute": "cn",
             "group_name_attribute": "ou", "group_member_attribute": "member",
             "group_desc_attribute": "description", "use_tls": False, "tls_req_cert": "demand"},
}
#: Stored but never shown (Keystone's sensitive options).
SENSITIVE = {"ldap": ("password",)}


def _check(config: Any, group: str | None = None) -> dict[str, dict[str, Any]]:
    """A `{group: {option: value}}` body limited to the whitelisted groups and options."""
    if not isinstance(config, dict) or not config:
        raise invalid("config", f"{config!r} is not a non-empty object")
    for name, options in config.items():
        if group is not None and name != group:
            raise Forbidden(f"Invalid domain specific configuration: Trying to update group "
                            f"{name} when only group {group} may be updated.")
        allowed = DEFAULTS.get(name)
        if allowed is None:
            raise Forbidden(f"Invalid domain specific configuration: Group {name} is not "
                            f"supported for domain specific configurations")
        if not isinstance(options, dict) or not options:
            raise invalid(f"config/{name}", f"{options!r} is not a non-empty object")
        for option in options:
            if option not in allowed and option not in SENSITIVE.get(name, ()):
                raise Forbidden(f"Invalid domain specific configuration: Option {option} in "
                                f"group {name} is not supported for domain specific "
                                f"configurations")
    return config


def _shown(config: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {group: {k: v for k, v in options.items() if k not in SENSITIVE.get(group, ())}
            for group, options in config.items()}


def _domain(request: Request, write: bool) -> str:
    ctx = authenticate(request)
    action = "update" if write else "get"
    (keystone_admin if write else keystone_reader)(ctx, f"identity:{action}_domain_config")
    domain_id = request.path_params["domain_id"]
    if backend(request).domains.get(domain_id) is None:
        raise not_found("domain", domain_id)
    return domain_id


def _stored(request: Request, domain_id: str) -> dict[str, dict[str, Any]]:
    record = backend(request).records.get(KIND, domain_id)
    if record is None:
        raise not_found("Domain Config", domain_id)
    return record["config"]


def _save(request: Request, domain_id: str, config: dict[str, dict[str, Any]]) -> None:
    records = backend(request).records
    if config:
        records.put(KIND, domain_id, {"config": config}, owner_id=domain_id)
    else:
        records.delete(KIND, domain_id)


def _group(request: Request, config: dict[str, dict[str, Any]]) -> dict[str, Any]:
    group = request.path_params["group"]
    if group not in config:
        raise not_found("Domain Config", f"{request.path_params['domain_id']} {group}")
    return config[group]


async def _body(request: Request) -> Any:
    body = await read_json(request)
    return body.get("config") if isinstance(body, dict) else None


# ------------------------------------------------------------------- defaults
async def show_defaults(request: Request) -> Response:
    keystone_reader(authenticate(request), "identity:get_domain_config_default")
    return json_response({"config": DEFAULTS})


async def show_group_defaults(request: Request) -> Response:
    keystone_reader(authenticate(request), "identity:get_domain_config_default")
    group = request.path_params["group"]
    if group not in DEFAULTS:
        raise Forbidden(f"Invalid domain specific configuration: Group {group} is not "
                        f"supported for domain specific configurations")
    return json_response({"config": {group: DEFAULTS[group]}})


async def show_option_default(request: Request) -> Response:
    keystone_reader(authenticate(request), "identity:get_domain_config_default")
    group, option = request.path_params["group"], request.path_params["option"]
    if option not in DEFAULTS.get(group, {}):
        raise Forbidden(f"Invalid domain specific configuration: Option {option} in group "
                        f"{group} is not supported for domain specific configurations")
    return json_response({"config": {option: DEFAULTS[group][option]}})


# ------------------------------------------------------------------- a domain's config
async def create_config(request: Request) -> Response:
    """PUT: the whole configuration; 201 when new, 200 when it replaced one."""
    domain_id = _domain(request, write=True)
    config = _check(await _body(request))
    existed = backend(request).records.get(KIND, domain_id) is not None
    _save(request, domain_id, config)
    return json_response({"config": _shown(config)}, status=200 if existed else 201)


async def show_config(request: Request) -> Response:
    domain_id = _domain(request, write=False)
    return json_response({"config": _shown(_stored(request, domain_id))})


async def update_config(request: Request) -> Response:
    """PATCH: merge groups and options into the stored configuration."""
    domain_id = _domain(request, write=True)
    stored = _stored(request, domain_id)
    group = request.path_params.get("group")
    option = request.path_params.get("option")
    changes = await _body(request)
    if option is not None:
        if not isinstance(changes, dict) or set(changes) != {option}:
            raise invalid("config", f"the body must set only {option!r}")
        changes = {group: changes}
    changes = _check(changes, group)
    for name, options in changes.items():
        stored.setdefault(name, {}).update(options)
    _save(request, domain_id, stored)
    return json_response({"config": _shown(stored)})


async def delete_config(request: Request) -> Response:
    domain_id = _domain(request, write=True)
    stored = _stored(request, domain_id)
    group = request.path_params.get("group")
    option = request.path_params.get("option")
    if group is None:
        stored = {}
    elif option is None:
        _group(request, stored)
        del stored[group]
    else:
        options = _group(request, stored)
        if option not in options:
            raise not_found("Domain Config", f"{domain_id} {group} {option}")
        del options[option]
        if not options:
            del stored[group]
    _save(request, domain_id, stored)
    return empty_response(204)


async def show_group(request: Request) -> Response:
    domain_id = _domain(request, write=False)
    stored = _stored(request, domain_id)
    group = request.path_params["group"]
    return json_response({"config": _shown({group: _group(request, stored)})})


async def show_option(request: Request) -> Response:
    domain_id = _domain(request, write=False)
    group, option = request.path_params["group"], request.path_params["option"]
    options = _shown({group: _group(request, _stored(request, domain_id))})[group]
    if option not in options:
        raise not_found("Domain Config", f"{domain_id} {group} {option}")
    return json_response({"config": {option: options[option]}})


CONFIG = "/v3/domains/{domain_id}/config"
ROUTES: RouteTable = (
    ("/v3/domains/config/default", show_defaults, GET),
    ("/v3/domains/config/{group}/default", show_group_defaults, GET),
    ("/v3/domains/config/{group}/{option}/default", show_option_default, GET),
    (CONFIG, create_config, PUT), (CONFIG, show_config, GET),
    (CONFIG, update_config, PATCH), (CONFIG, delete_config, DELETE),
    (CONFIG + "/{group}", show_group, GET), (CONFIG + "/{group}", update_config, PATCH),
    (CONFIG + "/{group}", delete_config, DELETE),
    (CONFIG + "/{group}/{option}", show_option, GET),
    (CONFIG + "/{group}/{option}", update_config, PATCH),
    (CONFIG + "/{group}/{option}", delete_config, DELETE),
)
