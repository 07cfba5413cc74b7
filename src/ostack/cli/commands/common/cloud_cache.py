"""`cloud cache delete`: forget what ostack cached for the selected cloud."""

from __future__ import annotations

import argparse

from ostack.cli.command import Command

EPILOG = """\
The official client deletes the authentication openstacksdk keeps in a keyring when
clouds.yaml sets 'cache.auth'. ostack's equivalent is its own cache of this cloud's
identity (auth URL, user and scope): the token cache entry in
$XDG_CACHE_HOME/ostack/auth/<key>.json, which holds the token, its catalog and the
services' version documents, and the name cache in $XDG_CACHE_HOME/ostack/names/<key>.json
(names of images, flavors ... by ID), and the user's latest token kept to re-scope from
($XDG_CACHE_HOME/ostack/rescope/<user key>.json). They are deleted; the next command
authenticates and discovers again. Nothing is sent to the cloud. Other clouds' entries
stay; so does the cache of parsed clouds.yaml files ($XDG_CACHE_HOME/ostack/config),
which holds no credentials of its own. With 'token_cache: false' (or --no-cache) nothing
was stored to delete."""


class DeleteCloudCache(Command):
    """Delete the authentication cached for a cloud."""

    name = "cloud cache delete"
    # Authenticating to throw away the credential that would be used to do it makes no
    # sense, and fails when the cached credential is the broken thing.
    auth_required = False

    def get_parser(self, prog: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog)
        parser.epilog = EPILOG
        return parser

    def take_action(self, args: argparse.Namespace) -> int:
        from ostack.auth.plugins import plugin_from_auth
        from ostack.auth.token_cache import TokenCache
        from ostack.private_files import cache_root

        config = self.client_manager.config
        plugin = plugin_from_auth(config.auth_type, config.auth)
        key = plugin.cache_id()
        TokenCache(key).discard()
        user_key = getattr(plugin, "user_cache_id", lambda: None)()
        if user_key:  # the user's latest token, kept to re-scope from
            TokenCache(user_key, cache_root() / "rescope").discard()
        try:
            (cache_root() / "names" / f"{key}.json").unlink()
        except OSError:
            pass
        return 0
