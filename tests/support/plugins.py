"""A venv where ostack runs beside python-openstackclient plugins from the package index.

`.cache/venvs/plugins` holds ostack from this checkout (an editable install, with its `plugins`
extra: osc-lib) and two real plugins, python-octaviaclient and python-designateclient. It is
built once, like the official clients' venv (`tests/support/venvs.py`), and rebuilt when the
requirements below change. Test plugins are installed into it per test run with `install()`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.support.venvs import ROOT, ensure_venv

#: What the plugins venv holds besides ostack (pinned: the tests name their commands).
#: `wheel`: setuptools builds the test plugins with it (pip --no-build-isolation).
PLUGINS = ("osc-lib==4.7.0", "python-octaviaclient==3.15.0", "python-designateclient==7.0.0",
           "wheel")


def plugins_venv() -> Path:
    """The venv's folder (built on first use, under a lock shared with parallel workers)."""
    return ensure_venv("plugins", ("-e", f"{ROOT}[plugins]", *PLUGINS))


def install(venv: Path, package: Path) -> None:
    """pip-install a package folder into the venv, without its dependencies (they are there)."""
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps",
         "--no-build-isolation", "--disable-pip-version-check", str(package)],
        capture_output=True, text=True, timeout=300,
        env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1"),
    )
    if done.returncode != 0:
        raise RuntimeError(f"could not install {package}:\n{done.stdout}\n{done.stderr}")


#: The seed's example plugin (`runit`), and commands more: one that needs auth and makes its
#: client through `make_client` on ostack's keystoneauth1 session, one that deletes servers
#: through it (--dry-run), and one that shows the API version the plugin was given (version 2
#: adds `runit hello`).
RUNIT_FILES = {
    "pyproject.toml": """\
[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "runit-osc-plugin"
version = "0.1.0"

[tool.setuptools]
packages = ["runit_cli", "runit_cli.osc"]

[project.entry-points."openstack.cli.extension"]
runit = "runit_cli.osc.plugin"

[project.entry-points."openstack.runit.v1"]
runit_echo = "runit_cli.echo:Echo"
runit_server_list = "runit_cli.servers:ListServers"
runit_version_show = "runit_cli.servers:ShowVersion"
runit_server_delete = "runit_cli.servers:DeleteServers"

[project.entry-points."openstack.runit.v2"]
runit_echo = "runit_cli.echo:Echo"
runit_hello = "runit_cli.echo:Echo"
runit_version_show = "runit_cli.servers:ShowVersion"
""",
    "runit_cli/__init__.py": "",
    "runit_cli/osc/__init__.py": "",
    "runit_cli/osc/plugin.py": """\
import os

API_NAME = "runit"
API_VERSION_OPTION = "os_runit_api_version"
DEFAULT_API_VERSION = "1"
API_VERSIONS = {"1": "runit_cli.client.Client", "2": "runit_cli.client.Client"}
MADE = []


def make_client(instance):
    from keystoneauth1 import adapter

    MADE.append(id(instance))
    return adapter.Adapter(session=instance.session, service_type="compute",
                           interface=instance.interface, region_name=instance.region_name)


def build_option_parser(parser):
    parser.add_argument("--os-runit-api-version", metavar="<runit-api-version>",
                        default=os.environ.get("OS_RUNIT_API_VERSION"),
                        help="runit API version (Env: OS_RUNIT_API_VERSION)")
    return parser
""",
    "runit_cli/echo.py": """\
from osc_lib.command import command


class Echo(command.Command):
    \"\"\"Print a message.\"\"\"

    auth_required = False

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("-m", "--message", default="Hello, World!", help="Echo message.")
        return parser

    def take_action(self, parsed_args):
        print(parsed_args.message)
""",
    "runit_cli/servers.py": """\
from osc_lib.command import command

from runit_cli.osc import plugin


class ListServers(command.Lister):
    \"\"\"List servers through the plugin's own client.\"\"\"

    def take_action(self, parsed_args):
        client = self.app.client_manager.runit
        again = self.app.client_manager.runit  # made once, on first access
        assert client is again and plugin.MADE.count(id(self.app.client_manager)) == 1
        servers = client.get("/servers").json()["servers"]
        return ("ID", "Name"), [(s["id"], s["name"]) for s in servers]


class DeleteServers(command.Command):
    \"\"\"Delete servers by ID through the plugin's own client.\"\"\"

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("ids", nargs="+", metavar="<server-id>")
        return parser

    def take_action(self, parsed_args):
        client = self.app.client_manager.runit
        for ident in parsed_args.ids:
            client.delete(f"/servers/{ident}")


class ShowVersion(command.ShowOne):
    \"\"\"Show the API version and endpoint the plugin was given.\"\"\"

    def take_action(self, parsed_args):
        manager = self.app.client_manager
        endpoint = manager.get_endpoint_for_service_type(
            "compute", region_name=manager.region_name, interface=manager.interface)
        return ("API Version", "Compute", "Network"), (
            manager._api_version["runit"], endpoint, manager.is_network_endpoint_enabled())
""",
}


def write_runit(folder: Path) -> Path:
    """Write the runit plugin package into `folder` (returned)."""
    for name, text in RUNIT_FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder
