"""A class on one machine's JupyterHub, with the gradebook on PostgreSQL: ``make hub``.

    python -m course.grader.hub up            # set up (once) and run the hub in the foreground
    python -m course.grader.hub up --background
    python -m course.grader.hub down          # stop the hub and PostgreSQL
    python -m course.grader.hub status
    python -m course.grader.hub clean         # remove the users, the hub's folder and the course copy

What it builds (run as root: it creates system users), following nbgrader's own
"one class, several graders" setup (formgrader as a JupyterHub service):

- system users: ``instructor`` (a grader, member of the hub group ``formgrade-system-design``),
  ``grader-system-design`` (the course's account: it owns the course folder and runs formgrader
  as a hub service) and ``student01`` ... (``HUB_STUDENTS``, default 3); every home is private
  (0700) and every user has a password of their own (PAM, printed once and kept in
  ``<root>/hub/logins.txt``, root only);
- ``<root>/venv``: the course's packages, JupyterHub and psycopg2, the course package installed
  (not linked: the project folder, with its solutions and catalogs, stays unreadable to students);
- ``<root>/exchange``: nbgrader's exchange, world-writable as nbgrader documents; nbgrader
  itself makes ``inbound`` unlistable and names each submission with a random suffix;
- ``<root>/postgres``: a PostgreSQL cluster of its own (Debian's ``postgresql``, port 5433,
  127.0.0.1 only), started and stopped with the hub; the gradebook's password is only in the
  course account's private config;
- ``/home/grader-system-design/system-design``: the course folder (``source/`` and the course's
  ``nbgrader_config.py`` with the PostgreSQL ``db_url``); each chapter generated there with
  ``python -m course.grader.release --course`` so the gradebook knows it;
- ``<root>/proxy``: ``configurable-http-proxy`` from npm; JupyterHub on http://127.0.0.1:8010.

Settings come from the environment: ``HUB_ROOT`` (default ``/srv/system-design-hub``),
``HUB_PORT`` (8010; the next three ports too), ``HUB_PG_PORT`` (5433), ``HUB_STUDENTS`` (3),
``HUB_ASSIGNMENTS`` (default: every chapter), ``HUB_USER_PREFIX`` (none; ``make test-hub`` uses
``hubtest-`` so that its 32 accounts never touch a class's).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

COURSE_ID = "system-design"


@dataclass(frozen=True)
class Hub:
    root: Path
    port: int = 8010
    students: tuple[str, ...] = ()
    assignments: tuple[str, ...] = ()
    course_id: str = COURSE_ID
    prefix: str = ""
    pg_port: int = 5433

    # -- ports: the hub's public one, then its API, the proxy's API, the formgrader service
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def hub_api_port(self) -> int:
        return self.port + 1

    @property
    def proxy_api_port(self) -> int:
        return self.port + 2

    @property
    def service_port(self) -> int:
        return self.port + 3

    # -- accounts
    @property
    def instructor(self) -> str:
        return f"{self.prefix}instructor"

    @property
    def grader(self) -> str:
        return f"{self.prefix}grader-{self.course_id}"

    @property
    def users(self) -> tuple[str, ...]:
        return (self.instructor, self.grader, *self.students)

    # -- folders
    @property
    def venv(self) -> Path:
        return self.root / "venv"

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def hubdir(self) -> Path:
        return self.root / "hub"

    @property
    def pgdir(self) -> Path:
        return self.root / "postgres"

    @property
    def proxy_dir(self) -> Path:
        return self.root / "proxy"

    @property
    def proxy(self) -> Path:
        return self.proxy_dir / "node_modules" / ".bin" / "configurable-http-proxy"

    @property
    def course_dir(self) -> Path:
        return Path("/home") / self.grader / self.course_id

    @property
    def logins(self) -> Path:
        return self.hubdir / "logins.txt"

    @property
    def admin_token_file(self) -> Path:
        return self.hubdir / "admin-token"


def from_environment() -> Hub:
    n = int(os.environ.get("HUB_STUDENTS", "3"))
    prefix = os.environ.get("HUB_USER_PREFIX", "")
    chosen = tuple(a for a in os.environ.get("HUB_ASSIGNMENTS", "").split() if a)
    return Hub(root=Path(os.environ.get("HUB_ROOT", "/srv/system-design-hub")),
               port=int(os.environ.get("HUB_PORT", "8010")),
               pg_port=int(os.environ.get("HUB_PG_PORT", "5433")),
               students=tuple(f"{prefix}student{i:02d}" for i in range(1, n + 1)),
               assignments=chosen, prefix=prefix)
