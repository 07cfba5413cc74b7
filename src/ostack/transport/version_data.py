"""The API versions of every service in the catalog, as keystoneauth's
`get_all_version_data` reports them (`versions show`).

For each endpoint the version document is looked for where keystoneauth looks: the catalog
URL without its project id and version (`.../compute/v2.1` -> `.../compute/`), then the
catalog URL itself; without a token first, with one when the service insists (401). A service
that offers no document (Swift) is described from its URL (`v1` -> 1.0, CURRENT). Versions are
normalized (`v2.1` -> `2.1`, status `stable` -> `CURRENT`; experimental and unknown ones
left out) and sorted, and the result is keyed by region, interface and official service type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from ostack import exceptions
from ostack.transport import service_types
from ostack.transport.flows import Flow

KNOWN_STATUSES = ("CURRENT", "SUPPORTED", "DEPRECATED", "EXPERIMENTAL")
#: Statuses keystoneauth lists by default (experimental and unknown ones are left out).
LISTED_STATUSES = ("stable", "current", "supported", "deprecated")
_VERSION = re.compile(r"^v?(\d+)(?:\.(\d+))?$")


def parse_version(text: Any) -> tuple[int, int] | None:
    """`v2.1` -> (2, 1), `v3` -> (3, 0); None when it is not a version."""
    match = _VERSION.match(str(text or "").strip())
    if not match:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def version_text(version: tuple[int, int] | None) -> str | None:
    return None if version is None else f"{version[0]}.{version[1]}"


def normalize_status(raw: str) -> str:
    status = str(raw).upper()
    if status == "STABLE":
        return "CURRENT"
    return status if status in KNOWN_STATUSES else "UNKNOWN"


def discovery_urls(catalog_url: str, project_id: str | None,
                   service_type: str = "") -> Iterator[str]:
    """Where a version document may be, best guess first (keystoneauth's order)."""
    parts = urlsplit(catalog_url.rstrip("/"))
    segments = parts.path.split("/")
    # A trailing project id goes (without a known one: whatever follows a version).
    ends_in_project = segments[-1] == project_id if project_id else (
        len(segments) > 1 and parse_version(segments[-2]) is not None)
    if ends_in_project:
        segments.pop()
    if segments and parse_version(segments[-1]):
        segments.pop()
    unversioned = urlunsplit(parts._replace(path="/".join(segments)))
    if unversioned != catalog_url:
        unversioned = unversioned.strip("/") + "/"
    yield unversioned
    if service_types.official(service_type) == "identity":
        yield re.sub(r"/v2.0/?$", "/", catalog_url)
    yield catalog_url


def _documents(body: Any) -> list[dict[str, Any]] | None:
    """The version entries of a discovery body, None when it is not one."""
    if isinstance(body, list) or not isinstance(body, dict):
        return None
    versions = body.get("versions")
    if isinstance(versions, dict) and isinstance(versions.get("values"), list):
        return versions["values"]
    if isinstance(versions, list):
        return versions
    if isinstance(body.get("version"), dict):
        return [body["version"]]
    if "id" in body:
        return [{**body, "status": "CURRENT"}]
    return None


def versions_of(doc_url: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Normalized version records of a discovery document, sorted by version."""
    out = []
    for entry in entries:
        status = entry.get("status")
        if status is None or str(status).lower() not in LISTED_STATUSES:
            continue
        version = parse_version(entry.get("id"))
        links = entry.get("links")
        if version is None or not isinstance(links, list):
            continue
        url = None
        for link in links:
            if isinstance(link, dict) and str(link.get("rel", "")).lower() == "self" \
                    and link.get("href"):
                url = _combine(doc_url, link["href"])
        if url is None:
            continue
        low = parse_version(entry.get("min_version"))
        high = parse_version(entry.get("max_version") or entry.get("version"))
        out.append({"version": version, "url": url, "status": normalize_status(status),
                    "min_microversion": version_text(low),
                    "max_microversion": version_text(high)})
    out.sort(key=lambda record: record["version"])
    for record in out:
        record["version"] = version_text(record["version"])
    return out


def _combine(doc_url: str, href: str) -> str:
    """A version link made absolute; a link naming another host keeps the document's."""
    url = urljoin(doc_url.rstrip("/") + "/", href)
    found, doc = urlsplit(url), urlsplit(doc_url)
    if found.netloc != doc.netloc:
        version = href.rstrip("/").split("/")[-1]
        path = doc.path.rstrip("/")
        if not path.endswith(version):
            path = f"{path}/{version}"
        return urlunsplit(doc._replace(path=path, query="", fragment=""))
    return url


def _inferred(catalog_url: str, project_id: str | None) -> list[dict[str, Any]]:
    url = catalog_url.rstrip("/")
    if project_id and url.endswith(project_id):
        url = catalog_url.rsplit("/", 1)[0]
    version = None
    for part in reversed(urlsplit(catalog_url).path.split("/")):
        if part.startswith("v") and parse_version(part):
            version = version_text(parse_version(part))
            break
    return [{"version": version, "url": url + "/", "status": "CURRENT",
             "min_microversion": None, "max_microversion": None}]


def endpoint_versions_flow(session: Any, catalog_url: str, project_id: str | None,
                           seen: dict[str, Any], service_type: str = ""
                           ) -> Flow[list[dict[str, Any]]]:
    """The versions one endpoint offers (`seen` caches documents by URL); the first
    document found decides, and one that lists no usable version counts as none."""
    for url in discovery_urls(catalog_url, project_id, service_type):
        if url not in seen:
            seen[url] = yield from _fetch_flow(session, url)
        entries = seen[url]
        if entries is not None:
            return versions_of(url, entries) or _inferred(catalog_url, project_id)
    return _inferred(catalog_url, project_id)


def _fetch_flow(session: Any, url: str) -> Flow[list[dict[str, Any]] | None]:
    headers = {"Accept": "application/json"}
    try:
        resp = yield from session.request_flow("GET", url, headers=headers, raise_exc=False,
                                               authenticated=False)
        if resp.status_code == 401:
            resp = yield from session.request_flow("GET", url, headers=headers,
                                                   raise_exc=False, authenticated=True)
    except exceptions.OstackError:
        return None
    if resp.status_code >= 400:
        return None
    try:
        return _documents(resp.json())
    except ValueError:
        return None


def all_version_data_flow(
    session: Any, interface: str | None = "public", region_name: str | None = None,
    service_type: str | None = None,
) -> Flow[dict[str, dict[str, dict[str, list[dict[str, Any]]]]]]:
    """{region: {interface: {service type: [version records]}}} for the catalog's endpoints
    of `interface` (None: every interface), `region_name` and `service_type` (any alias)."""
    access = yield from session.access_flow()
    project_id = access.project_id
    wanted = service_types.candidates(service_type) if service_type else None
    if interface is not None:
        interface = interface[:-3] if interface.endswith("URL") else interface
    seen: dict[str, Any] = {}
    found: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {}
    entries = [e for e in access.catalog or []
               if not wanted or e.get("type") in wanted or service_type == e.get("type")]
    if wanted and len({e.get("type") for e in entries}) > 1:
        # A service listed under several types: the one asked for wins, else the first of
        # the official type and its aliases.
        for name in (service_type, *wanted):
            if any(e.get("type") == name for e in entries):
                entries = [e for e in entries if e.get("type") == name]
                break
    for entry in entries:
        kind = service_types.official(entry.get("type", ""))
        for endpoint in entry.get("endpoints", []) or []:
            face = str(endpoint.get("interface") or "")
            face = face[:-3] if face.endswith("URL") else face
            region = endpoint.get("region_id") or endpoint.get("region")
            if interface is not None and face != interface:
                continue
            if region_name and region != region_name:
                continue
            if not endpoint.get("url") or not region or not face:
                continue
            versions = yield from endpoint_versions_flow(
                session, endpoint["url"], project_id, seen, kind)
            found.setdefault(region, {}).setdefault(face, {})[kind] = versions
    return found


def all_version_data(session: Any, **options: Any) -> dict[str, Any]:
    """`all_version_data_flow` driven by a sync Session (an AsyncSession: `await
    session.drive(all_version_data_flow(session, ...))`)."""
    return session.drive(all_version_data_flow(session, **options))
