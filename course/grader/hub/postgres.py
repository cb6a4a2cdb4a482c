"""The class's PostgreSQL cluster: Debian's server binaries, a data folder of the hub's own,
127.0.0.1 only, passwords required over TCP (scram-sha-256), peer login on its private socket."""
from __future__ import annotations

import glob
import secrets
import shutil
from pathlib import Path

from . import Hub
from .machine import apt_install, run, run_as

DB, ROLE = "gradebook", "gradebook"


def bindir() -> Path:
    """The newest installed server's bin/ (Debian: /usr/lib/postgresql/<major>/bin), installing
    Debian's ``postgresql`` where there is none."""
    def found():
        dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
        return Path(dirs[-1]).parent if dirs else None
    if found() is None:
        apt_install("postgresql")
        # Debian's package makes and starts a cluster of its own ("main", port 5432), which the hub
        # does not use and `make hub-down` would never stop: drop it (it was just made, empty)
        if shutil.which("pg_dropcluster") and found() is not None:
            major = str(found()).split("/")[4]
            run(["pg_dropcluster", "--stop", major, "main"], check=False)
    where = found()
    if where is None:
        raise SystemExit("PostgreSQL's server is not installed and apt could not install it")
    return where


def data(hub: Hub) -> Path:
    return hub.pgdir / "data"


def socket_dir(hub: Hub) -> Path:
    return hub.pgdir / "run"


def password_file(hub: Hub) -> Path:
    return hub.hubdir / "gradebook-password"


def db_url(hub: Hub) -> str:
    password = password_file(hub).read_text().strip()
    return f"postgresql+psycopg2://{ROLE}:{password}@127.0.0.1:{hub.pg_port}/{DB}"


def running(hub: Hub) -> bool:
    if not (data(hub) / "PG_VERSION").exists():
        return False
    return run_as("postgres", [str(bindir() / "pg_ctl"), "-D", str(data(hub)), "status"],
                  check=False).returncode == 0


def ensure_cluster(hub: Hub) -> None:
    """initdb once (owner: the system user ``postgres``), with the gradebook's role and database."""
    pg = bindir()
    hub.pgdir.mkdir(parents=True, exist_ok=True)
    shutil.chown(hub.pgdir, "postgres", "postgres")
    hub.pgdir.chmod(0o700)
    socket_dir(hub).mkdir(exist_ok=True)
    shutil.chown(socket_dir(hub), "postgres", "postgres")
    if not (data(hub) / "PG_VERSION").exists():
        run_as("postgres", [str(pg / "initdb"), "-D", str(data(hub)), "--auth-local=peer",
                            "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8"])
    start(hub)
    # each step checks what is there, so a run stopped half-way is finished by the next one
    if not password_file(hub).exists():
        password_file(hub).write_text(secrets.token_urlsafe(24) + "\n")
        password_file(hub).chmod(0o600)
    password = password_file(hub).read_text().strip()
    verb = "ALTER" if psql(hub, f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'").strip() else "CREATE"
    psql(hub, f"{verb} ROLE {ROLE} LOGIN PASSWORD '{password}'")
    if not psql(hub, f"SELECT 1 FROM pg_database WHERE datname = '{DB}'").strip():
        psql(hub, f"CREATE DATABASE {DB} OWNER {ROLE}")


def start(hub: Hub) -> None:
    if running(hub):
        return
    options = (f"-c listen_addresses=127.0.0.1 -p {hub.pg_port} -k {socket_dir(hub)} "
               "-c max_connections=200")
    run_as("postgres", [str(bindir() / "pg_ctl"), "-D", str(data(hub)), "-l", str(hub.pgdir / "server.log"),
                        "-o", options, "-w", "start"])


def stop(hub: Hub) -> None:
    if running(hub):
        run_as("postgres", [str(bindir() / "pg_ctl"), "-D", str(data(hub)), "-m", "fast", "-w", "stop"])


def psql(hub: Hub, sql: str, db: str = "postgres") -> str:
    """Run SQL as the cluster's superuser (peer login on the private socket); rows as text. The SQL
    goes on stdin, never on the command line (which every local user can read in /proc)."""
    proc = run_as("postgres", [str(bindir() / "psql"), "-h", str(socket_dir(hub)), "-p", str(hub.pg_port),
                               "-d", db, "-v", "ON_ERROR_STOP=1", "-At", "-f", "-"], input=sql)
    return proc.stdout


__all__ = ["bindir", "db_url", "ensure_cluster", "start", "stop", "psql", "running", "run"]
