"""The keyword options `ostack.connect()` understands, checked before anything is sent.

openstacksdk passes unknown keywords on to its configuration, where a typo (`pasword=`,
`region=`) is silently ignored and the call fails later, far from the cause. Here an unknown
name is a TypeError that names it and the closest known names.
"""

from __future__ import annotations

from collections.abc import Iterable

from ostack.config.cloud_config import AUTH_ALIASES, AUTH_KEYS, CLOUD_KEYS, SERVICE_KEYS


def known_names() -> frozenset[str]:
    """The auth keys, the cloud keys, their old spellings, and `<service>_api_version` /
    `<service>_endpoint_override` of the services `ostack.config` reads."""
    names = set(AUTH_KEYS) | set(CLOUD_KEYS) | set(AUTH_ALIASES)
    for service in SERVICE_KEYS:
        names.update({f"{service}_api_version", f"{service}_endpoint_override"})
    return frozenset(names)


def check(names: Iterable[str], what: str = "connect()") -> None:
    """Raise TypeError for the first name that is not a known option."""
    known = known_names()
    for name in names:
        if name in known:
            continue
        import difflib

        close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else (
            "; options use the clouds.yaml names (auth_url, username, password, "
            "project_name, region_name, interface, verify, compute_api_version ...)")
        raise TypeError(f"{what} got an unexpected keyword argument {name!r}{hint}")
