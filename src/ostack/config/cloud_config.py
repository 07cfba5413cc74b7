"""Resolve one cloud's settings the way openstacksdk does.

Precedence, highest first: command-line options, `OS_*` environment variables, the named cloud
of clouds.yaml with secure.yaml merged in, then defaults. The local cloud's own clouds.yaml (in
its state folder) is searched last, so `--os-cloud local` works with no configuration.
"""

from __future__ import annotations

import os
from pathlib import Path

from ostack.config import files
from ostack.exceptions import ConfigError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Keys that live under `auth:` in clouds.yaml (and are `OS_<KEY>` in the environment).
AUTH_KEYS = (
    "auth_url", "username", "user_id", "password", "project_name", "project_id",
    "user_domain_name", "user_domain_id", "project_domain_name", "project_domain_id",
    "domain_name", "domain_id", "system_scope", "token", "endpoint",
    "application_credential_id", "application_credential_name", "application_credential_secret",
    "default_domain_id", "default_domain_name", "trust_id", "passcode", "auth_methods",
    "identity_provider", "protocol", "client_id", "client_secret", "openid_scope",
    "access_token_endpoint", "discovery_endpoint", "access_token_type", "access_token",
    "device_authorization_endpoint", "code_challenge_method",
)
#: Old spellings still found in openrc files and clouds.yaml.
AUTH_ALIASES = {"tenant_name": "project_name", "tenant_id": "project_id"}
#: Keys of the cloud itself (top level of a clouds.yaml entry; `OS_<KEY>` in the environment).
CLOUD_KEYS = (
    "auth_type", "region_name", "interface", "cacert", "cert", "key", "insecure", "verify",
    "identity_api_version", "api_timeout", "token_cache",
)
#: Service types whose `OS_<SERVICE>_API_VERSION` and `<service>_endpoint_override` are read.
SERVICE_KEYS = (
    "identity", "compute", "image", "network", "volume", "block_storage", "object_store",
    "placement", "orchestration", "load_balancer", "dns", "key_manager", "shared_file_system",
)
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}

AUTH_TYPES = {
    "password": "password", "v3password": "password",
    "token": "token", "v3token": "token",
    "v3applicationcredential": "application_credential",
    "applicationcredential": "application_credential",
    "application_credential": "application_credential",
    "none": "none", "noauth": "none",
    "v3totp": "totp", "totp": "totp",
    "v3multifactor": "multifactor", "multifactor": "multifactor",
    "v3oidcpassword": "oidcpassword", "v3oidcclientcredentials": "oidcclientcredentials",
    "v3oidcaccesstoken": "oidcaccesstoken", "v3oidcdeviceauthz": "oidcdeviceauthz",
}


class CloudConfig:
    """Everything needed to talk to one cloud, resolved from every source."""

    def __init__(
        self,
        name: str | None,
        auth_type: str,
        auth: dict[str, Any],
        region_name: str | None = None,
        interface: str = "public",
        verify: bool | str = True,
        cert: str | None = None,
        key: str | None = None,
        api_versions: dict[str, str] | None = None,
        endpoint_overrides: dict[str, str] | None = None,
        timeout: float | None = None,
        token_cache: bool = True,
        sources: list[str] | None = None,
    ) -> None:
        self.name = name
        self.auth_type = auth_type
        self.auth = auth
        self.region_name = region_name
        self.interface = interface
        self.verify = verify
        self.cert = cert
        self.key = key
        self.api_versions = api_versions or {}
        self.endpoint_overrides = endpoint_overrides or {}
        self.timeout = timeout
        self.token_cache = token_cache
        self.sources = sources or []

    def __repr__(self) -> str:
        safe = {k: ("***" if k in _SECRET_KEYS else v) for k, v in self.auth.items()}
        return (f"CloudConfig(name={self.name!r}, auth_type={self.auth_type!r}, auth={safe!r}, "
                f"region_name={self.region_name!r}, interface={self.interface!r})")

    def identity_key(self) -> dict[str, Any]:
        """What identifies the user and scope (for the token cache), secrets excluded."""
        key = {k: v for k, v in sorted(self.auth.items()) if k not in _SECRET_KEYS}
        key["auth_type"] = self.auth_type
        return key

    def describe(self) -> str:
        """Where this configuration came from, for error messages."""
        where = ", ".join(self.sources) or "defaults"
        return f"cloud '{self.name}' ({where})" if self.name else f"the configuration ({where})"


_SECRET_KEYS = frozenset({"password", "token", "application_credential_secret", "passcode",
                          "client_secret", "access_token"})


def _as_bool(value: Any, what: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ConfigError(f"{what} must be true or false, not {value!r}")


def _env_settings(env: dict[str, str]) -> dict[str, Any]:
    """Settings from `OS_*` variables, flattened (auth keys and cloud keys side by side)."""
    out: dict[str, Any] = {}
    for key in (*AUTH_KEYS, *CLOUD_KEYS):
        value = env.get("OS_" + key.upper())
        if value is not None and value != "":
            out[key] = value
    for old, new in AUTH_ALIASES.items():
        value = env.get("OS_" + old.upper())
        if value and new not in out:
            out[new] = value
    for service in SERVICE_KEYS:
        for suffix in ("api_version", "endpoint_override"):
            value = env.get(f"OS_{service.upper()}_{suffix.upper()}")
            if value:
                out[f"{service}_{suffix}"] = value
    return out


def _flatten_cloud(name: str, source: str, cloud: dict[str, Any]) -> dict[str, Any]:
    """A clouds.yaml entry as flat settings; auth keys found at the top level are accepted too."""
    out: dict[str, Any] = {}
    auth = cloud.get("auth", {}) or {}
    if not isinstance(auth, dict):
        raise ConfigError(
            f"{source}: cloud '{name}': key 'auth' must be a mapping (auth_url, username, ...), "
            f"not {type(auth).__name__}"
        )
    for key, value in cloud.items():
        if key == "auth":
            continue
        out[AUTH_ALIASES.get(key, key)] = value
    for key, value in auth.items():
        out[AUTH_ALIASES.get(key, key)] = value
    return out


def _merge_secure(cloud: dict[str, Any], secure: dict[str, Any]) -> dict[str, Any]:
    merged = dict(cloud)
    for key, value in secure.items():
        if key == "auth" and isinstance(value, dict):
            base = dict(merged.get("auth") or {})
            base.update(value)
            merged["auth"] = base
        else:
            merged[key] = value
    return merged


def _find_cloud(
    name: str, env: dict[str, str]
) -> tuple[dict[str, Any], list[str]]:
    """The named cloud from the first clouds.yaml that defines it, with secure.yaml merged."""
    paths = files.candidate_files(env, files.CONFIG_NAMES, "OS_CLIENT_CONFIG_FILE")
    local = files.localcloud_dir(env) / "clouds.yaml"
    if local.is_file() and local not in paths:
        paths.append(local)
    known: list[str] = []
    for path in paths:
        clouds = files.clouds_of(path, files.read_document(path, env))
        if name in clouds:
            if path == local and not (local.parent / "run.json").is_file():
                raise ConfigError(
                    f"cloud '{name}' is the local cloud, which is not running "
                    f"(no run.json in {local.parent}); start it with 'ostack localcloud start'"
                )
            cloud = clouds[name]
            sources = [str(path)]
            for secure_path in files.candidate_files(
                env, files.SECURE_NAMES, "OS_CLIENT_SECURE_FILE"
            ):
                secure = files.clouds_of(secure_path, files.read_document(secure_path, env))
                if name in secure:
                    cloud = _merge_secure(cloud, secure[name])
                    sources.append(str(secure_path))
                    break
            return _flatten_cloud(name, str(path), cloud), sources
        known.extend(c for c in clouds if c not in known)
    if not paths:
        raise ConfigError(
            f"cloud '{name}' not found: no clouds.yaml in ./, ~/.config/openstack/ or "
            "/etc/openstack/ (or OS_CLIENT_CONFIG_FILE); create one, or use OS_* variables"
            + (" (for the local cloud, run 'ostack localcloud start' first)" if name == "local"
               else "")
        )
    listed = ", ".join(known) if known else "none"
    hint = " (for the local cloud, run 'ostack localcloud start' first)" if name == "local" else ""
    raise ConfigError(
        f"cloud '{name}' not found in {', '.join(map(str, paths))}; known clouds: {listed}; "
        f"check --os-cloud / OS_CLOUD{hint}"
    )


def _overlay(settings: dict[str, Any], layer: dict[str, Any]) -> None:
    """Apply a higher-precedence layer; one that says `verify` or `insecure` decides both."""
    if "verify" in layer or "insecure" in layer:
        settings.pop("verify", None)
        settings.pop("insecure", None)
    settings.update(layer)


def load(
    cloud: str | None = None,
    options: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    *,
    use_env: bool = True,
) -> CloudConfig:
    """Resolve the settings of one cloud.

    `cloud` names an entry of clouds.yaml (default: `OS_CLOUD`); `options` are command-line or
    keyword settings named like the clouds.yaml keys (`auth_url`, `project_name`, ...);
    environment variables fill what options leave out.
    """
    env = dict(os.environ) if env is None else env
    options = {k: v for k, v in (options or {}).items() if v is not None}
    name = cloud or (env.get("OS_CLOUD") if use_env else None) or None
    settings: dict[str, Any] = {}
    sources: list[str] = []
    if name:
        settings, sources = _find_cloud(name, env)
    if use_env:
        from_env = _env_settings(env)
        if from_env:
            sources.append("OS_* environment")
        _overlay(settings, from_env)
    if options:
        sources.append("options")
        _overlay(settings, {AUTH_ALIASES.get(k, k): v for k, v in options.items()})
    if not name and not any(k in settings for k in ("auth_url", "endpoint")):
        raise ConfigError(
            "no cloud selected: pass --os-cloud NAME (or set OS_CLOUD) to use clouds.yaml, "
            "or set OS_AUTH_URL and the other OS_* variables (source your openrc)"
        )
    return _build(name, settings, sources)


def _build(name: str | None, s: dict[str, Any], sources: list[str]) -> CloudConfig:
    where = f"cloud '{name}' ({', '.join(sources)})" if name else f"({', '.join(sources)})"
    auth = {k: s[k] for k in AUTH_KEYS if s.get(k) not in (None, "")}
    if isinstance(auth.get("auth_methods"), list):  # clouds.yaml: a list; OS_AUTH_METHODS: CSV
        auth["auth_methods"] = ",".join(str(m) for m in auth["auth_methods"])
    for key, value in auth.items():
        if not isinstance(value, str | int | float | bool):
            shown = f"a {type(value).__name__}" if key in _SECRET_KEYS else repr(value)
            raise ConfigError(f"{where}: auth key '{key}' must be a string, not {shown} "
                              f"(auth.{key} in clouds.yaml, OS_{key.upper()})")
        auth[key] = str(value) if not isinstance(value, bool) else value
    raw_type = str(s.get("auth_type") or "").lower().replace("-", "_")
    if not raw_type:
        if auth.get("application_credential_secret"):
            raw_type = "v3applicationcredential"
        elif auth.get("token") and not auth.get("password"):
            raw_type = "token"
        else:
            raw_type = "password"
    auth_type = AUTH_TYPES.get(raw_type.replace("_", "")) or AUTH_TYPES.get(raw_type)
    if auth_type is None:
        raise ConfigError(
            f"{where}: auth_type '{raw_type}' is not supported; use one of password, token, "
            "v3applicationcredential, v3totp, v3multifactor, v3oidcpassword, "
            "v3oidcclientcredentials, v3oidcaccesstoken, v3oidcdeviceauthz, none"
        )

    verify: bool | str = True
    if "verify" in s:
        verify = _as_bool(s["verify"], f"{where}: 'verify'")
    if "insecure" in s and _as_bool(s["insecure"], f"{where}: 'insecure' (OS_INSECURE)"):
        verify = False
    if s.get("cacert") and verify is not False:
        cacert = Path(str(s["cacert"])).expanduser()
        if not cacert.is_file():
            raise ConfigError(f"{where}: cacert file {cacert} does not exist")
        verify = str(cacert)
    for key in ("cert", "key"):
        if s.get(key) and not Path(str(s[key])).expanduser().is_file():
            raise ConfigError(f"{where}: {key} file {s[key]} does not exist")

    interface = str(s.get("interface") or "public").lower()
    if interface.endswith("url"):
        interface = interface[:-3]
    if interface not in ("public", "internal", "admin"):
        raise ConfigError(
            f"{where}: interface '{interface}' is not valid; use public, internal or admin"
        )

    api_versions: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for key, value in s.items():
        if key.endswith("_api_version") and value not in (None, ""):
            service = key[: -len("_api_version")].replace("_", "-")
            _check_version(where, key, value)
            api_versions[_canonical(service)] = str(value)
        elif key.endswith("_endpoint_override") and value:
            service = key[: -len("_endpoint_override")].replace("_", "-")
            overrides[_canonical(service)] = str(value)
    timeout = None
    if s.get("api_timeout") not in (None, ""):
        try:
            timeout = float(s["api_timeout"])
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: api_timeout (OS_API_TIMEOUT) must be a number of "
                              f"seconds, not {s['api_timeout']!r}") from None
    token_cache = True
    if "token_cache" in s:
        token_cache = _as_bool(s["token_cache"], f"{where}: 'token_cache'")

    config = CloudConfig(
        name=name, auth_type=auth_type, auth=auth,
        region_name=str(s["region_name"]) if s.get("region_name") else None,
        interface=interface, verify=verify,
        cert=str(s["cert"]) if s.get("cert") else None,
        key=str(s["key"]) if s.get("key") else None,
        api_versions=api_versions, endpoint_overrides=overrides, timeout=timeout,
        token_cache=token_cache, sources=sources,
    )
    _check_auth(config, where)
    return config


def _check_version(where: str, key: str, value: Any) -> None:
    """`<service>_api_version`: a number (3, 2.79, v3) or latest; else name the variable."""
    import re

    if not re.fullmatch(r"(?i)v?\d+(\.\d+)?|latest", str(value).strip()):
        option = "--os-" + key.replace("_", "-")
        raise ConfigError(
            f"{where}: {key} ({'OS_' + key.upper()}, {option}) must be a version such as 3, "
            f"2.79 or latest, not {value!r}")


def _canonical(service: str) -> str:
    return {"volume": "block-storage", "block-storage": "block-storage"}.get(service, service)


def _check_auth(config: CloudConfig, where: str) -> None:
    """Fail early, naming the missing key and where to set it."""
    auth = config.auth
    if config.auth_type == "none":
        return

    def missing(key: str, env_name: str) -> ConfigError:
        return ConfigError(
            f"{where}: {key} is missing for auth type {config.auth_type}; "
            f"set auth.{key} in clouds.yaml, {env_name}, or --os-{key.replace('_', '-')}"
        )

    if not auth.get("auth_url"):
        raise missing("auth_url", "OS_AUTH_URL")
    if config.auth_type == "password":
        if not (auth.get("username") or auth.get("user_id")):
            raise missing("username", "OS_USERNAME (or OS_USER_ID)")
        if not auth.get("password"):
            raise missing("password", "OS_PASSWORD")
    elif config.auth_type == "token":
        if not auth.get("token"):
            raise missing("token", "OS_TOKEN")
    elif config.auth_type == "totp":
        if not (auth.get("username") or auth.get("user_id")):
            raise missing("username", "OS_USERNAME (or OS_USER_ID)")
        if not auth.get("passcode"):
            raise missing("passcode", "OS_PASSCODE")
    elif config.auth_type == "multifactor":
        if not auth.get("auth_methods"):
            raise missing("auth_methods", "OS_AUTH_METHODS")
    elif config.auth_type.startswith("oidc"):
        for key in ("identity_provider", "protocol"):
            if not auth.get(key):
                raise missing(key, f"OS_{key.upper()}")
        if config.auth_type == "oidcaccesstoken":
            if not auth.get("access_token"):
                raise missing("access_token", "OS_ACCESS_TOKEN")
        elif not (auth.get("access_token_endpoint") or auth.get("discovery_endpoint")):
            raise ConfigError(f"{where}: You have to specify either an "
                              "'access-token-endpoint' or a 'discovery-endpoint'.")
    elif config.auth_type == "application_credential":
        if not auth.get("application_credential_secret"):
            raise missing("application_credential_secret", "OS_APPLICATION_CREDENTIAL_SECRET")
        if not auth.get("application_credential_id") and not (
            auth.get("application_credential_name")
            and (auth.get("username") or auth.get("user_id"))
        ):
            raise ConfigError(
                f"{where}: an application credential needs application_credential_id, or "
                "application_credential_name together with username (or user_id)"
            )
