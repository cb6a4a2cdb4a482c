"""``python -m course.grader.hub up|down|status|clean`` (see ``course/grader/hub/__init__.py``)."""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from . import Hub, configs, from_environment, machine, postgres

PEOPLE_CONFIG = (".jupyter/labconfig/page_config.json", ".jupyter/jupyter_server_config.json")


def setup(hub: Hub) -> dict[str, str]:
    """Everything the hub needs, idempotent; returns the logins (user -> password)."""
    machine.require_root()
    t0 = time.monotonic()
    hub.root.mkdir(parents=True, exist_ok=True)
    hub.root.chmod(0o755)
    hub.hubdir.mkdir(exist_ok=True)
    hub.hubdir.chmod(0o700)
    machine.ensure_proxy(hub)
    machine.ensure_venv(hub)
    etc = hub.venv / "etc" / "jupyter"
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "nbgrader_config.py").write_text(configs.global_nbgrader_config(hub))
    machine.ensure_user(hub, hub.grader, None)
    for person in (hub.instructor, *hub.students):
        machine.ensure_user(hub, person, hub.logins)
        home = Path(os.path.expanduser(f"~{person}"))
        machine.write_as(person, home / PEOPLE_CONFIG[0], configs.student_page_config(), 0o644)
        machine.write_as(person, home / PEOPLE_CONFIG[1], configs.student_server_config(), 0o644)
    ensure_exchange(hub)
    protect_project(hub)

    postgres.ensure_cluster(hub)
    postgres.start(hub)
    ensure_course(hub)
    token_file = hub.admin_token_file
    if not token_file.exists():
        token_file.write_text(secrets.token_hex(32) + "\n")
        token_file.chmod(0o600)
    (hub.hubdir / "jupyterhub_config.py").write_text(
        configs.jupyterhub_config(hub, token_file.read_text().strip()))
    print(f"== the class hub is set up in {hub.root} ({time.monotonic() - t0:.0f} s)", flush=True)
    return machine.read_logins(hub.logins)


def ensure_exchange(hub: Hub) -> None:
    """nbgrader's exchange, world-writable as nbgrader documents, plus the sticky bit (nobody renames
    or removes what another user made: without it a student could move the course's folder away
    and put their own in its place), and the course's folders made now, owned by the course
    account, with nbgrader's modes (inbound also sticky: a submission can be removed only by the
    student who made it)."""
    hub.exchange.mkdir(exist_ok=True)
    hub.exchange.chmod(0o1777)
    course = hub.exchange / hub.course_id
    for path, mode in ((course, 0o755), (course / "outbound", 0o755), (course / "inbound", 0o3733),
                       (course / "feedback", 0o711)):
        path.mkdir(exist_ok=True)
        shutil.chown(path, hub.grader, hub.grader)
        path.chmod(mode)


def protect_project(hub: Hub) -> None:
    """The project folder holds every solution, hidden test and catalog: no student may read it.
    The hub runs on a copy of the package; if a student could enter the project, close it to others."""
    probe = [str(hub.bin / "python"), "-c", f"import os; os.listdir({str(machine.PROJECT / 'source')!r})"]
    if machine.run_as(hub.students[0], probe, cwd="/", check=False).returncode == 0:
        mode = machine.PROJECT.stat().st_mode & 0o7777
        machine.PROJECT.chmod(mode & ~0o007)
        print(f"== {machine.PROJECT} was readable by every user (solutions, hidden tests): "
              f"now mode {oct(mode & ~0o007)[2:]} (others may not enter)", flush=True)


def gradebook_assignments(hub: Hub) -> set[str]:
    """The assignments the course's gradebook knows (none before the first generation)."""
    exists = postgres.psql(hub, "SELECT to_regclass('public.assignment') IS NOT NULL", db=postgres.DB).strip()
    if exists != "t":
        return set()
    return set(postgres.psql(hub, "SELECT name FROM assignment", db=postgres.DB).split())


def ensure_course(hub: Hub) -> None:
    """The course folder, owned by the course account: source/, the course's config with the
    PostgreSQL gradebook, and each chosen chapter generated (so the gradebook knows it)."""
    course = hub.course_dir
    chosen = list(hub.assignments) or sorted(p.name for p in (machine.PROJECT / "source").iterdir()
                                             if p.is_dir() and not p.name.startswith("."))
    home = course.parent
    for a in chosen:
        if not (course / "source" / a).exists():
            shutil.copytree(machine.PROJECT / "source" / a, course / "source" / a,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    config = configs.course_nbgrader_config((machine.PROJECT / "nbgrader_config.py").read_text(), hub,
                                            postgres.db_url(hub))
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(config)
    machine.chown_tree(course, hub.grader)
    course.chmod(0o700)
    (course / "nbgrader_config.py").chmod(0o600)
    machine.write_as(hub.grader, home / ".jupyter" / "nbgrader_config.py", configs.account_nbgrader_config(hub))
    known = gradebook_assignments(hub)
    missing = [a for a in chosen if a not in known or not (course / "release" / a).exists()]
    if missing:
        print(f"== generating {len(missing)} chapter(s) in the course folder (nbgrader generate_assignment)",
              flush=True)
        machine.run_as(hub.grader, [str(hub.bin / "python"), "-m", "course.grader.release", "--course",
                                    str(course), *missing], cwd=course, hub=hub)


# -- the hub process -----------------------------------------------------------------------------
def pid_file(hub: Hub) -> Path:
    return hub.hubdir / "jupyterhub.pid"


def hub_pid(hub: Hub) -> int | None:
    """The running hub's pid (its process group too), checked against /proc: a stale pid file after a
    reboot names some other process."""
    try:
        pid = int(pid_file(hub).read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    return pid if any(part.endswith(b"/jupyterhub") for part in cmdline) else None


def answering(hub: Hub) -> bool:
    try:
        with urllib.request.urlopen(f"{hub.url}/hub/api", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def start(hub: Hub) -> subprocess.Popen:
    if hub_pid(hub):  # a second `up`: the configuration may have changed (new students), restart
        print(f"== the hub is already running (pid {hub_pid(hub)}): restarting it with the new configuration")
        stop_hub(hub)                     # (which stops its proxy too)
    else:
        stop_proxy(hub)  # one a killed hub left behind would hold the ports
    log = open(hub.hubdir / "jupyterhub.log", "ab")
    env = {"PATH": f"{hub.bin}:/usr/local/bin:/usr/bin:/bin", "HOME": str(hub.hubdir), "LANG": "C.UTF-8"}
    proc = subprocess.Popen([str(hub.bin / "jupyterhub"), "-f", str(hub.hubdir / "jupyterhub_config.py")],
                            cwd=hub.hubdir, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    pid_file(hub).write_text(str(proc.pid))
    deadline = time.monotonic() + 90
    while not answering(hub):
        if proc.poll() is not None or time.monotonic() > deadline:
            tail = (hub.hubdir / "jupyterhub.log").read_text(errors="replace")[-3000:]
            stop(hub)
            raise SystemExit(f"JupyterHub did not start; the end of its log:\n{tail}")
        time.sleep(0.5)
    return proc


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def stop_hub(hub: Hub) -> None:
    """Stop JupyterHub and its proxy (the hub's process group, even if the hub itself has died),
    then whatever the class's accounts still run (servers the hub could not stop)."""
    try:
        pgid = int(pid_file(hub).read_text())
    except (OSError, ValueError):
        pgid = None
    if pgid and (hub_pid(hub) or _group_alive(pgid)):
        def send(sig: int) -> None:
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                pass  # the group is gone: signal_until_gone sees it at once

        machine.signal_until_gone(send, lambda: _group_alive(pgid), ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)))
    pid_file(hub).unlink(missing_ok=True)
    stop_proxy(hub)
    for user in machine.created_accounts(hub):
        if machine.user_exists(user):
            machine.stop_processes_of(user)


def stop_proxy(hub: Hub) -> None:
    """Stop the hub's configurable-http-proxy. JupyterHub starts it in a session of its own, so that
    it outlives a hub restart, and stops it only on a clean exit; a hub that was killed, or whose
    folder (with the proxy's pid file) was removed, leaves it holding the hub's ports, and the next
    `up` could not start. Any process run from the hub's proxy folder is that proxy."""
    folder = hub.proxy_dir
    machine.stop_processes(lambda: machine.processes_running_from(folder), "the hub's proxy",
                           ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)))


def stop(hub: Hub) -> None:
    stop_hub(hub)
    if (hub.pgdir / "data").exists():
        postgres.stop(hub)


def banner(hub: Hub, logins: dict[str, str]) -> str:
    width = max(len(u) for u in logins) if logins else 10
    lines = [f"The class hub is up: {hub.url}  (127.0.0.1 only; from elsewhere: ssh -L {hub.port}:127.0.0.1:"
             f"{hub.port} this-machine)", "Log in as:"]
    for user in (hub.instructor, *hub.students):
        if user in logins:
            role = "instructor: Nbgrader > Courses, or formgrader at " \
                   f"{hub.url}/services/{hub.course_id}/formgrader" if user == hub.instructor else "student"
            lines.append(f"  {user:<{width}}  {logins[user]}   ({role})")
    lines.append(f"Passwords are kept in {hub.logins} (root only). Gradebook: PostgreSQL on 127.0.0.1:{hub.pg_port}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.grader.hub", description=__doc__)
    parser.add_argument("command", choices=["up", "down", "status", "clean"])
    parser.add_argument("--background", action="store_true", help="up: return once the hub answers")
    parser.add_argument("--keep-software", action="store_true",
                        help="clean: keep the hub's Python environment and proxy (the next `up` is faster)")
    args = parser.parse_args(argv)
    hub = from_environment()
    if args.command == "up":
        logins = setup(hub)
        proc = start(hub)
        print(banner(hub, logins), flush=True)
        if args.background:
            print("Stop it with: make hub-down")
            return 0
        print("Stop it with Ctrl+C.", flush=True)
        try:
            proc.wait()
        except KeyboardInterrupt:
            pass
        finally:
            stop(hub)
        return 0
    if args.command == "down":
        machine.require_root()
        stop(hub)
        print("== the class hub and its PostgreSQL are stopped")
        return 0
    if args.command == "status":
        print(f"hub: {'running, ' + hub.url if answering(hub) else 'stopped'}; "
              f"PostgreSQL: {'running' if postgres.running(hub) else 'stopped'}")
        return 0
    machine.require_root()
    stop(hub)
    for user in machine.created_accounts(hub):
        machine.remove_user(user)
    if args.keep_software:
        for part in (hub.hubdir, hub.pgdir, hub.exchange):
            shutil.rmtree(part, ignore_errors=True)
        machine.accounts_file(hub).unlink(missing_ok=True)
        print(f"== removed the class's users, gradebook and exchange (kept {hub.venv} and the proxy)")
    else:
        shutil.rmtree(hub.root, ignore_errors=True)
        print(f"== removed the class's users and {hub.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
