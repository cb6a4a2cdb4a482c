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
    hub.exchange.mkdir(exist_ok=True)
    hub.exchange.chmod(0o777)  # nbgrader's documented exchange: everyone writes, nbgrader sets the rest

    machine.ensure_user(hub.grader, None)
    for person in (hub.instructor, *hub.students):
        machine.ensure_user(person, hub.logins)
        home = Path(os.path.expanduser(f"~{person}"))
        machine.write_as(person, home / PEOPLE_CONFIG[0], configs.student_page_config(), 0o644)
        machine.write_as(person, home / PEOPLE_CONFIG[1], configs.student_server_config(), 0o644)

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
    missing = [a for a in chosen if not (course / "release" / a).exists()]
    if missing:
        print(f"== generating {len(missing)} chapter(s) in the course folder (nbgrader generate_assignment)",
              flush=True)
        machine.run_as(hub.grader, [str(hub.bin / "python"), "-m", "course.grader.release", "--course",
                                    str(course), *missing], cwd=course, hub=hub)


# -- the hub process -----------------------------------------------------------------------------
def pid_file(hub: Hub) -> Path:
    return hub.hubdir / "jupyterhub.pid"


def hub_pid(hub: Hub) -> int | None:
    try:
        pid = int(pid_file(hub).read_text())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def answering(hub: Hub) -> bool:
    try:
        with urllib.request.urlopen(f"{hub.url}/hub/api", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def start(hub: Hub) -> subprocess.Popen | None:
    if hub_pid(hub):
        print(f"== the hub is already running (pid {hub_pid(hub)})")
        return None
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


def stop(hub: Hub) -> None:
    pid = hub_pid(hub)
    if pid:
        os.killpg(pid, signal.SIGTERM)
        for _ in range(150):
            try:
                os.kill(pid, 0)
            except OSError:
                break
            time.sleep(0.1)
        else:
            os.killpg(pid, signal.SIGKILL)
    pid_file(hub).unlink(missing_ok=True)
    # servers the hub could not stop (it was killed): every process of the class's accounts
    for user in hub.users:
        if machine.user_exists(user):
            machine.run(["pkill", "-TERM", "-u", user], check=False)
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
        if args.background or proc is None:
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
    for user in {*hub.users, *machine.read_logins(hub.logins)}:
        machine.remove_user(user)
    if args.keep_software:
        for part in (hub.hubdir, hub.pgdir, hub.exchange):
            shutil.rmtree(part, ignore_errors=True)
        print(f"== removed the class's users, gradebook and exchange (kept {hub.venv} and the proxy)")
    else:
        shutil.rmtree(hub.root, ignore_errors=True)
        print(f"== removed the class's users and {hub.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
