"""Tests of the CLI's output formats (ostack.cli.output).

Most tests state the expected bytes directly.  The `official` test runs the same data through
cliff and osc-lib themselves, in the venv of the official clients, and compares byte for byte.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import textwrap

import pytest

from ostack.cli import output
from ostack.cli.output import ColumnError, emit_list, emit_show

COLUMNS = ("ID", "Name", "RAM", "Props", "Tags", "Is Public", "Desc")
ROWS = [
    (1, "m1.tiny", 512, {"b": "x", "a": None, "n": {"z": 1}}, ["z", "a"], True, None),
    (2, 'm1.small"q', 2048.5, {}, [], False, "line\r\nnext"),
]
SHOW = [
    ("id", 1),
    ("OS-EXT:host", 'h"o'),
    ("Name Thing", "n"),
    ("props", {"a": "b"}),
    ("none", None),
]


def list_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    output.add_list_arguments(parser)
    return parser.parse_args(list(argv))


def show_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    output.add_show_arguments(parser)
    return parser.parse_args(list(argv))


def listed(*argv: str, columns=COLUMNS, rows=ROWS) -> str:
    stream = io.StringIO()
    emit_list(list_args(*argv), columns, rows, stream)
    return stream.getvalue()


def shown(*argv: str, data=SHOW) -> str:
    stream = io.StringIO()
    emit_show(show_args(*argv), data, stream)
    return stream.getvalue()


# ---------------------------------------------------------------------------------------------
# list formats


def test_list_table():
    assert listed() == textwrap.dedent("""\
        +----+------------+--------+--------------------+------+-----------+------+
        | ID | Name       |    RAM | Props              | Tags | Is Public | Desc |
        +----+------------+--------+--------------------+------+-----------+------+
        |  1 | m1.tiny    |    512 | a=, b='x', n.z='1' | a, z | True      | None |
        |  2 | m1.small"q | 2048.5 |                    |      | False     | line |
        |    |            |        |                    |      |           | next |
        +----+------------+--------+--------------------+------+-----------+------+
        """)


def test_list_table_of_list_of_dicts_puts_one_dict_per_line():
    rows = [("p1", [{"ip_address": "10.0.0.3", "subnet_id": "s1"}, {"ip_address": "fd::3"}])]
    assert listed(columns=("ID", "Fixed IP Addresses"), rows=rows) == textwrap.dedent("""\
        +----+---------------------------------------+
        | ID | Fixed IP Addresses                    |
        +----+---------------------------------------+
        | p1 | ip_address='10.0.0.3', subnet_id='s1' |
        |    | ip_address='fd::3'                    |
        +----+---------------------------------------+
        """)


def test_list_table_of_numbers_sorts_them_numerically():
    assert "| 2, 10 |" in listed(columns=("N",), rows=[([10, 2],)])


def test_list_table_with_wide_characters_uses_display_width():
    text = listed(columns=("Name",), rows=[("日本",), ("abc",)])
    assert text == "+------+\n| Name |\n+------+\n| 日本 |\n| abc  |\n+------+\n"


def test_list_table_expands_tabs():
    assert listed(columns=("A",), rows=[("x\ty",)]).splitlines()[3] == "| x       y |"


def test_empty_list_table_is_one_blank_line_like_cliff():
    assert listed(rows=[]) == "\n"


def test_empty_list_table_with_print_empty_shows_the_header():
    assert listed("--print-empty", columns=("ID", "Name"), rows=[]) == textwrap.dedent("""\
        +----+------+
        | ID | Name |
        +----+------+
        +----+------+
        """)


def test_list_table_max_width_wraps_wide_columns():
    rows = [("a" * 8, "word " * 12)]
    text = listed("--max-width", "30", columns=("ID", "Description"), rows=rows)
    lines = text.splitlines()
    assert all(len(line) <= 30 for line in lines), text
    assert lines[0] == "+----------+-----------------+"
    assert lines[3] == "| aaaaaaaa | word word word  |"


def test_list_table_narrow_enough_is_left_alone_by_max_width():
    assert listed("--max-width", "200") == listed()


def test_list_value():
    assert listed("-f", "value") == (
        "1 m1.tiny 512 {'b': 'x', 'a': None, 'n': {'z': 1}} ['z', 'a'] True None\n"
        "2 m1.small\"q 2048.5 {} [] False line\r\nnext\n"
    )


def test_list_csv_quotes_nonnumeric_by_default():
    assert listed("-f", "csv") == (
        '"ID","Name","RAM","Props","Tags","Is Public","Desc"\n'
        '1,"m1.tiny",512,"{\'b\': \'x\', \'a\': None, \'n\': {\'z\': 1}}",'
        '"[\'z\', \'a\']",True,""\n'
        '2,"m1.small""q",2048.5,"{}","[]",False,"line\r\nnext"\n'
    )


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("all", '"ID","Name"\n"1","a b"\n'),
        ("minimal", 'ID,Name\n1,a b\n'),
        ("none", "ID,Name\n1,a b\n"),
        ("nonnumeric", '"ID","Name"\n1,"a b"\n'),
    ],
)
def test_list_csv_quote_modes(mode, expected):
    assert listed("-f", "csv", "--quote", mode, columns=("ID", "Name"), rows=[(1, "a b")]) == (
        expected
    )


def test_list_json_keeps_structure_and_column_order():
    text = listed("-f", "json")
    assert json.loads(text) == [
        {"ID": 1, "Name": "m1.tiny", "RAM": 512, "Props": {"b": "x", "a": None, "n": {"z": 1}},
         "Tags": ["z", "a"], "Is Public": True, "Desc": None},
        {"ID": 2, "Name": 'm1.small"q', "RAM": 2048.5, "Props": {}, "Tags": [],
         "Is Public": False, "Desc": "line\r\nnext"},
    ]
    assert text.startswith('[\n  {\n    "ID": 1,\n    "Name": "m1.tiny",\n')
    assert text.endswith("  }\n]\n")


def test_list_json_noindent():
    assert listed("-f", "json", "--noindent", "-c", "ID", "-c", "Desc") == (
        '[{"ID": 1, "Desc": null}, {"ID": 2, "Desc": "line\\r\\nnext"}]\n'
    )


def test_list_yaml_sorts_keys_like_cliff():
    assert listed("-f", "yaml", "-c", "ID", "-c", "Props", "-c", "Tags", "-c", "Desc") == (
        textwrap.dedent("""\
            - Desc: null
              ID: 1
              Props:
                a: null
                b: x
                n:
                  z: 1
              Tags:
              - z
              - a
            - Desc: "line\\r\\nnext"
              ID: 2
              Props: {}
              Tags: []
            """)
    )


@pytest.mark.parametrize(
    ("fmt", "expected"), [("json", "[]\n"), ("yaml", "[]\n"), ("value", ""), ("csv", '"A"\n')]
)
def test_empty_list_in_other_formats(fmt, expected):
    assert listed("-f", fmt, columns=("A",), rows=[]) == expected


def test_list_accepts_a_generator_of_rows():
    assert listed("-f", "value", "-c", "ID", rows=(row for row in ROWS)) == "1\n2\n"


# ---------------------------------------------------------------------------------------------
# -c and sorting


def test_columns_keep_the_output_order_like_cliff():
    assert listed("-f", "value", "-c", "Name", "-c", "ID") == '1 m1.tiny\n2 m1.small"q\n'


def test_columns_match_case_insensitively_with_underscores_for_spaces():
    assert listed("-f", "csv", "-c", "is_public", "-c", "id") == (
        '"ID","Is Public"\n1,True\n2,False\n'
    )


def test_column_given_twice_is_shown_once():
    assert listed("-f", "value", "-c", "ID", "-c", "ID") == "1\n2\n"


def test_unknown_column_names_it_and_the_valid_ones():
    with pytest.raises(ColumnError) as caught:
        listed("-c", "Bogus")
    message = str(caught.value)
    assert "'Bogus'" in message and "-c/--column" in message
    assert "'ID', 'Name', 'RAM', 'Props', 'Tags', 'Is Public', 'Desc'" in message
    assert caught.value.column == "Bogus" and caught.value.valid == COLUMNS
    assert isinstance(caught.value, ValueError)
    with pytest.raises(ColumnError, match="No column 'Bogus' or 'Nope' for -c/--column"):
        listed("-c", "Bogus", "-c", "Nope")


def test_unknown_columns_beside_known_ones_are_left_out_with_a_warning(capsys):
    """As cliff selects: the known ones are printed; ostack also says what it left out."""
    assert listed("-f", "value", "-c", "Bogus", "-c", "ID", "-c", "Bogus") == \
        listed("-f", "value", "-c", "ID")
    assert capsys.readouterr().err == "Warning: no column 'Bogus' for -c/--column: left out\n"
    assert shown("-f", "value", "-c", "nope", "-c", "id") == shown("-f", "value", "-c", "id")


def test_unknown_sort_column_is_left_out_with_a_warning(capsys):
    """cliff ignores a --sort-column that names no column; ostack too, and says so."""
    assert listed("--sort-column", "Nope") == listed()
    assert listed("-f", "value", "--sort-column", "Nope", "--sort-column", "RAM",
                  "--sort-descending") == listed("-f", "value", "--sort-column", "RAM",
                                                 "--sort-descending")
    err = capsys.readouterr().err
    assert err.count("Warning: no column 'Nope' for --sort-column: not sorted by it") == 2


SORT_ROWS = [("c", 10, None), ("a", 9, "x"), ("b", 10, "w"), ("d", 2.5, None)]


def sort_ids(*argv: str) -> list[str]:
    text = listed("-f", "value", "-c", "K", *argv, columns=("K", "N", "S"), rows=SORT_ROWS)
    return text.split()


def test_sort_numbers_numerically():
    assert sort_ids("--sort-column", "N") == ["d", "a", "c", "b"]


def test_sort_descending_is_stable():
    assert sort_ids("--sort-column", "N", "--sort-descending") == ["c", "b", "a", "d"]


def test_sort_puts_none_last_ascending_and_first_descending():
    assert sort_ids("--sort-column", "S") == ["b", "a", "c", "d"]
    assert sort_ids("--sort-column", "S", "--sort-descending") == ["c", "d", "a", "b"]


def test_sort_by_several_columns_first_has_priority():
    assert sort_ids("--sort-column", "n", "--sort-column", "K") == ["d", "a", "b", "c"]


def test_sort_by_a_column_not_shown():
    assert listed("-f", "value", "-c", "ID", "--sort-column", "RAM", "--sort-descending") == (
        "2\n1\n"
    )


def test_sort_mixed_types_does_not_fail():
    rows = [("a", "x"), ("b", 3), ("c", None), ("d", {"k": 1})]
    text = listed("-f", "value", "-c", "K", "--sort-column", "V", columns=("K", "V"), rows=rows)
    assert text.split() == ["b", "a", "d", "c"]


# ---------------------------------------------------------------------------------------------
# show formats


def test_show_table():
    assert shown() == textwrap.dedent("""\
        +-------------+-------+
        | Field       | Value |
        +-------------+-------+
        | id          | 1     |
        | OS-EXT:host | h"o   |
        | Name Thing  | n     |
        | props       | a='b' |
        | none        | None  |
        +-------------+-------+
        """)


def test_show_accepts_a_mapping():
    assert shown(data=dict(SHOW)) == shown()


def test_show_json():
    assert shown("-f", "json") == textwrap.dedent("""\
        {
          "id": 1,
          "OS-EXT:host": "h\\"o",
          "Name Thing": "n",
          "props": {
            "a": "b"
          },
          "none": null
        }
        """)
    assert shown("-f", "json", "--noindent", "-c", "id", "-c", "none") == (
        '{"id": 1, "none": null}\n'
    )


def test_show_yaml_keeps_field_order():
    assert shown("-f", "yaml") == textwrap.dedent("""\
        id: 1
        OS-EXT:host: h"o
        Name Thing: n
        props:
          a: b
        none: null
        """)


def test_show_shell_sanitizes_names_and_escapes_quotes():
    assert shown("-f", "shell") == textwrap.dedent("""\
        id="1"
        os_ext_host="h\\"o"
        name_thing="n"
        props="{'a': 'b'}"
        none="None"
        """)


def test_show_shell_prefix_and_columns():
    assert shown("-f", "shell", "--prefix", "x_", "-c", "props", "-c", "ID") == (
        'x_id="1"\nx_props="{\'a\': \'b\'}"\n'
    )


def test_show_value():
    assert shown("-f", "value") == "1\nh\"o\nn\n{'a': 'b'}\nNone\n"


def test_show_columns_select_fields():
    assert shown("-c", "name_thing", "-c", "props") == textwrap.dedent("""\
        +------------+-------+
        | Field      | Value |
        +------------+-------+
        | Name Thing | n     |
        | props      | a='b' |
        +------------+-------+
        """)


def test_show_unknown_column():
    with pytest.raises(ColumnError, match="'nope'.*'id', 'OS-EXT:host'"):
        shown("-c", "nope")


def test_show_table_max_width_wraps_the_value():
    data = [("description", "lorem ipsum " * 10)]
    text = shown("--max-width", "50", data=data)
    assert max(len(line) for line in text.splitlines()) <= 50
    assert text.splitlines()[3] == "| description | lorem ipsum lorem ipsum lorem    |"


def test_value_with_own_renderings():
    class Addresses:
        def __init__(self, data):
            self.data = data

        def human_readable(self):
            return "; ".join(f"{k}={', '.join(v)}" for k, v in sorted(self.data.items()))

        def machine_readable(self):
            return self.data

    cell = Addresses({"private": ["10.0.0.5", "fd::5"]})
    rows = [("s1", cell)]
    assert "| s1 | private=10.0.0.5, fd::5 |" in listed(columns=("ID", "Networks"), rows=rows)
    assert listed("-f", "value", columns=("ID", "Networks"), rows=rows) == (
        "s1 {'private': ['10.0.0.5', 'fd::5']}\n"
    )
    assert json.loads(listed("-f", "json", columns=("ID", "Networks"), rows=rows)) == [
        {"ID": "s1", "Networks": {"private": ["10.0.0.5", "fd::5"]}}
    ]


def test_defaults_when_args_lack_output_options():
    stream = io.StringIO()
    emit_list(argparse.Namespace(), ["A"], [["x"]], stream)
    assert stream.getvalue() == "+---+\n| A |\n+---+\n| x |\n+---+\n"


def test_arguments_parse_like_cliff():
    args = list_args("-f", "csv", "-c", "A", "--column", "B", "--sort-column", "A",
                     "--sort-descending", "--quote", "all", "--noindent", "--max-width", "80",
                     "--fit-width", "--print-empty")
    assert (args.formatter, args.columns, args.sort_columns, args.sort_direction) == (
        "csv", ["A", "B"], ["A"], "desc"
    )
    assert (args.quote_mode, args.noindent, args.max_width, args.fit_width, args.print_empty) == (
        "all", True, 80, True, True
    )
    args = show_args("-f", "shell", "--prefix", "p_")
    assert (args.formatter, args.prefix, args.columns) == ("shell", "p_", [])
    with pytest.raises(SystemExit):
        show_args("-f", "csv")


def test_import_is_cheap():
    code = "import ostack.cli.output"
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
        check=True,
    )
    loaded = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()]
    for heavy in ("prettytable", "yaml", "json", "csv", "typing", "wcwidth"):
        assert heavy not in loaded, f"{heavy} imported by ostack.cli.output"


# ---------------------------------------------------------------------------------------------
# byte-for-byte against cliff itself

# Runs inside the venv of the official clients: feeds each case to a tiny cliff App whose
# commands return the data the way python-openstackclient does (dicts and lists wrapped in
# osc-lib's columns) and prints what cliff wrote.
CLIFF_DRIVER = r'''
import io, json, sys
from cliff.app import App
from cliff.commandmanager import CommandManager
from cliff.lister import Lister
from cliff.show import ShowOne
from osc_lib.cli import format_columns

def wrap(value):
    if isinstance(value, dict):
        return format_columns.DictColumn(value)
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return format_columns.ListDictColumn(value)
        return format_columns.ListColumn(value)
    return value

CASE = {}

class ListIt(Lister):
    def take_action(self, parsed_args):
        return CASE["columns"], [[wrap(v) for v in row] for row in CASE["rows"]]

class ShowIt(ShowOne):
    def take_action(self, parsed_args):
        pairs = CASE["pairs"]
        return [p[0] for p in pairs], [wrap(p[1]) for p in pairs]

results = []
for case in json.load(sys.stdin):
    CASE.clear()
    CASE.update(case)
    manager = CommandManager("ostack.test.none")
    manager.add_command("list", ListIt)
    manager.add_command("show", ShowIt)
    out = io.StringIO()
    app = App(description="t", version="1", command_manager=manager, stdout=out,
              stderr=io.StringIO(), deferred_help=True)
    app.run([case["kind"], *case["argv"]])
    results.append(out.getvalue())
json.dump(results, sys.stdout)
'''

WIDE_ROWS = [
    ["0b6f", "web-" + "x" * 30, "ACTIVE", {"private": "10.0.0.5", "public": "172.24.4.9"},
     "cirros", "m1.tiny"],
    ["9a1c", "db", "SHUTOFF", {}, "ubuntu-24.04-server-cloudimg " * 2, "m1.large"],
]
WIDE_COLUMNS = ["ID", "Name", "Status", "Networks", "Image", "Flavor"]
LIST_CASES = [
    [],
    ["-f", "value"],
    ["-f", "csv"],
    ["-f", "csv", "--quote", "minimal"],
    ["-f", "csv", "--quote", "all"],
    ["-f", "json"],
    ["-f", "json", "--noindent"],
    ["-f", "yaml"],
    ["-c", "Name", "-c", "ID"],
    ["-c", "is_public", "-f", "csv"],
    ["--sort-column", "RAM", "--sort-descending"],
    ["--sort-column", "Name", "-c", "ID", "-f", "value"],
    ["--sort-column", "Desc", "-c", "ID", "-f", "value"],
    ["--max-width", "40"],
    ["--max-width", "20"],
]


def _cases() -> list[dict]:
    cases = []
    for argv in LIST_CASES:
        cases.append({"kind": "list", "argv": argv, "columns": COLUMNS, "rows": ROWS})
    for width in ("60", "80", "100", "120"):
        cases.append({"kind": "list", "argv": ["--max-width", width], "columns": WIDE_COLUMNS,
                      "rows": WIDE_ROWS})
    cases.append({"kind": "list", "argv": [], "columns": ["Name"],
                  "rows": [["日本語"], ["naïve"], ["tab\there"], ["a\x1bb"]]})
    cases.append({"kind": "list", "argv": ["--max-width", "12"], "columns": ["Name", "X"],
                  "rows": [["日本語日本語日本語", "b"]]})
    for fmt in ("table", "json", "yaml", "value", "csv"):
        cases.append({"kind": "list", "argv": ["-f", fmt], "columns": ["A", "B"], "rows": []})
    cases.append({"kind": "list", "argv": ["--print-empty"], "columns": ["A", "B"], "rows": []})
    cases.append({"kind": "list", "argv": [], "columns": ["ID", "Fixed IP Addresses"],
                  "rows": [["p", [{"ip_address": "10.0.0.3", "subnet_id": "s"},
                                  {"ip_address": "fd::3", "subnet_id": "t"}]]]})
    show_pairs = [list(pair) for pair in SHOW] + [
        ["description", "lorem ipsum dolor " * 8],
        ["properties", {"k": "v", "hw:cpu": "2", "nested": {"x": None}}],
        ["tags", ["b", "a"]],
    ]
    for argv in ([], ["-f", "json"], ["-f", "json", "--noindent"], ["-f", "yaml"],
                 ["-f", "shell"], ["-f", "shell", "--prefix", "os_"], ["-f", "value"],
                 ["-c", "props", "-c", "id"], ["--max-width", "60"], ["--max-width", "30"]):
        cases.append({"kind": "show", "argv": argv, "pairs": show_pairs})
    return cases


def _ours(case: dict) -> str:
    stream = io.StringIO()
    if case["kind"] == "list":
        emit_list(list_args(*case["argv"]), case["columns"], case["rows"], stream)
    else:
        emit_show(show_args(*case["argv"]), [tuple(p) for p in case["pairs"]], stream)
    return stream.getvalue()


@pytest.mark.official
def test_same_bytes_as_cliff():
    from tests.support.venvs import OFFICIAL_CLIENTS, ensure_venv

    try:
        venv = ensure_venv("official", OFFICIAL_CLIENTS)
    except (RuntimeError, subprocess.SubprocessError) as exc:  # no network to install it
        pytest.skip(f"official clients unavailable: {exc}")
    cases = _cases()
    proc = subprocess.run(
        [str(venv / "bin" / "python"), "-c", CLIFF_DRIVER], input=json.dumps(cases),
        capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 0, proc.stderr
    theirs = json.loads(proc.stdout)
    for case, expected in zip(cases, theirs, strict=True):
        assert _ours(case) == expected, f"{case['kind']} {case['argv']}"
