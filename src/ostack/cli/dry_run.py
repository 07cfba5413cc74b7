"""`--dry-run`: print every request that would change something, send none of them.

Reads go out as usual (GET, HEAD, OPTIONS, and the token request), so names resolve to IDs and
the requests printed are the ones the command would really send, as `--debug` curl lines (same
formatter, secrets redacted) on stdout.

- A DELETE is printed and answered, without being sent, by a synthetic "204, not sent": its
  answer has no body, so nothing later depends on it, and the command goes on. A multi-name
  delete (`network delete a b c`) prints one DELETE per name.
- A POST, PUT or PATCH is printed and the command stops there (exit 0): anything after it
  (`--wait`, an action on what was created, the fields shown) depends on its answer, which a
  dry run never gets; a note on stderr says so.
- A read of something the dry run "deleted" (the polling of `--wait`) stops it the same way:
  only the real deletion could answer it.

Built-in commands run on the sync session, guarded here. No built-in command uses the async
session (`ostack.aio`); several clouds at once refuse commands that change something.
Plugin commands (keystoneauth1 sessions) are guarded by `plugin_http` with the same rules.
Commands that need no cloud (`auth_required = False`) send nothing to guard: `local`.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

#: Methods that read only: a dry run sends them.
READS = frozenset({"GET", "HEAD", "OPTIONS"})
#: The header of the synthetic answer to a DELETE that was not sent.
NOT_SENT = "x-ostack-dry-run"


class Stopped(BaseException):
    """Raised where a dry run cannot go on (a BaseException, so that no command's error
    handling counts it as a failure and goes on). `line`: the request not sent, if any."""

    def __init__(self, line: str | None, why: str) -> None:
        super().__init__(line or why)
        self.line = line
        self.why = why


def is_read(method: str, url: str) -> bool:
    """Whether a dry run may send this request: a read, or asking Keystone for a token."""
    method = method.upper()
    if method in READS:
        return True
    path = url.split("?", 1)[0].rstrip("/")
    return method == "POST" and path.endswith("/auth/tokens")


class Writes:
    """What a dry run held back: the DELETEs answered "not sent" (by URL), and a count."""

    def __init__(self) -> None:
        self.deleted: set[str] = set()
        self.printed = 0

    def check(self, method: str, url: str, line: str) -> bool:
        """True to send the request (a read); False for a DELETE answered "not sent" (it is
        printed); Stopped for any other change, or a read of what was "deleted"."""
        path = url.split("?", 1)[0].rstrip("/")
        if is_read(method, url):
            if path in self.deleted:
                raise Stopped(None, f"dry run: stopped before {method.upper()} {path}: only "
                              "the real deletion above could answer it")
            return True
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
        self.printed += 1
        if method.upper() == "DELETE":
            self.deleted.add(path)
            return False
        raise Stopped(line, "dry run: the request above was not sent; the command stops "
                      "here (any later request depends on its answer)")


def guard(http: Any, writes: Writes | None = None) -> Writes:
    """Make an HTTP client send reads, answer DELETEs "not sent", stop at other changes."""
    from ostack.transport import redaction, retries
    from ostack.transport.http import Response

    writes = writes or Writes()
    send = http.send

    def guarded(request: Any) -> Any:
        if is_read(request.method, request.url) and request.url.split("?", 1)[0].rstrip(
                "/") not in writes.deleted:
            return send(request)
        prepared = retries.prepare(request, http.user_agent)
        body = prepared.body if prepared.log_body and isinstance(prepared.body, bytes) else None
        line = redaction.curl_line(prepared.method, prepared.url, prepared.headers, body)
        if writes.check(request.method, request.url, line):
            return send(request)
        return Response(204, {NOT_SENT: "not sent"}, b"", request.method, request.url, 0.0)

    http.send = guarded
    return writes


def finish(writes: Writes, code: int) -> int:
    """The note on stderr once a guarded command is done (it was not stopped)."""
    if writes.printed == 1:
        sys.stderr.write("dry run: the request above was not sent\n")
    elif writes.printed:
        sys.stderr.write(f"dry run: the {writes.printed} requests above were not sent\n")
    else:
        sys.stderr.write("dry run: the command sent no request that changes anything\n")
    return code


def stopped(stop: Stopped) -> int:
    sys.stdout.flush()
    sys.stderr.write(stop.why + "\n")
    return 0


def run(command: Any, args: argparse.Namespace, manager: Any) -> int:
    """Run `command` with writes held back; print each one it would send."""
    writes = guard(manager.connection.session.http)
    try:
        code = command.run(args)
    except Stopped as stop:
        return stopped(stop)
    except Exception:  # a name that did not resolve, after other DELETEs were printed
        finish(writes, 1)
        raise
    return finish(writes, code)


#: Last words of the commands that need no cloud and change nothing (run with a note).
LOCAL_READS = frozenset({"list", "show", "status", "complete"})


def local(name: str) -> int | None:
    """`--dry-run` on a command that needs no cloud (`auth_required = False`): it sends no
    request to hold back. One that only reads runs, with a note on stderr (None); one that
    acts on this machine (`localcloud start`, `cloud cache delete`) has no dry run and is not
    run (exit 2): either way said, never ignored in silence."""
    if name.split()[-1] in LOCAL_READS:
        sys.stderr.write(f"dry run: 'ostack {name}' sends no request to a cloud and changes "
                         "nothing; it runs as usual\n")
        return None
    sys.stderr.write(f"dry run: 'ostack {name}' acts on this machine, not through a cloud's "
                     "API, and has no dry run: not run\n")
    return 2
