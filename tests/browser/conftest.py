"""The browser lane (`make test-browser`): the course opened in a real Chromium, the way a person does.

Collected only when asked (COURSE_BROWSER=1, which `make test-browser` sets), so `pytest tests`
and `make test` never start a browser. Each session starts its own JupyterLab server(s) on
127.0.0.1 (free port, random token) exactly as `make lab` / `make lab-instructor` configure them,
on a temporary copy of the chapters, and stops them afterwards.

Environment: COURSE_CHROMIUM (default /usr/bin/chromium, Debian's package; see install.sh),
COURSE_BROWSER_ARTIFACTS (default browser-artifacts/: screenshots and server logs, kept by CI).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENABLED = os.environ.get("COURSE_BROWSER") == "1"

if not ENABLED:
    # `pytest tests` (make test) never collects the browser lane.
    collect_ignore_glob = ["test_*.py"]

ARTIFACTS = Path(os.environ.get("COURSE_BROWSER_ARTIFACTS", REPO / "browser-artifacts")).resolve()
CHROMIUM = os.environ.get("COURSE_CHROMIUM") or next(
    (b for b in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(b)), "/usr/bin/chromium")
BIN = Path(sys.executable).parent


@dataclass
class Server:
    url: str            # http://127.0.0.1:PORT
    token: str
    root: Path          # the server's root_dir
    log: Path
    proc: subprocess.Popen

    def lab_url(self, path: str = "") -> str:
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}" if path else f"{self.url}/lab?reset&token={self.token}"

    def api(self, method: str, path: str):
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
        import json
        return json.loads(body) if body else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_this_process() -> None:
    """In the server's child: SIGTERM it when the test process dies, however it dies (Linux)."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_server(mode: str, root: Path, state: Path, name: str, extra: tuple[str, ...] = ()) -> Server:
    """`jupyter lab` as `make lab` (mode=student) or `make lab-instructor` (mode=instructor) runs it."""
    import secrets

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / f"server-{name}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_PATH=str(REPO / ".jupyter" / mode),
        # this session's own lab state: no user settings, workspaces or runtime files shared with anyone
        JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(state / "runtime"),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    env.pop("NBGRADER_EXECUTION", None)
    last = None
    for _ in range(3):  # a free port can be taken between the probe and the bind: try another
        port, token = _free_port(), secrets.token_hex(24)
        cmd = [str(BIN / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", *extra]
        if os.getuid() == 0:
            cmd.append("--allow-root")
        fh = open(log, "ab")
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True,
                                preexec_fn=_die_with_this_process if sys.platform == "linux" else None)
        server = Server(f"http://127.0.0.1:{port}", token, root, log, proc)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                server.api("GET", "/api/status")
                return server
            except Exception as exc:  # not listening yet
                last = exc
                time.sleep(0.5)
        stop_server(server)
    raise RuntimeError(f"jupyter lab ({mode}) did not start: {last}; see {log}")


def stop_server(server: Server) -> None:
    if server.proc.poll() is None:
        try:
            os.killpg(server.proc.pid, signal.SIGTERM)  # its own session: the server and its kernels
        except ProcessLookupError:
            pass
        try:
            server.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait(10)


@pytest.fixture(scope="session")
def tmp_course():
    d = Path(tempfile.mkdtemp(prefix="course-browser-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def student_server(tmp_course):
    """`make lab`: the student's copy of release/ (here a temporary work dir), .jupyter/student."""
    work = tmp_course / "work"
    shutil.copytree(REPO / "release", work)
    server = start_server("student", work, tmp_course / "student-state", "student")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def instructor_server(tmp_course):
    """`make lab-instructor`: .jupyter/instructor on the course root (here a temporary copy of what
    formgrader reads: nbgrader_config.py, source/, release/, gradebook.db), so the checkout is untouched."""
    root = tmp_course / "course"
    root.mkdir()
    for name in ("source", "release"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "nbgrader_config.py", root)
    if (REPO / "gradebook.db").exists():
        shutil.copy2(REPO / "gradebook.db", root)
    # nbgrader's exchange (default /srv/nbgrader/exchange, created when it can be) goes to the temporary
    # dir too: the lane writes nothing outside it
    exchange = tmp_course / "exchange"
    exchange.mkdir()
    server = start_server("instructor", root, tmp_course / "instructor-state", "instructor",
                          (f"--Exchange.root={exchange}",))
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"no Chromium at {CHROMIUM}: run tests/browser/install.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              # no background traffic: this machine's network is closed, and each
                              # refused connection costs CPU the chapters need
                              args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                                    "--disable-background-networking", "--disable-component-update",
                                    "--disable-sync", "--disable-quic", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    pg = context.new_page()
    yield pg
    context.close()
