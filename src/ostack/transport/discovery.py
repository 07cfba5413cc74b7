"""Version discovery: from a catalog URL to the versioned endpoint and its microversion range.

Catalog URLs come versioned (`.../compute/v2.1`), versioned with a project id
(`.../v2.1/<project_id>`) or unversioned (`.../image`). Reading the version document tells which
major versions a service offers and, for microversioned services, the `min_version`/`version`
range. Results are plain dicts so that the token cache can keep them. `discover_flow` is the
I/O-free flow both sessions drive (ostack.transport.flows).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from ostack.transport.flows import Flow, Request, drive, sender
from ostack.transport.microversions import parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_VERSION_SEGMENT = re.compile(r"^v(\d+)(?:\.(\d+))?$")


def split_version(url: str, project_id: str | None = None) -> tuple[str, str | None, str]:
    """Split a catalog URL into (root, version segment or None, tail after the version)."""
    parts = urlsplit(url.rstrip("/"))
    segments = [s for s in parts.path.split("/") if s]
    for index in range(len(segments) - 1, -1, -1):
        if _VERSION_SEGMENT.match(segments[index]):
            root = urlunsplit(parts._replace(path="/" + "/".join(segments[:index]), query=""))
            tail = "/".join(segments[index + 1:])
            return root.rstrip("/"), segments[index], tail
    return url.rstrip("/"), None, ""


def _versions_of(doc: Any) -> list[dict[str, Any]]:
    if not isinstance(doc, dict):
        return []
    if "version" in doc and isinstance(doc["version"], dict):
        return [doc["version"]]
    versions = doc.get("versions")
    if isinstance(versions, dict):
        versions = versions.get("values")
    return [v for v in versions or [] if isinstance(v, dict)]


def _self_link(version: dict[str, Any]) -> str | None:
    for link in version.get("links", []) or []:
        if link.get("rel") == "self" and link.get("href"):
            return link["href"].rstrip("/")
    return None


def _major(version_id: str) -> tuple[int, int]:
    match = _VERSION_SEGMENT.match(version_id.strip())
    if not match:
        return (0, 0)
    return int(match.group(1)), int(match.group(2) or 0)


def _names(segment: str, version_id: str) -> bool:
    """Whether a catalog URL's segment names a version: `v2.1` that one only, `v3` any 3.x."""
    have, want = _major(version_id), _major(segment)
    return have == want or ("." not in segment and have[0] == want[0] and have != (0, 0))


def _record(version: dict[str, Any], url: str) -> dict[str, Any]:
    max_mv = version.get("version") or version.get("max_version") or ""
    min_mv = version.get("min_version") or ""
    return {
        "url": url,
        "id": version.get("id"),
        "status": version.get("status"),
        "min_microversion": min_mv or None,
        "max_microversion": max_mv or None,
    }


def discover(
    http: Any,
    catalog_url: str,
    headers: dict[str, str],
    wanted_major: str | None = None,
    project_id: str | None = None,
) -> dict[str, Any]:
    """Return {url, id, status, min_microversion, max_microversion} for a catalog URL."""
    return drive(discover_flow(catalog_url, headers, wanted_major, project_id), sender(http))


def discover_flow(
    catalog_url: str,
    headers: dict[str, str],
    wanted_major: str | None = None,
    project_id: str | None = None,
) -> Flow[dict[str, Any]]:
    """`discover` as a flow."""
    root, segment, tail = split_version(catalog_url, project_id)
    tried: list[str] = []
    # A versioned URL answers with its own document; the unversioned root lists them all.
    probes = [catalog_url.rstrip("/") + "/"] if not tail else []
    if segment:
        probes.append(f"{root}/{segment}/")
    probes.append(root + "/")
    transient: Any = None
    for probe in probes:
        if probe in tried:
            continue
        tried.append(probe)
        resp = yield Request("GET", probe, headers)
        if resp.status_code >= 500 or resp.status_code == 429:
            transient = transient or resp
            continue
        if resp.status_code not in (200, 300):
            continue
        try:
            versions = _versions_of(resp.json())
        except ValueError:
            continue
        if not versions:
            continue
        chosen = _choose(versions, segment, wanted_major)
        if chosen is None:
            continue
        if segment and _names(segment, str(chosen.get("id", ""))):
            # Keep the catalog's own URL (it may carry a project id); links can name other hosts.
            return _record(chosen, catalog_url.rstrip("/"))
        link = _self_link(chosen)
        url = _same_host(link, catalog_url) if link else f"{root}/{chosen.get('id')}"
        if tail:
            url = f"{url}/{tail}"
        return _record(chosen, url)
    if transient is not None:
        # The service failed to answer (after the retries): no conclusion, nothing cached, so
        # that the next request discovers again instead of using the bare catalog URL.
        from ostack import exceptions

        raise exceptions.from_response(transient.status_code, transient.content,
                                       transient.headers, "GET", transient.url)
    # No document anywhere: use the catalog URL as it is, without microversions.
    return {"url": catalog_url.rstrip("/"), "id": segment, "status": None,
            "min_microversion": None, "max_microversion": None}


def _choose(
    versions: list[dict[str, Any]], segment: str | None, wanted: str | None
) -> dict[str, Any] | None:
    usable = [v for v in versions if str(v.get("status", "")).upper() not in ("DELETED",)]
    if segment:
        want = _major(segment)
        for v in usable:
            if _major(str(v.get("id", ""))) == want:
                return v
        same = [v for v in usable if _names(segment, str(v.get("id", "")))]
        if same:
            return max(same, key=lambda v: _major(str(v.get("id", ""))))
    if wanted:
        want_major = parse(wanted)[0] if "." in wanted else int(wanted.lstrip("v"))
        matches = [v for v in usable if _major(str(v.get("id", "")))[0] == want_major]
        if matches:
            return max(matches, key=lambda v: _major(str(v.get("id", ""))))
        return None
    current = [v for v in usable if str(v.get("status", "")).upper() in ("CURRENT", "STABLE")]
    pool = current or usable
    return max(pool, key=lambda v: _major(str(v.get("id", "")))) if pool else None


def _same_host(link: str, catalog_url: str) -> str:
    """Version links sometimes name an internal host; keep the catalog's scheme and host."""
    link_parts = urlsplit(link)
    cat = urlsplit(catalog_url)
    return urlunsplit(link_parts._replace(scheme=cat.scheme, netloc=cat.netloc)).rstrip("/")
