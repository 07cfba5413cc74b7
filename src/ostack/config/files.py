"""Finding and reading clouds.yaml and secure.yaml, where openstacksdk looks for them."""

from __future__ import annotations

import os
from pathlib import Path

from ostack.exceptions import ConfigError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CONFIG_NAMES = ("clouds.yaml", "clouds.yml", "clouds.json")
SECURE_NAMES = ("secure.yaml", "secure.yml", "secure.json")


def config_dirs(env: dict[str, str]) -> list[Path]:
    """The folders searched in order: the current folder, the user's, then the system's."""
    home = Path(env.get("HOME") or os.path.expanduser("~"))
    user = Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "openstack"
    return [Path.cwd(), user, Path("/etc/openstack")]


def localcloud_dir(env: dict[str, str]) -> Path:
    """The local cloud's state folder (see docs/contracts.md)."""
    if env.get("OSTACK_LOCALCLOUD_DIR"):
        return Path(env["OSTACK_LOCALCLOUD_DIR"])
    home = Path(env.get("HOME") or os.path.expanduser("~"))
    state = Path(env.get("XDG_STATE_HOME") or home / ".local" / "state")
    return state / "ostack" / "localcloud"


def candidate_files(env: dict[str, str], names: tuple[str, ...], override_var: str) -> list[Path]:
    """Existing files, most important first: the override variable, then the search folders."""
    found: list[Path] = []
    override = env.get(override_var)
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise ConfigError(
                f"{override_var} points to {path}, which does not exist or is not a file; "
                f"fix the path or unset {override_var}"
            )
        found.append(path)
    for folder in config_dirs(env):
        for name in names:
            path = folder / name
            if path.is_file():
                found.append(path)
                break
    return found


def read_document(path: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Parse one YAML or JSON config file into a mapping, with errors that name the file.

    A YAML file's parsed content is kept in a private cache keyed by its path, size and
    modification time, without its secrets (`ostack.config.safe_cache`): loading the YAML
    parser alone costs more than the CLI's request.
    """
    try:
        stat = path.stat()
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}; check its permissions") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read {path}: it is not UTF-8 text (byte {exc.start})") from None
    if path.suffix == ".json":
        return _parse(path, text)
    from ostack.config import safe_cache

    stamp = [str(path.resolve()), stat.st_size, stat.st_mtime_ns]
    return safe_cache.read_yaml(path, text, stamp, env, _parse_with_nodes)


def _parse_with_nodes(path: Path, text: str) -> tuple[dict[str, Any], Any]:
    """The document and its YAML node tree (where each value sits, for safe_cache)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    finally:
        loader.dispose()
    return _checked(path, data), node


def _yaml_error(path: Path, exc: Exception) -> ConfigError:
    where = ""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        where = f" at line {mark.line + 1}, column {mark.column + 1}"
    problem = getattr(exc, "problem", None) or str(exc)
    return ConfigError(f"{path} is not valid YAML{where}: {problem}")


def _parse(path: Path, text: str) -> dict[str, Any]:
    if path.suffix == ".json":
        import json

        try:
            data = json.loads(text) if text.strip() else {}
        except ValueError as exc:
            raise ConfigError(f"{path} is not valid JSON: {exc}") from None
    else:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            data = yaml.load(text, Loader=loader) if text.strip() else {}
        except yaml.YAMLError as exc:
            raise _yaml_error(path, exc) from None
    return _checked(path, data)


def _checked(path: Path, data: Any) -> dict[str, Any]:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must hold a mapping at the top level, not {type(data).__name__}")
    return data


def clouds_of(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The `clouds:` mapping of a document, checked."""
    clouds = data.get("clouds", {})
    if clouds is None:
        return {}
    if not isinstance(clouds, dict):
        raise ConfigError(f"{path}: key 'clouds' must be a mapping of cloud names to settings")
    for name, cloud in clouds.items():
        if not isinstance(cloud, dict):
            raise ConfigError(
                f"{path}: cloud '{name}' must be a mapping of settings, "
                f"not {type(cloud).__name__}"
            )
    return clouds
