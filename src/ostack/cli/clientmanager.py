"""The ClientManager: resolves the cloud from the global options and connects on first use."""

from __future__ import annotations

import argparse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Global `--os-*` option dest -> clouds.yaml key.
OPTION_KEYS = {
    "os_auth_url": "auth_url", "os_auth_type": "auth_type", "os_username": "username",
    "os_user_id": "user_id", "os_password": "password", "os_project_name": "project_name",
    "os_project_id": "project_id", "os_user_domain_name": "user_domain_name",
    "os_user_domain_id": "user_domain_id", "os_project_domain_name": "project_domain_name",
    "os_project_domain_id": "project_domain_id", "os_domain_name": "domain_name",
    "os_domain_id": "domain_id", "os_system_scope": "system_scope", "os_token": "token",
    "os_endpoint": "endpoint", "os_default_domain": "default_domain_id",
    "os_application_credential_id": "application_credential_id",
    "os_application_credential_name": "application_credential_name",
    "os_application_credential_secret": "application_credential_secret",
    "os_passcode": "passcode", "os_auth_methods": "auth_methods",
    "os_identity_provider": "identity_provider", "os_protocol": "protocol",
    "os_client_id": "client_id", "os_client_secret": "client_secret",
    "os_openid_scope": "openid_scope", "os_access_token_endpoint": "access_token_endpoint",
    "os_discovery_endpoint": "discovery_endpoint", "os_access_token_type": "access_token_type",
    "os_access_token": "access_token",
    "os_device_authorization_endpoint": "device_authorization_endpoint",
    "os_code_challenge_method": "code_challenge_method",
    "os_region_name": "region_name", "os_interface": "interface", "os_cacert": "cacert",
    "os_cert": "cert", "os_key": "key", "os_identity_api_version": "identity_api_version",
    "os_compute_api_version": "compute_api_version", "os_image_api_version": "image_api_version",
    "os_network_api_version": "network_api_version", "os_volume_api_version": "volume_api_version",
    "timeout": "api_timeout",
}


class ClientManager:
    """Builds the Connection lazily, so commands that need no cloud never load one."""

    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self._connection: Any = None
        self._config: Any = None

    @property
    def config(self):
        if self._config is None:
            from ostack.config import load

            opts = {
                key: getattr(self.options, dest)
                for dest, key in OPTION_KEYS.items()
                if getattr(self.options, dest, None) is not None
            }
            if getattr(self.options, "insecure", None) is not None:
                opts["verify"] = not self.options.insecure
            self._config = load(self.options.os_cloud, opts)
        return self._config

    @property
    def connection(self):
        if self._connection is None:
            import os

            from ostack.connection import Connection

            config = self.config
            cache = False if self.options.no_cache else None
            microversions = dict(config.api_versions)
            self._connection = Connection(config=config, cache=cache,
                                          microversions=microversions)
            # Client tokens would show among a new resource's properties and tags, unlike
            # the official client's: the CLI sends them when OSTACK_CLIENT_TOKENS=1 only.
            self._connection.session.client_tokens = os.environ.get(
                "OSTACK_CLIENT_TOKENS", "0").strip().lower() in ("1", "true", "yes", "on")
        return self._connection

    @property
    def session(self):
        return self.connection.session
