"""Bad input is refused before anything is sent, in the user's terms; secrets stay hidden.

Against the session's local cloud: the CLI as a subprocess (its exit code, stdout and stderr
are what a user sees), the SDK in-process. "Nothing sent" is checked with the cloud's own
request counter; nothing else runs against this worker's cloud while a test runs.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

import ostack
from ostack import exceptions

OSTACK = [sys.executable, "-m", "ostack.cli.app"]


@pytest.fixture
def run(localcloud, tmp_path):
    env = localcloud.environ(XDG_CACHE_HOME=str(tmp_path / "cache"))

    def call(*args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([*OSTACK, *args], env={**env, **extra}, capture_output=True,
                              text=True, timeout=60)

    call("token", "issue")  # the token is cached: later counts are the command's own
    return call


def refused_unsent(localcloud, proc: subprocess.CompletedProcess, before: int,
                   *words: str) -> None:
    assert proc.returncode not in (0, None), proc
    assert "Traceback" not in proc.stderr, proc.stderr
    for word in words:
        assert word in proc.stderr, (word, proc.stderr)
    assert localcloud.requests() == before, "a request was sent for bad input"


@pytest.mark.parametrize("args, words", [
    (["flavor", "list", "-c", "Nope"], ["'Nope'", "valid columns are", "'Name'"]),
    (["network", "list", "-c", "Nope", "--sort-column", "Name"], ["'Nope'", "-c/--column"]),
    (["server", "list", "-c", "Nope"], ["'Nope'", "'Host Status'"]),
    (["flavor", "list", "-f", "bogus"], ["invalid choice: 'bogus'"]),
    # creates and shows whose fields are declared: checked before the POST / GET
    (["region", "create", "bad-input-region", "-c", "Nope"], ["'Nope'", "'parent_region'"]),
    (["flavor", "create", "bad-input-flavor", "--ram", "64", "--vcpus", "1", "-c", "Nope"],
     ["'Nope'", "'vcpus'"]),
    (["--os-compute-api-version", "2.x", "server", "list"],
     ["compute_api_version", "OS_COMPUTE_API_VERSION", "'2.x'"]),
])
def test_cli_refuses_bad_options_before_sending(localcloud, run, args, words) -> None:
    before = localcloud.requests()
    refused_unsent(localcloud, run(*args), before, *words)


def test_a_bad_column_after_a_change_says_the_change_was_made(localcloud, run) -> None:
    """A create whose fields come from the answer only learns that -c names none of them
    after its POST: the error says the network was created, so that nobody creates it twice."""
    name = f"bad-input-{uuid.uuid4().hex[:8]}"
    proc = run("network", "create", name, "-c", "Nope")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc
    assert "No column 'Nope'" in proc.stderr and "'status'" in proc.stderr, proc.stderr
    assert "The change itself was made (POST " in proc.stderr, proc.stderr
    assert "/v2.0/networks: 201" in proc.stderr and "do not run the command again" in proc.stderr
    ident = run("network", "show", name, "-f", "value", "-c", "id").stdout.strip()
    assert ident, f"{name} was not created"
    assert run("network", "delete", ident).returncode == 0


def test_bad_os_variables_name_the_variable(localcloud, run) -> None:
    before = localcloud.requests()
    refused_unsent(localcloud, run("server", "list", OS_API_TIMEOUT="soon"), before,
                   "OS_API_TIMEOUT", "'soon'")
    refused_unsent(localcloud, run("server", "list", OS_INSECURE="maybe"), before,
                   "OS_INSECURE")
    refused_unsent(localcloud, run("server", "list", OS_IMAGE_API_VERSION="two"), before,
                   "OS_IMAGE_API_VERSION")


def test_config_error_never_echoes_a_secret(localcloud, run, tmp_path: Path) -> None:
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text("clouds:\n  broken:\n    auth:\n      auth_url: http://x/v3\n"
                      "      username: u\n      password: [hunter2-list-secret]\n")
    proc = run("--os-cloud", "broken", "server", "list", OS_CLIENT_CONFIG_FILE=str(clouds))
    assert proc.returncode == 1 and "password" in proc.stderr, proc.stderr
    assert "hunter2" not in proc.stderr + proc.stdout
    clouds.write_bytes(b"clouds: {x: {auth: {password: \xff}}}\n")
    proc = run("--os-cloud", "x", "server", "list", OS_CLIENT_CONFIG_FILE=str(clouds))
    assert proc.returncode == 1 and str(clouds) in proc.stderr, proc.stderr


def test_401_names_cloud_user_and_auth_url(localcloud, run) -> None:
    proc = run("--no-cache", "--os-password", "wrong-" + uuid.uuid4().hex, "server", "list")
    assert proc.returncode == 1, proc
    for word in ("cloud 'local'", "user 'admin'", f"auth URL {localcloud.url}/identity",
                 "HTTP 401"):
        assert word in proc.stderr, (word, proc.stderr)
    assert "wrong-" not in proc.stderr


def test_404_at_authentication_names_the_url(localcloud, run) -> None:
    bad = f"{localcloud.url}/not-keystone"
    proc = run("--no-cache", "--os-auth-url", bad, "server", "list")
    assert proc.returncode == 1, proc
    assert f"auth URL {bad}" in proc.stderr and "404" in proc.stderr, proc.stderr


def test_unknown_region_names_the_catalog(localcloud, run) -> None:
    proc = run("--os-region-name", "Atlantis", "server", "list")
    assert proc.returncode == 1, proc
    assert "'Atlantis'" in proc.stderr and "RegionOne" in proc.stderr, proc.stderr


def test_unencodable_names_are_replaced_not_an_error(localcloud, run) -> None:
    name = f"nét-☃-{uuid.uuid4().hex[:8]}"
    made = run("network", "create", name, "-f", "value", "-c", "id")
    assert made.returncode == 0, made.stderr
    try:
        listed = run("network", "list", PYTHONIOENCODING="ascii")
        assert listed.returncode == 0, listed.stderr
        assert f"n?t-?-{name[-8:]}" in listed.stdout
        shown = run("network", "show", made.stdout.strip(), "-c", "name",
                    PYTHONIOENCODING="ascii")
        assert shown.returncode == 0 and "n?t-?-" in shown.stdout, shown.stderr
    finally:
        run("network", "delete", made.stdout.strip())


def test_log_file_is_private_and_debug_hides_user_data(localcloud, run, tmp_path) -> None:
    log = tmp_path / "debug.log"
    user_data = tmp_path / "cloud-init.txt"
    payload = "#cloud-config\npassword: do-not-log-" + uuid.uuid4().hex
    user_data.write_text(payload)
    flavors = json.loads(run("flavor", "list", "-f", "json").stdout)
    images = json.loads(run("image", "list", "-f", "json").stdout)
    name = f"badinput-{uuid.uuid4().hex[:8]}"
    proc = run("--debug", "--log-file", str(log), "--os-compute-api-version", "2.37",
               "server", "create", "--flavor", flavors[0]["ID"], "--image", images[0]["ID"],
               "--nic", "none", "--user-data", str(user_data), name, "-f", "json")
    try:
        assert proc.returncode == 0, proc.stderr
        server = json.loads(proc.stdout)
        assert server["name"] == name and server["status"], server
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        import base64

        encoded = base64.b64encode(payload.encode()).decode()
        text = log.read_text()
        assert '"user_data": "<' in text and "sha256" in text
        assert encoded not in text and "do-not-log" not in text
        assert encoded not in proc.stderr
    finally:
        run("server", "delete", name)


def test_local_cloud_state_folder_is_private(localcloud) -> None:
    assert stat.S_IMODE(localcloud.state_dir.stat().st_mode) == 0o700
    for name in ("clouds.yaml", "run.json", "localcloud.db"):
        mode = stat.S_IMODE((localcloud.state_dir / name).stat().st_mode)
        assert mode & 0o077 == 0, (name, oct(mode))


def test_parsed_config_cache_holds_no_password(localcloud, run, tmp_path) -> None:
    run("server", "list")
    folder = tmp_path / "cache" / "ostack" / "config"
    cached = list(folder.glob("*.json"))
    assert cached, "the parsed clouds.yaml is cached"
    for user in ("admin", "demo"):
        secret = localcloud.password(user).encode()
        assert all(secret not in path.read_bytes() for path in cached)


# -- the SDK ----------------------------------------------------------------------------------

@pytest.fixture
def conn(localcloud, tmp_path):
    env = localcloud.environ(XDG_CACHE_HOME=str(tmp_path / "cache"))
    with ostack.connect(cloud="local", env=env) as made:
        made.session.get_token()  # authenticate now, outside the counts
        for service in ("compute", "network", "block_storage", "image", "identity"):
            # The first use of a service reads its version document (the microversion
            # negotiation), once per token lifetime; the operations' own requests are counted.
            getattr(made, service).microversion  # noqa: B018
        yield made


def test_connect_refuses_unknown_keyword(localcloud) -> None:
    with pytest.raises(TypeError, match="'pasword'.*did you mean password"):
        ostack.connect(cloud="local", env=localcloud.environ(), pasword="x")
    with pytest.raises(TypeError, match="'bogus_option'"):
        ostack.connect(cloud="local", env=localcloud.environ(), bogus_option=1)


@pytest.mark.parametrize("call", [
    lambda c: c.compute.get_server(None),
    lambda c: c.compute.get_server(""),
    lambda c: c.network.delete_network(None),
    lambda c: c.network.update_network("", name="x"),
    lambda c: c.block_storage.get_volume(None),
    lambda c: c.image.delete_image(""),
    lambda c: c.identity.get_project(None),
])
def test_empty_ids_are_refused_before_sending(localcloud, conn, call) -> None:
    before = localcloud.requests()
    with pytest.raises(exceptions.OstackError, match="ID is needed"):
        call(conn)
    assert localcloud.requests() == before


def test_bad_keywords_and_filters_fail_at_call_time(localcloud, conn) -> None:
    before = localcloud.requests()
    with pytest.raises(TypeError, match="bogus_filter"):
        conn.compute.servers(bogus_filter=1)  # not iterated: the call itself fails
    with pytest.raises(TypeError, match="bogus_filter"):
        conn.network.networks(bogus_filter=1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        conn.network.delete_network(str(uuid.uuid4()), bogus=1)
    assert localcloud.requests() == before


def test_created_server_has_name_and_status(localcloud, tmp_path) -> None:
    env = localcloud.environ(XDG_CACHE_HOME=str(tmp_path / "cache"))
    with ostack.connect(cloud="local", env=env, microversions={"compute": "2.37"}) as c:
        image = next(iter(c.image.images()))
        flavor = next(iter(c.compute.flavors()))
        name = f"badinput-{uuid.uuid4().hex[:8]}"
        server = c.compute.create_server(name=name, image=image, flavor=flavor,
                                         networks="none")
        try:
            assert server.name == name
            assert server.status in ("BUILD", "ACTIVE"), server.status
            assert server.admin_password  # only the create answer holds it: kept
        finally:
            c.compute.delete_server(server)


def test_keypair_generated_on_the_client_from_2_92(localcloud, tmp_path) -> None:
    env = localcloud.environ(XDG_CACHE_HOME=str(tmp_path / "cache"))
    name = f"badinput-{uuid.uuid4().hex[:8]}"
    with ostack.connect(cloud="local", env=env, microversions={"compute": "2.92"}) as c:
        made = c.compute.create_keypair(name=name)
        try:
            assert made.private_key.startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
            assert made.public_key.startswith("ssh-ed25519 ")
            assert c.compute.get_keypair(name).public_key.split()[:2] == \
                made.public_key.split()[:2]
        finally:
            c.compute.delete_keypair(name)
