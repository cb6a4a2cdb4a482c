"""What the class hub needs of the machine: Debian packages, system users with private homes,
files owned by the right user, commands run as a user, the hub's Python environment and proxy."""
from __future__ import annotations

import hashlib
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

from . import Hub

PROJECT = Path(__file__).resolve().parents[3]


def run(cmd: list[str], check: bool = True, **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def user_env(user: str, hub: Hub | None = None) -> dict[str, str]:
    home = pwd.getpwnam(user).pw_dir
    path = "/usr/local/bin:/usr/bin:/bin"
    if hub is not None:
        path = f"{hub.bin}:{path}"  # nbgrader shells out to alembic: the venv's bin/ leads PATH
    return {"HOME": home, "USER": user, "LOGNAME": user, "PATH": path, "LANG": "C.UTF-8"}


def run_as(user: str, cmd: list[str], cwd: str | Path | None = None, hub: Hub | None = None,
           check: bool = True, input: str | None = None, timeout: float | None = None) -> subprocess.CompletedProcess:
    """``cmd`` as ``user`` (their uid, primary group, no other group), in their environment."""
    entry = pwd.getpwnam(user)
    proc = subprocess.run(cmd, cwd=str(cwd or entry.pw_dir), env=user_env(user, hub), user=entry.pw_uid,
                          group=entry.pw_gid, extra_groups=[], capture_output=True, text=True, input=input,
                          timeout=timeout, umask=0o077)
    if check and proc.returncode != 0:
        raise RuntimeError(f"as {user}: {' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
                           f"{proc.stdout}\n{proc.stderr}")
    return proc


def require_root() -> None:
    if os.geteuid() != 0:
        raise SystemExit("make hub creates system users and runs each person's server as that user: "
                         "run it as root (sudo make hub)")


def apt_install(*packages: str) -> None:
    print(f"== installing {' '.join(packages)} (Debian packages)", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", *packages], env=env)


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def accounts_file(hub: Hub) -> Path:
    return hub.root / "accounts.txt"


def created_accounts(hub: Hub) -> list[str]:
    """The accounts `make hub` created (the only ones it may change or remove)."""
    path = accounts_file(hub)
    return [ln.strip() for ln in path.read_text().splitlines() if ln.strip()] if path.exists() else []


def ensure_user(hub: Hub, name: str, logins: Path | None) -> str | None:
    """A system user with a private home; with ``logins``, a password of their own (kept there,
    root only). Returns the user's password, or None for an account nobody logs in as. An account
    that exists but was not created by `make hub` is never taken over."""
    ours = created_accounts(hub)
    if user_exists(name) and name not in ours:
        raise SystemExit(f"a user {name!r} already exists on this machine and make hub did not create it: "
                         "set HUB_USER_PREFIX (e.g. HUB_USER_PREFIX=sd-) to give the class's accounts other names")
    if not user_exists(name):
        run(["useradd", "--create-home", "--shell", "/bin/bash", name])
        accounts_file(hub).write_text("".join(f"{u}\n" for u in [*ours, name]))
        accounts_file(hub).chmod(0o600)
    home = Path(pwd.getpwnam(name).pw_dir)
    home.chmod(0o700)
    if logins is None:
        return None
    known = read_logins(logins)
    if name not in known:
        known[name] = secrets.token_urlsafe(9)
        run(["chpasswd"], input=f"{name}:{known[name]}\n")
        write_logins(logins, known)
    return known[name]


def read_logins(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split(None, 1) for line in path.read_text().splitlines() if line.strip() and not line.startswith("#"))
    return {k: v.strip() for k, v in pairs}


def write_logins(path: Path, logins: dict[str, str]) -> None:
    text = "# user  password  (make hub; root only)\n" + "".join(f"{k} {v}\n" for k, v in sorted(logins.items()))
    path.write_text(text)
    path.chmod(0o600)


def processes_of(uid: int) -> list[int]:
    """Every process whose real uid is ``uid`` (read from /proc: no procps needed)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            uid_line = next((ln for ln in status.splitlines() if ln.startswith("Uid:")), "")
            if uid_line.split()[1:2] == [str(uid)]:
                pids.append(int(entry.name))
    return pids


def processes_running_from(folder: Path) -> list[int]:
    """Every process with an argument under ``folder`` (its program, or the script an interpreter
    runs: ``node <folder>/.../configurable-http-proxy``), read from /proc."""
    prefixes = tuple({os.fsencode(f"{f}/") for f in (folder.absolute(), folder.resolve())})
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                args = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(a.startswith(prefixes) for a in args):
                pids.append(int(entry.name))
    return pids


def signal_until_gone(send, alive, waits) -> bool:
    """``send(sig)`` for each (signal, seconds) of ``waits`` in turn, waiting up to those seconds for
    ``alive()`` to turn false; True once it has."""
    for sig, wait in waits:
        send(sig)
        deadline = time.monotonic() + wait
        while alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        if not alive():
            return True
    return False


def stop_processes(listing, what: str, waits) -> None:
    """Signal every process ``listing()`` returns (read afresh for each signal), going through
    ``waits`` ((signal, seconds) pairs) until none is left; RuntimeError naming ``what`` if some stay."""

    def send(sig: int) -> None:
        for pid in listing():
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    if not signal_until_gone(send, lambda: bool(listing()), waits):
        raise RuntimeError(f"{what} would not stop: {listing()}")


def stop_processes_of(user: str, sig: int = signal.SIGTERM, wait: float = 10.0) -> None:
    """Signal every process of ``user``; after ``wait`` seconds, kill what is left, and wait for it."""
    uid = pwd.getpwnam(user).pw_uid
    stop_processes(lambda: processes_of(uid), f"processes of {user}", ((sig, wait), (signal.SIGKILL, wait)))


def remove_user(name: str) -> None:
    if user_exists(name):
        stop_processes_of(name)
        run(["userdel", "--remove", name])


def write_as(user: str, path: Path, text: str, mode: int = 0o600) -> None:
    """Write a file owned by ``user`` (its folders too, up to their home)."""
    entry = pwd.getpwnam(user)
    home = Path(entry.pw_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in [path.parent, *path.parent.parents]:
        if p == home or home not in p.parents:
            break
        os.chown(p, entry.pw_uid, entry.pw_gid)
    path.write_text(text)
    os.chown(path, entry.pw_uid, entry.pw_gid)
    path.chmod(mode)


def chown_tree(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for dirpath, dirnames, filenames in os.walk(path):
        os.chown(dirpath, entry.pw_uid, entry.pw_gid)
        for f in filenames:
            os.chown(os.path.join(dirpath, f), entry.pw_uid, entry.pw_gid)


# -- the hub's Python environment --------------------------------------------------------------
def _fingerprint(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*")
                                                      if p.is_file() and "__pycache__" not in p.parts)
        for f in files:
            h.update(str(f.relative_to(PROJECT)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def ensure_venv(hub: Hub) -> None:
    """<root>/venv with the course's requirements, JupyterHub and psycopg2, and the course package
    installed as a copy (students' servers import it; the project folder stays private)."""
    reqs = [PROJECT / "requirements.txt", PROJECT / "course" / "grader" / "hub" / "requirements.txt"]
    stamp = hub.venv / ".course-hub-installed"
    wanted = _fingerprint(reqs + [PROJECT / "pyproject.toml", PROJECT / "course"])
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"== the hub's Python environment in {hub.venv} (once; about a minute)", flush=True)
    if not (hub.bin / "python").exists():
        # Debian's Python: every user can run it (a Python under /root, as pyenv's, they cannot)
        if not os.path.exists("/usr/bin/python3") or \
                run(["/usr/bin/python3", "-c", "import ensurepip, venv"], check=False).returncode != 0:
            apt_install("python3", "python3-venv")
        run(["/usr/bin/python3", "-m", "venv", str(hub.venv)])
    pip = [str(hub.bin / "python"), "-m", "pip", "install", "-q", "--progress-bar", "off"]
    # requirements.txt ends with `-e .` (the project, linked): here the package is copied instead
    lines = [ln for ln in (PROJECT / "requirements.txt").read_text().splitlines() if not ln.strip().startswith("-e")]
    tmp = hub.root / "requirements-hub.txt"
    tmp.write_text("\n".join(lines) + "\n")
    run(pip + ["-r", str(tmp), "-r", str(reqs[1])])
    run(pip + ["--no-deps", "--force-reinstall", str(PROJECT)])
    run([str(hub.bin / "jupyter"), "labextension", "enable", "@jupyter/nbgrader"])
    for ext in ("formgrader", "assignment_list", "course_list", "validate_assignment"):
        run([str(hub.bin / "jupyter"), "server", "extension", "enable", "--sys-prefix",
             f"nbgrader.server_extensions.{ext}"], check=False)
    settings = hub.venv / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / ".jupyter" / "overrides.json", settings / "overrides.json")
    stamp.write_text(wanted)


def ensure_proxy(hub: Hub) -> None:
    if hub.proxy.exists():
        return
    print("== configurable-http-proxy (npm)", flush=True)
    prefix = hub.proxy_dir
    prefix.mkdir(parents=True, exist_ok=True)
    run(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error",
         "configurable-http-proxy@^4.6"])
