"""Fixtures of the dashboard's browser tests: the dashboard served against the session's local
cloud (a real subprocess, `ostack dashboard`), a headless Chromium driven by Playwright, pages
logged in as the admin or as a member, and screenshots kept under .cache/artifacts/dashboard/.

Chromium is Debian's package (/usr/bin/chromium, installed by scripts/bootstrap when run as
root): browser builds cannot be downloaded here. Without it these tests fail and say so.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.support.localcloud import ROOT, LocalCloud

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / ".cache" / "artifacts" / "dashboard"
START_TIMEOUT = 20.0
#: How long a page may take to show what a test waits for (polls, htmx swaps).
WAIT_MS = 15_000


@dataclass
class Dashboard:
    """A running `ostack dashboard`: its URL and process."""

    url: str
    process: subprocess.Popen[bytes]
    cloud: LocalCloud

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_dashboard(cloud: LocalCloud, log: Path) -> Dashboard:
    """`ostack dashboard --port 0 --cloud local` against `cloud`; its URL from its first line."""
    env = cloud.environ(PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    errors = open(log, "ab")  # noqa: SIM115 - handed to the child
    process = subprocess.Popen(
        [sys.executable, "-m", "ostack.cli.app", "dashboard", "--port", "0", "--cloud", "local"],
        stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL, env=env)
    errors.close()
    deadline = time.monotonic() + START_TIMEOUT
    line = b""
    assert process.stdout is not None
    while time.monotonic() < deadline and not line.endswith(b"\n"):
        if process.poll() is not None:
            raise RuntimeError(f"ostack dashboard exited with {process.returncode}:\n"
                               f"{log.read_text()[-3000:]}")
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        if ready:
            line += process.stdout.read1(4096)  # type: ignore[attr-defined]
    text = line.decode()
    if "http://" not in text:
        process.kill()
        process.wait()
        raise RuntimeError(f"ostack dashboard printed no URL within {START_TIMEOUT}s: {text!r}\n"
                           f"{log.read_text()[-3000:]}")
    url = text[text.index("http://"):].split()[0].rstrip("/")
    return Dashboard(url, process, cloud)


@pytest.fixture(scope="session")
def dashboard(localcloud: LocalCloud, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[Dashboard]:
    """The dashboard served against the session's local cloud (stopped by its pid)."""
    server = start_dashboard(localcloud, tmp_path_factory.mktemp("dashboard") / "server.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium (Debian's) driven by Playwright; one per test module, because
    Playwright's sync API keeps an event loop running in this thread while it lives, and the
    async SDK tests that the same worker runs next need none running."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: the dashboard's browser tests need Debian's "
                    "chromium package; run ./scripts/bootstrap as root (it runs "
                    "'apt-get install -y chromium') or install it by hand", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]' "
                    "(./scripts/bootstrap does it)", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


def login(page: Any, dashboard: Dashboard, user: str = "admin") -> Any:
    """Log `page` in with the login form (domain Default, the user's password and project)."""
    page.goto(dashboard.url + "/login")
    page.select_option("select[name=cloud]", "local")
    page.fill("#username", user)
    page.fill("#password", dashboard.cloud.password(user))
    page.fill("#project", "admin" if user == "admin" else "demo")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=logout]", timeout=WAIT_MS)
    return page


def _page(browser: Any, dashboard: Dashboard, user: str,
          viewport: dict[str, int] | None = None) -> Iterator[Any]:
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield login(page, dashboard, user)
        assert not errors, f"JavaScript errors on the page: {errors}"
    finally:
        context.close()


@pytest.fixture
def admin_page(browser: Any, dashboard: Dashboard) -> Iterator[Any]:
    """A 1280x800 page logged in as the cloud's admin (project admin)."""
    yield from _page(browser, dashboard, "admin")


@pytest.fixture
def member_page(browser: Any, dashboard: Dashboard) -> Iterator[Any]:
    """A 1280x800 page logged in as `demo`, a member of project demo."""
    yield from _page(browser, dashboard, "demo")


@pytest.fixture
def phone_page(browser: Any, dashboard: Dashboard) -> Iterator[Any]:
    """A phone-sized (390x844) page logged in as `demo`."""
    yield from _page(browser, dashboard, "demo", {"width": 390, "height": 844})


@pytest.fixture
def page_as(browser: Any) -> Iterator[Callable[[Dashboard, str], Any]]:
    """`page_as(dashboard, user)`: a 1280x800 page logged in now (after the test's own set-up,
    e.g. a role given, or on a dashboard of another cloud); closed at the end."""
    opened: list[Iterator[Any]] = []

    def open_page(server: Dashboard, user: str = "demo") -> Any:
        pages = _page(browser, server, user)
        opened.append(pages)
        return next(pages)

    try:
        yield open_page
    finally:
        for pages in opened:
            next(pages, None)  # the JavaScript-error check and the context's close


@pytest.fixture
def dashboard_of(tmp_path: Path) -> Iterator[Callable[[LocalCloud], Dashboard]]:
    """`dashboard_of(cloud)`: a dashboard of its own served against another local cloud."""
    started: list[Dashboard] = []

    def start(cloud: LocalCloud) -> Dashboard:
        started.append(start_dashboard(cloud, tmp_path / f"dashboard{len(started)}.log"))
        return started[-1]

    try:
        yield start
    finally:
        for server in started:
            server.stop()


@pytest.fixture(scope="session")
def screenshot() -> Callable[[Any, str], Path]:
    """`screenshot(page, name)`: a full-page PNG kept as .cache/artifacts/dashboard/NAME.png
    (the CI artifacts: overview, instances and an instance, each launch wizard step,
    topology, images, volumes, snapshots and backups, networks, routers, ports, floating IPs,
    security groups, key pairs, containers, identity admin, the switchers, the login form,
    and phone-sized instances, wizard, topology and containers)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 1000, f"empty screenshot {path}"
        return path

    return take


@pytest.fixture
def unique() -> str:
    """A short suffix for names, unique in the session's shared cloud."""
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="session")
def sdk_as() -> Callable[[LocalCloud, str], Any]:
    """`sdk_as(cloud, user)`: a sync ostack connection as the admin or as demo, for set-ups
    that belong to other pages (a volume, a router) and for checks behind the browser's back."""
    import ostack

    def connect(cloud: LocalCloud, user: str = "admin") -> Any:
        name = "local" if user == "admin" else "local-demo"
        env = {k: v for k, v in cloud.environ().items()}
        return ostack.connect(cloud=name, env=env, cache=False)

    return connect
