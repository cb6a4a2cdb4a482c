"""The class-hub lane (`make test-hub`): a real JupyterHub with system users and PostgreSQL.

It runs only when COURSE_HUB=1 (make test-hub sets it, with its own root, ports and a `hubtest-`
user prefix) and as root: it creates and removes system users. The hub is set up once for the
module and taken down at the end (users, gradebook and exchange removed; the hub's Python
environment kept, so a second run is faster).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from course.grader.hub import Hub, from_environment  # noqa: E402


def pytest_collection_modifyitems(config, items):
    if os.environ.get("COURSE_HUB") == "1" and os.geteuid() == 0:
        return
    why = "the class-hub lane: `make test-hub` (as root)" if os.environ.get("COURSE_HUB") == "1" else \
        "the class-hub lane runs with `make test-hub`"
    for item in items:
        if "tests/hub/" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=why))


def hub_cli(*args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "course.grader.hub", *args], cwd=REPO,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"hub {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def hub() -> Hub:
    h = from_environment()
    t0 = time.monotonic()
    out = hub_cli("up", "--background").stdout
    print(out)
    print(f"hub up in {time.monotonic() - t0:.0f} s")
    try:
        yield h
    finally:
        if os.environ.get("HUB_KEEP") == "1":  # to look around after a failure: make hub-clean later
            hub_cli("down")
        else:
            hub_cli("clean", "--keep-software")


class HubClient:
    """The Hub's REST API with the class-admin service's token, and people's own tokens."""

    def __init__(self, hub: Hub):
        self.hub = hub
        self.admin = hub.admin_token_file.read_text().strip()

    def api(self, method: str, path: str, token: str | None = None, **kw) -> requests.Response:
        return requests.request(method, f"{self.hub.url}/hub/api{path}", timeout=60,
                                headers={"Authorization": f"token {token or self.admin}"}, **kw)

    def token_for(self, user: str) -> str:
        r = self.api("POST", f"/users/{user}/tokens", json={"note": "make test-hub", "expires_in": 3600})
        r.raise_for_status()
        return r.json()["token"]

    def start_server(self, user: str) -> None:
        r = self.api("POST", f"/users/{user}/server")
        assert r.status_code in (201, 202), r.text
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            model = self.api("GET", f"/users/{user}").json()
            if model.get("servers", {}).get("", {}).get("ready"):
                return
            time.sleep(0.5)
        raise AssertionError(f"{user}'s server did not start")

    def get(self, path: str, token: str, **kw) -> requests.Response:
        return requests.get(f"{self.hub.url}{path}", timeout=120, allow_redirects=False,
                            headers={"Authorization": f"token {token}"}, **kw)

    def post(self, path: str, token: str, **kw) -> requests.Response:
        return requests.post(f"{self.hub.url}{path}", timeout=300, allow_redirects=False,
                             headers={"Authorization": f"token {token}"}, **kw)


@pytest.fixture(scope="session")
def client(hub) -> HubClient:
    return HubClient(hub)
