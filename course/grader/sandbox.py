"""Start the student's process: sandboxed with bubblewrap, or (for the suite) forked fast.

Three ways, one interface (:class:`StudentProcess`: a socket to the agent, a pid
whose CPU time the grader can read, and ``kill()``):

- :func:`start_sandboxed` (grading): ``bwrap`` with new PID, network, IPC and
  UTS namespaces; the student's process runs as the unprivileged user 65534
  (``nobody``: dropped with ``setpriv`` when grading runs as root; a user
  namespace maps it otherwise); it sees ``/usr``, the Python installation, the
  virtual environment and ``course/runtime`` read-only, a private ``/tmp`` as
  its only writable place, and the grader's Redis sockets; nothing of
  ``source/``, ``release/``, ``submitted/``, ``autograded/``, ``feedback/``,
  the gradebook or the exchange. rlimits cap memory, processes, open files,
  file size and CPU time. Killing it kills the PID namespace: every process the
  student started dies with it.
- :func:`start_unsandboxed` (only with the instructor's explicit unsafe flag,
  where bubblewrap cannot run): the same agent in a plain subprocess.
- :func:`start_forked` (the test suite's catalogs and mutants, never student
  work): a child of a pre-warmed fork server, ~10 ms instead of ~150 ms.
"""
from __future__ import annotations

import atexit
import functools
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import course

COURSE_DIR = Path(course.__file__).resolve().parent
NOBODY = 65534
UNSAFE_ENV = "COURSE_GRADER_UNSAFE"

# rlimits of the student's process (soft = hard)
LIMITS = {
    "RLIMIT_AS": 3 * 1024 ** 3,        # address space: 3 GiB
    "RLIMIT_NPROC": 512,               # processes and threads of the sandbox user
    "RLIMIT_NOFILE": 256,
    "RLIMIT_FSIZE": 64 * 1024 ** 2,    # no file bigger than 64 MiB
    "RLIMIT_CPU": 600,                 # seconds of CPU (the wall-clock budget stops it far sooner)
    "RLIMIT_CORE": 0,
}
TMP_SIZE = 256 * 1024 ** 2             # the private /tmp
STDERR_KEEP = 64 * 1024                # bytes of the process's own stderr kept for diagnosis


class SandboxUnavailable(RuntimeError):
    """bubblewrap cannot run here (not installed, or no namespaces)."""


@dataclass
class StudentProcess:
    sock: socket.socket
    pid: int                    # the agent's pid as the grader sees it (for CPU time)
    popen: subprocess.Popen | None = None
    kind: str = "sandbox"
    stderr_tail: bytearray = field(default_factory=bytearray)
    _killed: bool = False

    def cpu_seconds(self) -> float:
        """CPU time the agent's process has used, read from outside (/proc), in seconds."""
        total = 0.0
        for pid in _descendants(self.pid):
            try:
                with open(f"/proc/{pid}/schedstat") as f:
                    total += int(f.read().split()[0]) / 1e9
            except (OSError, ValueError, IndexError):
                pass
        return total

    def alive(self) -> bool:
        if self.popen is not None:
            return self.popen.poll() is None
        try:
            os.kill(self.pid, 0)
            return True
        except OSError:
            return False

    def kill(self) -> None:
        if self._killed:
            return
        self._killed = True
        try:
            self.sock.close()
        except OSError:
            pass
        if self.popen is not None:
            try:
                self.popen.kill()            # bwrap: its PID namespace dies with it
            except OSError:
                pass
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        else:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            _reap(self.pid)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except (ChildProcessError, OSError):
        pass


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            pass
    return out


def _limits() -> None:
    for name, value in LIMITS.items():
        try:
            resource.setrlimit(getattr(resource, name), (value, value))
        except (ValueError, OSError):
            pass


def _drain(stream, keep: bytearray) -> None:
    try:
        while True:
            chunk = stream.read(65536)
            if not chunk:
                break
            if len(keep) < STDERR_KEEP:
                keep += chunk[: STDERR_KEEP - len(keep)]
    except (OSError, ValueError):
        pass
    finally:
        try:
            stream.close()          # (its descriptor goes now, not when the Popen is garbage)
        except (OSError, ValueError):
            pass


# -- bubblewrap ---------------------------------------------------------------------------------
def _dirs_to(path: Path) -> list[str]:
    """--dir arguments (mode 0755) for every parent of ``path``, so user 65534 can walk to it."""
    args = []
    for parent in reversed(path.parents):
        if str(parent) in ("/",):
            continue
        args += ["--perms", "0755", "--dir", str(parent)]
    return args


def _ro(path: Path) -> list[str]:
    return _dirs_to(path) + ["--ro-bind", str(path), str(path)]


def bwrap_command(python: str, socket_dirs: list[Path], fd: int, info_fd: int) -> list[str]:
    bwrap = shutil.which("bwrap")
    if not bwrap:
        raise SandboxUnavailable("bubblewrap is not installed (Debian: apt-get install bubblewrap)")
    cmd = [bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
           "--die-with-parent", "--new-session", "--info-fd", str(info_fd)]
    root = os.geteuid() == 0
    if not root:
        cmd += ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY)]
    cmd += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib32", "lib64", "sbin", "libx32"):
        p = Path("/") / name
        if p.is_symlink():
            cmd += ["--symlink", os.readlink(p), f"/{name}"]
        elif p.is_dir():
            cmd += ["--ro-bind", str(p), str(p)]
    for etc in ("/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf"):
        if os.path.exists(etc):
            cmd += ["--ro-bind", etc, etc]
    cmd += ["--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", str(TMP_SIZE), "--tmpfs", "/tmp"]
    mounted: set[str] = {"/usr"}
    for path in {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(),
                 Path(os.path.realpath(python)).parent.parent}:
        if not any(str(path).startswith(m + "/") or str(path) == m for m in mounted):
            cmd += _ro(path)
            mounted.add(str(path))
    # the course: only the runtime, read-only
    cmd += _ro(COURSE_DIR / "__init__.py") + _ro(COURSE_DIR / "runtime")
    for d in socket_dirs:
        cmd += _ro(Path(d))
    cmd += ["--chdir", "/tmp"]
    if root:
        cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--",
                shutil.which("setpriv") or "/usr/bin/setpriv",
                f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
    else:
        cmd += ["--"]
    cmd += [python, "-s", "-B", "-m", "course.runtime.agent", str(fd)]
    return cmd


def _student_env(extra: dict | None = None) -> dict:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
           "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "agg", "NBGRADER_EXECUTION": "autograde",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    env.update(extra or {})
    return env


@functools.lru_cache(maxsize=None)
def sandbox_problem() -> str | None:
    """None if bubblewrap can start a sandbox here; else why not."""
    try:
        proc = start_sandboxed([])
    except SandboxUnavailable as exc:
        return str(exc)
    except OSError as exc:
        return f"bubblewrap failed to start: {exc}"
    try:
        from course.runtime import wire
        channel = wire.Channel(proc.sock)
        proc.sock.settimeout(30)
        channel.send({"s": 0, "op": "ping"})
        reply = channel.recv()
        if not reply or reply.get("op") != "ret":
            return "the sandboxed process did not answer: " + bytes(proc.stderr_tail).decode(errors="replace")[-500:]
        return None
    except (OSError, ValueError) as exc:
        return f"the sandboxed process did not answer ({exc}): " + bytes(proc.stderr_tail).decode(errors="replace")[-500:]
    finally:
        proc.kill()


@functools.lru_cache(maxsize=None)
def precompile() -> None:
    """Write the course's bytecode (``__pycache__``) where it is missing or stale, once per process.

    Every student process imports the runtime afresh. Without bytecode it compiles each module
    from source: about 40 ms a notebook on the 2-core machine (start and imports of chapter 12:
    185 ms, 145 ms with bytecode). Environments that set ``PYTHONDONTWRITEBYTECODE`` never write
    it by importing; ``compileall`` writes it regardless. Python compares each file's source time
    with its bytecode's, so stale bytecode is never run. A read-only course is left as it is."""
    import compileall

    try:
        compileall.compile_dir(str(COURSE_DIR), quiet=2)
    except OSError:
        pass


def start_sandboxed(socket_dirs: list[Path]) -> StudentProcess:
    precompile()
    parent, child = socket.socketpair()
    info_r, info_w = os.pipe()
    try:
        cmd = bwrap_command(sys.executable, socket_dirs, child.fileno(), info_w)
        popen = subprocess.Popen(cmd, pass_fds=(child.fileno(), info_w), stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_student_env(),
                                 preexec_fn=_limits, close_fds=True)
    except FileNotFoundError as exc:
        parent.close()
        raise SandboxUnavailable(str(exc)) from None
    finally:
        child.close()
        os.close(info_w)
    proc = StudentProcess(parent, popen.pid, popen, "sandbox")
    threading.Thread(target=_drain, args=(popen.stderr, proc.stderr_tail), daemon=True).start()
    with os.fdopen(info_r, "rb") as info:
        data = info.read()
    try:
        init = json.loads(data.decode() or "{}").get("child-pid")
    except ValueError:
        init = None
    if init:
        # bwrap's init is pid 1 inside; the agent is its child (setpriv execs it in place)
        for _ in range(200):
            kids = _children(init)
            if kids:
                proc.pid = kids[0]
                break
            if popen.poll() is not None:
                break
            time.sleep(0.002)
        else:
            proc.pid = init
    return proc


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except (OSError, ValueError):
        return []


def start_unsandboxed(socket_dirs: list[Path]) -> StudentProcess:
    precompile()
    parent, child = socket.socketpair()
    env = _student_env({"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    popen = subprocess.Popen([sys.executable, "-s", "-B", "-m", "course.runtime.agent", str(child.fileno())],
                             pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=env, preexec_fn=_limits, close_fds=True,
                             cwd=tempfile.gettempdir(), start_new_session=True)
    child.close()
    proc = StudentProcess(parent, popen.pid, popen, "unsafe")
    threading.Thread(target=_drain, args=(popen.stderr, proc.stderr_tail), daemon=True).start()
    return proc


# -- the fork server (suite only) -------------------------------------------------------------
PRELOAD = ["course.runtime.agent", "course.runtime.checks", "course.runtime.clocks", "course.runtime.probes",
           "redis", "json", "hashlib", "bisect", "collections", "threading", "math", "random", "fractions",
           "heapq", "dataclasses", "typing", "itertools", "functools", "time", "uuid", "struct", "sqlite3", "hmac",
           "base64", "decimal", "statistics", "datetime"]

_fork_server = None
_fork_lock = threading.Lock()


def _fork_server_main(control: socket.socket) -> None:
    """Runs in a single-threaded process with the modules preloaded: one child per request."""
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)      # children are reaped by the kernel
    while True:
        try:
            msg, fds, _, _ = socket.recv_fds(control, 16, 1)
        except OSError:
            os._exit(0)
        if not msg:
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            control.close()
            os.setsid()
            _limits()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.environ.update(_student_env({"PATH": os.environ.get("PATH", "")}))
            try:
                os.chdir(tempfile.gettempdir())
            except OSError:
                pass
            from course.runtime import agent
            try:
                agent.serve(fds[0])
            finally:
                os._exit(0)
        os.close(fds[0])
        control.sendall(pid.to_bytes(8, "big"))


def _start_fork_server() -> socket.socket:
    global _fork_server
    with _fork_lock:
        if _fork_server is None:
            ours, theirs = socket.socketpair()
            code = ("import socket, sys; from course.grader.sandbox import _fork_server_main; "
                    f"_fork_server_main(socket.socket(fileno={theirs.fileno()}))")
            # the children inherit the interpreter's hash seed: fix it as the sandbox does
            popen = subprocess.Popen([sys.executable, "-s", "-c", code], pass_fds=(theirs.fileno(),),
                                     stdin=subprocess.DEVNULL, close_fds=True,
                                     env=dict(os.environ, PYTHONHASHSEED="0"))
            theirs.close()
            _fork_server = (ours, popen)
            atexit.register(popen.kill)
        return _fork_server[0]


def start_forked(socket_dirs: list[Path]) -> StudentProcess:
    control = _start_fork_server()
    parent, child = socket.socketpair()
    with _fork_lock:
        socket.send_fds(control, [b"x"], [child.fileno()])
        pid = int.from_bytes(_recv_exactly(control, 8), "big")
    child.close()
    return StudentProcess(parent, pid, None, "forked")


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise OSError("the fork server went away")
        data += chunk
    return data


STARTERS = {"sandbox": start_sandboxed, "unsafe": start_unsandboxed, "forked": start_forked}
