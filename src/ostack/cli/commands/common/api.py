"""`api`: one raw request to a service, with the session's token, endpoint and microversion.

ostack's own command (the official client has none): `ostack api compute GET /servers/detail`.
The path is relative to the service's versioned endpoint from the catalog (an absolute URL
works too); `--microversion` sets the service's microversion header (`latest`: the highest the
service offers), else the `--os-<service>-api-version` / clouds.yaml one when it is a
microversion. The answer goes through the formatters: JSON by default (as the service sent
it), or `-f table/value/yaml/csv/ndjson` when it is an object or a list of objects (a
collection such as `{"servers": [...]}` prints as rows). An error status ends as the
service's error on one line, exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ostack.cli.command import Command


class Api(Command):
    """Send one raw request to a service's API (ostack's own command)."""

    name = "api"
    index_group = "ostack.api"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        from ostack.cli import output

        parser.add_argument("service_type", metavar="<service-type>",
                            help="the service, by catalog type (compute, network, image ...)")
        parser.add_argument("method", metavar="<method>", type=str.upper,
                            help="the HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD)")
        parser.add_argument("path", metavar="<path>",
                            help="a path under the service's endpoint (or an absolute URL)")
        parser.add_argument("--body", metavar="<json>",
                            help="the request body, JSON (@file reads it from a file)")
        parser.add_argument("--header", metavar="<key:value>", action="append", default=[],
                            help="an extra request header (repeat for more)")
        parser.add_argument("--microversion", metavar="<version>",
                            help="the service's microversion ('latest': the highest offered)")
        output.add_list_arguments(parser)
        parser.set_defaults(formatter="json")

    def take_action(self, args: argparse.Namespace) -> int:
        from ostack.transport import service_types

        session = self.conn.session
        service = service_types.official(args.service_type)
        headers = {}
        for item in args.header:
            key, sep, value = item.partition(":")
            if not sep or not key.strip():
                raise argparse.ArgumentTypeError(f"--header {item!r} must be key:value")
            headers[key.strip()] = value.strip()
        microversion = args.microversion or session.api_versions.get(service)
        if microversion and "." not in microversion and microversion != "latest":
            microversion = None  # a major version ("2") is not a microversion
        if microversion == "latest":
            microversion = session.get_endpoint_data(service).get("max_microversion")
        resp = session.request(
            args.method, args.path, service_type=service, microversion=microversion,
            json=_body(args.body), headers=headers or None,
        )
        _print(args, resp)
        return 0


def _body(text: str | None) -> Any:
    if text is None:
        return None
    if text.startswith("@"):
        with open(text[1:], encoding="utf-8") as fh:
            text = fh.read()
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ValueError(f"--body is not JSON: {exc}") from None


def _print(args: argparse.Namespace, resp: Any) -> None:
    if not resp.content:
        return
    try:
        data = json.loads(resp.content)
    except ValueError:
        sys.stdout.write(resp.text if resp.text.endswith("\n") else resp.text + "\n")
        return
    from ostack.cli import output

    if args.formatter == "json":
        indent = None if args.noindent else 2
        sys.stdout.write(json.dumps(data, indent=indent) + "\n")
        return
    rows = _rows(data)
    if rows is not None:
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        output.emit_list(args, list(columns), [[row.get(c) for c in columns] for row in rows])
    elif isinstance(data, dict):
        if len(data) == 1 and isinstance(next(iter(data.values())), dict):
            data = next(iter(data.values()))  # {"server": {...}}: the object itself
        if args.formatter == "csv":
            output.emit_list(args, list(data), [list(data.values())])
        else:
            output.emit_show(args, data)
    else:
        sys.stdout.write(json.dumps(data) + "\n")


def _rows(data: Any) -> list[dict[str, Any]] | None:
    """The objects of a list answer: a list of objects, or the one list of objects in an
    object beside its links (`{"servers": [...], "servers_links": [...]}`)."""
    def objects(value: Any) -> bool:
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)

    if objects(data):
        return data
    if isinstance(data, dict):
        lists = [v for k, v in data.items() if objects(v) and not k.endswith("links")]
        if len(lists) == 1 and not any(
                isinstance(v, dict) for k, v in data.items() if not k.endswith("links")):
            return lists[0]
    return None
