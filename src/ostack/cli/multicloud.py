"""One list or show command against several clouds and regions at once: `--os-cloud a,b`,
`--all-clouds` (every cloud of clouds.yaml) and `--os-region-name R1,R2` (each cloud in each
region).

Every command computes its rows in its own `take_action`, written against the sync SDK; so each
target gets its own ClientManager (its own connection, token and catalog) and its own instance
of the command, and runs that `take_action` unchanged in a thread of its own: the targets wait
on the network together, and every list and show command works, built-in or generated, with no
code of its own. The rows come back merged into one output with `Cloud` and `Region` first, in
every format; each target that failed is one line on stderr and the exit code is 1, the others'
rows kept; `-f ndjson` streams each target's own lines as they come (see `Lines`). Commands
that may change something are refused (exit 2); those that need no cloud run once.

app.py imports this module only when one of those options asks for more than one target.
"""

from __future__ import annotations

import argparse
import copy
import sys
import threading

from ostack import exceptions
from ostack.cli import output
from ostack.cli.clientmanager import ClientManager
from ostack.cli.command import Lister, ShowOne
from ostack.multicloud import Target, cloud_names, split_names, targets

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CLOUD = "Cloud"
REGION = "Region"
#: The last word of the commands that only read (and print rows or one object).
READING = frozenset({"list", "show"})


def option_named(options: argparse.Namespace) -> str:
    """The global option that asked for several targets, for messages."""
    if getattr(options, "all_clouds", False):
        return "--all-clouds"
    if "," in (options.os_cloud or ""):
        return "--os-cloud"
    return "--os-region-name" if options.os_region_name else "OS_REGION_NAME"


def region_names(options: argparse.Namespace) -> list[str]:
    """The regions asked for: `--os-region-name R1,R2`, else `OS_REGION_NAME` (split alike)."""
    import os

    return split_names(options.os_region_name or os.environ.get("OS_REGION_NAME"))


class Run:
    """One target: its client manager, the labels of its rows, and what it gave back."""

    def __init__(self, target: Target, options: argparse.Namespace) -> None:
        self.target = target
        mine = copy.copy(options)
        mine.os_cloud = target.cloud
        mine.os_region_name = target.region
        mine.all_clouds = False
        self.manager = ClientManager(mine)
        self.cloud = target.cloud or ""
        self.region = target.region or ""
        self.error: BaseException | None = None
        self.columns: list[str] = []
        self.rows: list[list[Any]] = []
        self.pairs: list[tuple[str, Any]] | None = None
        self.pipe_closed = False

    def resolve(self) -> None:
        """Load the target's configuration (in the main thread: files and caches are read
        once, in order); its region label is the one asked for, else the cloud's own."""
        try:
            config = self.manager.config
        except Exception as exc:  # noqa: BLE001 - this target's failure, reported on its line
            self.error = exc
            return
        self.region = self.target.region or config.region_name or ""

    def execute(self, cls: type, app: Any, prog: str, args: argparse.Namespace,
                lines: Lines | None = None) -> None:
        """Run the command's own take_action against this target (in a worker thread); with
        `lines` (-f ndjson), the command's whole run, its lines streamed as they come."""
        try:
            command = cls(app, self.manager, prog)
            if lines is not None:
                lines.start(self.cloud, self.region)
                try:
                    command.run(_copy(args))
                finally:
                    lines.finish()
                return
            result = command.take_action(_copy(args))
            if isinstance(command, Lister):
                columns, rows = result
                self.columns = list(columns)
                self.rows = [list(row) for row in rows]
            elif result is not None:
                self.pairs = (list(result.items()) if hasattr(result, "items")
                              else [tuple(pair) for pair in result])
        except BrokenPipeError:  # stdout's reader has gone (`| head`): as with one cloud
            self.pipe_closed = True
        except SystemExit as exc:
            self.error = exceptions.OstackError(f"the command exited with status {exc.code}")
        except BaseException as exc:  # noqa: BLE001 - this target's failure, reported alone
            self.error = exc

    def label(self) -> str:
        where = f"cloud '{self.cloud}'" if self.cloud else "the cloud of the OS_* variables"
        return where + (f" (region {self.region})" if self.region else "")


class Lines:
    """sys.stdout while the targets run with -f ndjson: each whole line a worker thread
    writes (one JSON object) goes out at once, `Cloud` and `Region` first; what the main
    thread writes passes through."""

    def __init__(self, real: Any, name: str) -> None:
        self.real = real
        self.name = name
        self.lock = threading.Lock()
        self.targets: dict[int, tuple[str, str]] = {}
        self.pending: dict[int, str] = {}

    def start(self, cloud: str, region: str) -> None:
        self.targets[threading.get_ident()] = (cloud, region)

    def finish(self) -> None:
        ident = threading.get_ident()
        rest = self.pending.pop(ident, "")
        if rest.strip():
            self._emit(self.targets[ident], rest)
        self.targets.pop(ident, None)

    def write(self, text: str) -> int:
        ident = threading.get_ident()
        target = self.targets.get(ident)
        if target is None:
            return self.real.write(text)
        *whole, rest = (self.pending.get(ident, "") + text).split("\n")
        self.pending[ident] = rest
        for line in whole:
            if line.strip():
                self._emit(target, line)
        return len(text)

    def _emit(self, target: tuple[str, str], line: str) -> None:
        import json

        try:
            data = json.loads(line)
        except ValueError:
            data = {"value": line}
        if not isinstance(data, dict):
            data = {"value": data}
        record = {CLOUD: target[0], REGION: target[1],
                  **{_unclash(k, self.name): v for k, v in data.items()}}
        text = json.dumps(record, default=str, separators=(",", ":")) + "\n"
        with self.lock:
            self.real.write(text)
            self.real.flush()

    def flush(self) -> None:
        with self.lock:
            self.real.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def _copy(args: argparse.Namespace) -> argparse.Namespace:
    """Each target its own arguments (some commands fill them in as they go)."""
    try:
        return copy.deepcopy(args)
    except Exception:  # noqa: BLE001 - an argument deepcopy cannot copy: a shallow copy
        return copy.copy(args)


def refusal(name: str, cls: type, option: str) -> str | None:
    """Why the command cannot run against several targets, or None when it can."""
    verb = name.split()[-1]
    if verb in READING and issubclass(cls, Lister | ShowOne):
        return None
    if verb in READING:
        return (f"ostack: '{name}' is not one of ostack's table-printing list or show "
                f"commands, so its output cannot be merged; run it without {option}, "
                "against one cloud and region at a time\n")
    return (f"ostack: {option} runs list and show commands only; '{name}' may change "
            "something: run it against one cloud and region at a time\n")


def plan(options: argparse.Namespace) -> list[Run]:
    """The runs asked for: each cloud (or every cloud) in each region."""
    if getattr(options, "all_clouds", False):
        clouds: list[str | None] = list(cloud_names())
        if not clouds:
            raise exceptions.ConfigError(
                "--all-clouds: no cloud found in clouds.yaml (OS_CLIENT_CONFIG_FILE, ./, "
                "~/.config/openstack/, /etc/openstack/)")
    else:
        clouds = list(split_names(options.os_cloud)) or [options.os_cloud]
    regions = region_names(options) or None
    return [Run(target, options) for target in targets(clouds, regions)]


def dispatch(name: str, cls: type, command_args: list[str], options: argparse.Namespace,
             app: Any) -> int:
    """Run the command against every target at once; print the merged rows and one line per
    failed target. 0 when every target answered, 1 when one failed, 2 for a refused use."""
    option = option_named(options)
    prog = f"ostack {name}"
    if not getattr(cls, "auth_required", True) and name.split()[-1] not in READING:
        command = cls(app, ClientManager(options), prog)  # needs no cloud: runs once, as is
        args = command.get_parser(prog).parse_args(command_args)
        args.debug = options.debug
        return command.run(args)
    refused = refusal(name, cls, option)
    if refused:
        sys.stderr.write(refused)
        return 2
    args = cls(app, ClientManager(options), prog).get_parser(prog).parse_args(command_args)
    args.debug = options.debug
    if issubclass(cls, ShowOne) and args.formatter == "shell":
        sys.stderr.write(f"ostack: -f shell prints one object; with {option} choose -f table, "
                         "json, yaml or value\n")
        return 2
    if issubclass(cls, Lister):  # a -c the command cannot have: no request
        check_columns(cls(app, ClientManager(options), prog), args)
    runs = plan(options)
    for run in runs:
        run.resolve()
    _label_log_lines()
    streamed = getattr(args, "formatter", None) == "ndjson"
    if streamed and getattr(args, "sort_columns", None):
        raise ValueError("--sort-column cannot be used with -f ndjson: rows are streamed as "
                         "they arrive")
    if streamed and getattr(args, "columns", None):  # Cloud and Region come first anyway
        args.columns = [c for c in args.columns
                        if c.strip().lower() not in (CLOUD.lower(), REGION.lower())]
    run_all(runs, cls, app, prog, args, Lines(sys.stdout, name) if streamed else None)
    if any(run.pipe_closed for run in runs):
        raise BrokenPipeError
    if streamed:
        report(runs, options, app)
        return 1 if any(run.error is not None for run in runs) else 0
    try:
        done = [run for run in runs if run.error is None]
        if issubclass(cls, Lister):
            emit_lists(args, name, done)
        else:
            emit_shows(args, name, done)
    finally:
        report(runs, options, app)
    return 1 if any(run.error is not None for run in runs) else 0


def check_columns(command: Any, args: argparse.Namespace) -> None:
    """Raise output.ColumnError before any request for a -c that names none of the columns,
    when the command declares them (a generic listing); else it is checked on the merged
    rows, as with one cloud."""
    from ostack.cli.generic import ResourceList

    if not (isinstance(command, ResourceList)
            and type(command).take_action is ResourceList.take_action
            and getattr(args, "formatter", None) != "ndjson"):
        return
    from ostack.cli import early_checks

    name = command.prog.removeprefix("ostack ")
    headers = [CLOUD, REGION, *(_unclash(c.header, name) for c in command.columns_for(args))]
    early_checks.check_columns(args, headers)


def run_all(runs: list[Run], cls: type, app: Any, prog: str, args: argparse.Namespace,
            lines: Lines | None) -> None:
    """Each target's run in a thread of its own, all at once; back when all have ended."""
    workers = [threading.Thread(target=run.execute, args=(cls, app, prog, args, lines),
                                daemon=True, name=run.label())
               for run in runs if run.error is None]
    if lines is not None:
        sys.stdout = lines
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        if lines is not None:
            sys.stdout = lines.real


def _label_log_lines() -> None:
    """--debug and --log-file: each line starts with its target (the worker thread's name)."""
    import logging

    for handler in logging.getLogger("ostack").handlers:
        handler.setFormatter(logging.Formatter("[%(threadName)s] %(message)s"))


def _unclash(column: str, name: str) -> str:
    """A command's own `Cloud` or `Region` column, renamed after its resource ("Endpoint
    Region"), so that the targets' columns keep their names."""
    if column.strip().lower() in (CLOUD.lower(), REGION.lower()):
        return f"{' '.join(name.split()[:-1]).title()} {column}"
    return column


def _with_targets(args: argparse.Namespace) -> argparse.Namespace:
    """The output arguments, with `-c` always keeping Cloud and Region first."""
    out = copy.copy(args)
    chosen = getattr(args, "columns", None) or []
    if chosen:
        own = [c for c in chosen if c.strip().lower() not in (CLOUD.lower(), REGION.lower())]
        out.columns = [CLOUD, REGION, *own]
    return out


def emit_lists(args: argparse.Namespace, name: str, done: list[Run]) -> None:
    """One listing of every target's rows, `Cloud` and `Region` first."""
    columns: list[str] = []
    for run in done:
        columns += [c for c in run.columns if c not in columns]
    if not done:  # every target failed: the format's empty form ([] in json and yaml)
        emit(_nothing(args), [CLOUD, REGION], [])
        return
    rows: list[list[Any]] = []
    for run in done:
        if run.columns == columns:
            rows += [[run.cloud, run.region, *row] for row in run.rows]
            continue
        where = {c: i for i, c in enumerate(run.columns)}
        rows += [[run.cloud, run.region, *(row[where[c]] if c in where else "" for c in columns)]
                 for row in run.rows]
    headers = [CLOUD, REGION, *(_unclash(c, name) for c in columns)]
    emit(_with_targets(args), headers, rows)


def emit(args: argparse.Namespace, columns: list[str], rows: list[list[Any]]) -> None:
    """output.emit_list, except YAML: its records keep Cloud and Region first (the single
    cloud's YAML sorts each record's keys, as cliff does)."""
    if getattr(args, "formatter", None) != "yaml":
        output.emit_list(args, columns, rows)
        return
    import io
    import json

    import yaml

    as_json = copy.copy(args)
    as_json.formatter = "json"
    text = io.StringIO()
    output.emit_list(as_json, columns, rows, text)
    yaml.safe_dump(json.loads(text.getvalue()), stream=sys.stdout, default_flow_style=False,
                   sort_keys=False)


def _nothing(args: argparse.Namespace) -> argparse.Namespace:
    """The output arguments for no rows at all: no column to pick or sort by."""
    out = copy.copy(args)
    out.columns = []
    out.sort_columns = []
    return out


def emit_shows(args: argparse.Namespace, name: str, done: list[Run]) -> None:
    """Every target's object: a table of Cloud, Region, Field and Value; in the other formats
    one record per target, `Cloud` and `Region` first."""
    shown = [run for run in done if run.pairs is not None]
    fields: list[str] = []
    for run in shown:
        fields += [str(f) for f, _ in run.pairs or () if str(f) not in fields]
    if not shown:  # every target failed: the format's empty form ([] in json and yaml)
        if args.formatter != "table":
            emit(_nothing(args), [CLOUD, REGION], [])
        return
    wanted = [c for c in getattr(args, "columns", None) or []
              if c.strip().lower() not in (CLOUD.lower(), REGION.lower())]
    picked = output._selected_indexes(fields, wanted)
    chosen = fields if picked is None else [fields[i] for i in picked]
    keep = set(chosen)
    plain = copy.copy(args)
    plain.columns = []
    plain.sort_columns = []
    if args.formatter == "table":  # the show table's Field and Value, a block per target
        rows = [[run.cloud, run.region, str(field), output._human(value)]
                for run in shown for field, value in run.pairs or () if str(field) in keep]
        text = output._render_table(
            [CLOUD, REGION, "Field", "Value"], rows, ("l", "l", "l", "l"), False,
            output._target_width(args, sys.stdout), output._SHOW_MIN_WIDTH)
        sys.stdout.write(text + "\n")
        return
    rows = []
    for run in shown:
        values = {str(field): value for field, value in run.pairs or ()}
        rows.append([run.cloud, run.region, *(values.get(f, "") for f in chosen)])
    headers = [CLOUD, REGION, *(_unclash(f, name) for f in chosen)]
    emit(plain, headers, rows)


def one_line(error: BaseException, app: Any) -> str:
    """The error as `ostack` prints it alone, on one line, without its "Error: "."""
    text = app._describe(error) if isinstance(error, Exception) else repr(error)
    text = text.removeprefix("Error: ")
    return " ".join(text.split())


def report(runs: list[Run], options: argparse.Namespace, app: Any) -> None:
    """One stderr line per failed target (with --debug, its traceback first); --timing's
    requests, target by target."""
    if getattr(options, "timing", False):
        lines = []
        for run in runs:
            connection = run.manager._connection
            if connection is None:
                continue
            timings = connection.session.http.timings
            lines += [f"[{run.label()}] {m} {u} {s} {t:.3f}s" for m, u, s, t in timings]
            total = sum(t[3] for t in timings)
            lines.append(f"[{run.label()}] HTTP requests: {len(timings)}, total {total:.3f}s")
        if lines:
            sys.stderr.write("\n".join(lines) + "\n")
    for run in runs:
        if run.error is None:
            continue
        if options.debug:
            import traceback

            traceback.print_exception(run.error)
        sys.stderr.write(f"ostack: {run.label()}: {one_line(run.error, app)}\n")
    for run in runs:
        connection = run.manager._connection
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - closing at exit; nothing left to report
                pass
