"""`configuration show`: the resolved cloud configuration, secrets masked unless --unmask."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.command import ShowOne
from ostack.cli.declare import Option, add_options

REDACTED = "<redacted>"
#: Auth options whose values are secrets (the official client asks the auth plugin; these are
#: the secret options of every plugin ostack supports).
SECRET_OPTIONS = frozenset({"password", "token", "application_credential_secret", "passcode",
                            "client_secret", "access_token", "refresh_token", "secret"})


class ShowConfiguration(ShowOne):
    """Display configuration details."""

    name = "configuration show"
    auth_required = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--mask", dest="mask", action="store_true", default=True, group="mask",
                   help="attempt to mask passwords (default)"),
            Option("--unmask", dest="mask", action="store_false", group="mask",
                   help="show passwords in clear text"),
        ))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        config = self.client_manager.config
        options = self.client_manager.options
        info: dict[str, Any] = {
            "cloud": config.name,
            "auth_type": config.auth_type,
            "region_name": config.region_name,
            "interface": config.interface,
            "verify": config.verify if isinstance(config.verify, bool) else True,
            "cacert": config.verify if isinstance(config.verify, str) else None,
            "cert": config.cert,
            "key": config.key,
            "api_timeout": config.timeout,
            "timing": bool(getattr(options, "timing", False)),
            "verbose_level": getattr(options, "verbose_level", 1),
        }
        for service, version in config.api_versions.items():
            info[f"{service.replace('-', '_')}_api_version"] = version
        for key, value in config.auth.items():
            if args.mask and key.lower() in SECRET_OPTIONS:
                value = REDACTED
            info[f"auth.{key}"] = value
        return {k: info[k] for k in sorted(info)}
