"""Redis over unix sockets, with a gate that can force the order of clients' commands.

A :class:`RedisFront` serves Redis on socket files in a private folder: each
*endpoint* is one socket bound to one backend, either an embedded fakeredis
server (``FakeServer``) or a real Redis server it relays to. Clients are
ordinary ``redis.Redis(unix_socket_path=...)`` clients.

Why a front and not plain fakeredis clients:

- **Grading.** The data a check reads must live outside the student's process.
  The grader keeps its fakeredis servers in its own process and gives the
  student only the socket of an endpoint (mounted into the sandbox).
- **Forced interleavings.** An endpoint can belong to an *actor* of a
  :class:`Gate`: each command waits for its actor's turn, so a chosen order of
  Redis commands between several clients happens every time, whatever the
  threads do. The gate is outside the clients, so no client can skip it.

A *step* of an actor is one command and its reply (the connection handshake,
``HELLO``/``CLIENT SETINFO``, is not a step), except that everything
from ``MULTI`` to ``EXEC``/``DISCARD`` is one step (the server runs it
atomically anyway). A Lua script (``EVAL``/``EVALSHA``) is one command, so one
step; a ``GET`` then a ``SET`` are two steps and another client can run
between them.

An endpoint can also cap the number of commands (a loop that polls Redis
forever then gets an error instead of spinning until a timeout).
"""
from __future__ import annotations

import atexit
import itertools
import os
import secrets
import selectors
import shutil
import socket
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence
from urllib.parse import urlparse

from .scratch import memory_dir
from .wire import readable

ASYNC_COMMANDS = {b"SUBSCRIBE", b"PSUBSCRIBE", b"SSUBSCRIBE", b"MONITOR"}
# A client's connection handshake (redis-py sends HELLO and CLIENT SETINFO on connect) touches no
# data: it is not a step, so an order counts only the commands the code under test sends.
HANDSHAKE_COMMANDS = {b"HELLO", b"AUTH", b"CLIENT", b"SELECT", b"READONLY", b"READWRITE"}
BLOCKING_COMMANDS = {b"BLPOP", b"BRPOP", b"BLMOVE", b"BRPOPLPUSH", b"BZPOPMIN", b"BZPOPMAX", b"BLMPOP",
                     b"BZMPOP", b"XREAD", b"XREADGROUP", b"WAIT", b"WAITAOF"}
POLL = 0.01
# A listener that reports a connection and then has none this many times in a row, or fails
# otherwise, is dropped from the acceptor (it would make it spin); its endpoint accepts nobody more.
ACCEPT_TRIES = 100
# Selectors whose wait sees a listener registered meanwhile; the others are woken to look again.
_WAKES_ON_REGISTER = tuple(getattr(selectors, name) for name in ("EpollSelector", "KqueueSelector", "DevpollSelector")
                           if hasattr(selectors, name))


class GateError(RuntimeError):
    """An actor waited too long for its turn."""


# -- the gate ------------------------------------------------------------------------------------
class Gate:
    """Who sends the next command. ``order`` names whose step comes next; an actor
    that has finished is skipped; once ``order`` runs out the unfinished actors
    take turns round-robin, one step each."""

    def __init__(self, timeout: float = 5.0):
        self.timeout = timeout
        self.cond = threading.Condition()
        self.running = False
        self.order: list[str] = []
        self.pos = 0
        self.actors: list[str] = []
        self.unfinished: set[str] = set()
        self.holder: str | None = None
        self.last: str | None = None
        self.trace: list[tuple[str, str]] = []

    def start(self, actors: Sequence[str], order: Sequence[str]) -> list[tuple[str, str]]:
        with self.cond:
            self.order, self.pos = list(order), 0
            self.actors = list(actors)
            self.unfinished = set(actors)
            self.holder, self.last = None, None
            self.trace = []
            self.running = True
            return self.trace

    def stop(self) -> None:
        with self.cond:
            self.running = False
            self.holder = None
            self.cond.notify_all()

    def _turn(self) -> str | None:
        while self.pos < len(self.order) and self.order[self.pos] not in self.unfinished:
            self.pos += 1
        if self.pos < len(self.order):
            return self.order[self.pos]
        if not self.unfinished:
            return None
        names = self.actors
        start = names.index(self.last) + 1 if self.last in names else 0
        for i in range(len(names)):
            name = names[(start + i) % len(names)]
            if name in self.unfinished:
                return name
        return None

    def before(self, actor: str, command: str) -> None:
        """Block until it is ``actor``'s turn; the step (``command``) begins."""
        with self.cond:
            if not self.running or actor not in self.unfinished:
                return
            if self.holder == actor:          # inside MULTI..EXEC: the step goes on
                self.trace.append((actor, command))
                return
            ok = self.cond.wait_for(lambda: not self.running or (self.holder is None and self._turn() == actor),
                                    self.timeout)
            if not self.running:
                return
            if not ok:
                waiting_for = self.holder or self._turn()
                raise GateError(f"actor {actor!r} waited {self.timeout:g} s for its turn; "
                                f"{waiting_for!r} never sent its next command nor finished")
            self.holder = actor
            self.trace.append((actor, command))

    def after(self, actor: str) -> None:
        """``actor``'s step is over: pass the turn."""
        with self.cond:
            if self.holder == actor:
                self.holder = None
                self.last = actor
                if self.pos < len(self.order):
                    self.pos += 1
                self.cond.notify_all()

    def finish(self, actor: str) -> None:
        with self.cond:
            self.unfinished.discard(actor)
            if self.holder == actor:
                self.holder = None
                self.last = actor
                if self.pos < len(self.order):
                    self.pos += 1
            self.cond.notify_all()


# -- RESP ------------------------------------------------------------------------------------------
def parse_command(buf: bytearray) -> tuple[list[bytes], int] | None:
    """One client command from ``buf``: (arguments, bytes used), or None if incomplete."""
    if not buf:
        return None
    if buf[0:1] == b"*":
        end = buf.find(b"\r\n")
        if end < 0:
            return None
        n = int(buf[1:end])
        pos = end + 2
        args = []
        for _ in range(max(n, 0)):
            if buf[pos:pos + 1] != b"$":
                if pos >= len(buf):
                    return None
                raise ValueError("protocol error: expected '$'")
            end = buf.find(b"\r\n", pos)
            if end < 0:
                return None
            length = int(buf[pos + 1:end])
            start = end + 2
            if len(buf) < start + length + 2:
                return None
            args.append(bytes(buf[start:start + length]))
            pos = start + length + 2
        return args, pos
    end = buf.find(b"\n")
    if end < 0:
        return None
    return bytes(buf[:end]).strip().split(), end + 1


def reply_end(buf: bytearray, pos: int = 0) -> int | None:
    """Where the RESP2/RESP3 reply starting at ``pos`` ends, or None if incomplete."""
    if pos >= len(buf):
        return None
    kind = buf[pos:pos + 1]
    end = buf.find(b"\r\n", pos)
    if end < 0:
        return None
    head = bytes(buf[pos + 1:end])
    nxt = end + 2
    if kind in (b"+", b"-", b":", b"_", b"#", b",", b"("):
        return nxt
    if kind in (b"$", b"!", b"="):
        n = int(head)
        if n < 0:
            return nxt
        return nxt + n + 2 if len(buf) >= nxt + n + 2 else None
    if kind in (b"*", b"~", b">", b"%", b"|"):
        n = int(head)
        if n < 0:
            return nxt
        count = 2 * n if kind in (b"%", b"|") else n
        for _ in range(count):
            nxt = reply_end(buf, nxt)
            if nxt is None:
                return None
        if kind == b"|":                   # an attribute precedes the actual reply
            return reply_end(buf, nxt)
        return nxt
    raise ValueError(f"protocol error: unknown reply type {kind!r}")


def _error(text: str) -> bytes:
    return b"-ERR " + text.replace("\r", " ").replace("\n", " ").encode() + b"\r\n"


# -- backends ---------------------------------------------------------------------------------------
class _FakeBackend:
    """One fakeredis connection: commands in, replies out."""

    def __init__(self, fake_server):
        from fakeredis._clients._sync import FakeRedisConnection

        self.conn = FakeRedisConnection(server=fake_server, protocol=2)
        self.conn.connect()

    def protocol(self) -> int:
        try:
            return self.conn.get_socket()._client_info.protocol_version
        except AttributeError:
            return 2

    def send(self, raw: bytes) -> None:
        self.conn.get_socket().sendall(raw)

    def pending(self) -> bool:
        return self.conn.can_read(0)

    def read(self) -> bytes:
        from fakeredis._clients._tcp_server import encode_reply
        from fakeredis._typing import RaiseErrorTypes

        try:
            value = self.conn.read_response(disable_decoding=True)
        except RaiseErrorTypes as exc:
            value = exc
        return encode_reply(value, self.protocol())

    def wait_reply(self, timeout: float | None) -> bool:
        return self.conn.can_read(timeout)

    def fileno(self) -> int | None:
        return None

    def close(self) -> None:
        try:
            self.conn.disconnect()
        except Exception:  # noqa: BLE001
            pass


class _RelayBackend:
    """A connection to a real Redis server: commands relayed, replies framed."""

    def __init__(self, url: str):
        parsed = urlparse(url)
        if parsed.scheme == "unix":
            self.sock = socket.socket(socket.AF_UNIX)
            self.sock.connect(parsed.path)
        else:
            self.sock = socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379))
        self.buf = bytearray()
        db = (parsed.path or "/0").strip("/") or "0"
        if parsed.scheme != "unix" and db != "0":
            self.sock.sendall(b"*2\r\n$6\r\nSELECT\r\n$%d\r\n%s\r\n" % (len(db), db.encode()))
            self._take(None)

    def send(self, raw: bytes) -> None:
        self.sock.sendall(raw)

    def _take(self, timeout: float | None) -> bytes | None:
        while True:
            end = reply_end(self.buf)
            if end is not None:
                data = bytes(self.buf[:end])
                del self.buf[:end]
                return data
            if not readable(self.sock, timeout):
                return None
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the Redis server closed the connection")
            self.buf += chunk

    def pending(self) -> bool:
        return reply_end(self.buf) is not None or readable(self.sock, 0)

    def read(self) -> bytes:
        return self._take(None)

    def wait_reply(self, timeout: float | None) -> bool:
        if reply_end(self.buf) is not None:
            return True
        return readable(self.sock, timeout)

    def fileno(self) -> int | None:
        return self.sock.fileno()

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


# -- the front -------------------------------------------------------------------------------------------
@dataclass
class Endpoint:
    path: str
    backend: Any                    # a FakeServer, or a Redis URL
    actor: str | None = None
    gate: Gate | None = None
    limit: int | None = None
    commands: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    listener: Any = None
    connections: list = field(default_factory=list)
    closed: bool = False
    idle_accepts: int = 0

    def open(self):
        return _RelayBackend(self.backend) if isinstance(self.backend, str) else _FakeBackend(self.backend)


class RedisFront:
    """Serves Redis endpoints on socket files in one private folder. See the module docstring."""

    def __init__(self, directory: str | None = None):
        self.directory = directory or tempfile.mkdtemp(prefix="course-redis-", dir=memory_dir())
        # Others may reach a socket whose name they are given (the sandboxed student), not list them.
        os.chmod(self.directory, 0o711)
        self.scopes: list[list[Endpoint]] = []
        self.scope: list[Endpoint] = []
        self.scopes.append(self.scope)
        self.ids = itertools.count(1)
        self.lock = threading.Lock()
        self.closed = False
        # One thread accepts the connections of every endpoint (a notebook makes a hundred or more
        # endpoints: a thread each cost a start and a wake-up at close, each).
        self._selector: selectors.BaseSelector | None = None
        self._wake: tuple[socket.socket, socket.socket] | None = None
        self._acceptor: threading.Thread | None = None
        self._pid = 0                   # whose acceptor (a forked child starts its own)

    def endpoint(self, backend: Any, actor: str | None = None, gate: Gate | None = None,
                 limit: int | None = None, key: Any = None) -> Endpoint:
        """A new endpoint (its own socket file) for ``backend``: a FakeServer or a Redis URL.
        It lives until :meth:`close_scope` closes the scope it was made in, or the front closes.
        (``key`` is accepted and ignored: endpoints are never shared through a cache.)"""
        with self.lock:
            if self.closed:
                raise RuntimeError("this Redis front is closed")
            if self._selector is None or self._pid != os.getpid():
                self._start_acceptor()          # (before the socket exists: nothing to clean if it fails)
            # A name nobody can guess: the folder cannot be listed by others, its sockets reached by name.
            path = os.path.join(self.directory, f"r{next(self.ids)}-{secrets.token_hex(6)}.sock")
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            ep = Endpoint(path, backend, actor, gate, limit, listener=listener)
            try:
                listener.bind(path)
                os.chmod(path, 0o777)
                listener.listen(64)
                listener.setblocking(False)
                self._selector.register(listener, selectors.EVENT_READ, ep)
            except BaseException:
                listener.close()
                try:
                    os.unlink(path)
                except OSError:
                    pass
                raise
            self.scope.append(ep)
            if not isinstance(self._selector, _WAKES_ON_REGISTER):
                self._wake_acceptor()
        return ep

    def _start_acceptor(self) -> None:
        """(Under self.lock.) The selector over every endpoint's listener, and its thread; published
        only once the thread runs."""
        selector = selectors.DefaultSelector()
        wake = socket.socketpair()
        try:
            wake[0].setblocking(False)
            wake[1].setblocking(False)
            selector.register(wake[0], selectors.EVENT_READ, None)
            thread = threading.Thread(target=self._accept_all, args=(selector, wake), daemon=True,
                                      name="redis-front-accept")
            thread.start()
        except BaseException:
            selector.close()
            for s in wake:
                s.close()
            raise
        self._selector, self._wake, self._acceptor, self._pid = selector, wake, thread, os.getpid()

    def _wake_acceptor(self) -> None:
        if self._wake is not None:
            try:
                self._wake[1].send(b"x")
            except OSError:                 # (full: it is awake already)
                pass

    def _new_scope(self) -> list:
        """(Under self.lock.)"""
        self.scope = []
        self.scopes.append(self.scope)
        return self.scope

    def new_scope(self) -> list:
        """Endpoints made from now on belong to a new scope (the grader opens one per test cell)."""
        with self.lock:
            return self._new_scope()

    def close_scope(self, scope: list) -> None:
        """Close the endpoints of ``scope``: their sockets and their connections."""
        with self.lock:
            # (by identity: two empty scopes are equal lists, and only this one goes)
            self.scopes = [s for s in self.scopes if s is not scope]
            if self.scope is scope:
                if self.scopes:
                    self.scope = self.scopes[-1]
                else:
                    self._new_scope()
        for ep in list(scope):
            self._close_endpoint(ep)
        scope.clear()

    def _close_endpoint(self, ep: Endpoint) -> None:
        with self.lock:                 # no connection is accepted on it from now on
            ep.closed = True
            if self._selector is not None and ep.listener is not None:
                try:
                    self._selector.unregister(ep.listener)
                except (KeyError, ValueError, OSError):
                    pass
            connections = list(ep.connections)
        if ep.listener is not None:
            try:
                ep.listener.close()
            except OSError:
                pass
        for s in connections:
            try:
                s.shutdown(socket.SHUT_RDWR)      # wakes a thread blocked in recv()
            except OSError:
                pass
            try:
                s.close()
            except OSError:
                pass
        try:
            os.unlink(ep.path)
        except OSError:
            pass

    def _accept_all(self, selector: selectors.BaseSelector, wake: tuple[socket.socket, socket.socket]) -> None:
        """Accept on every endpoint's listener; serve each connection on a thread of its own."""
        try:
            while not self.closed:
                try:
                    events = selector.select()
                except (OSError, ValueError):
                    return
                for key, _ in events:
                    ep = key.data
                    if ep is None:                  # woken: an endpoint was added, or the front closes
                        try:
                            while key.fileobj.recv(4096):
                                pass
                        except OSError:
                            pass
                        continue
                    try:
                        self._accept_one(selector, key.fileobj, ep)
                    except Exception:  # noqa: BLE001  (one connection's trouble ends no other's)
                        pass
        finally:
            with self.lock:
                if self._selector is selector:      # (a failed select: the next endpoint starts anew)
                    self._selector, self._wake, self._acceptor = None, None, None
            selector.close()
            for s in wake:
                s.close()

    def _accept_one(self, selector: selectors.BaseSelector, listener: socket.socket, ep: Endpoint) -> None:
        try:
            conn, _ = listener.accept()
        except (BlockingIOError, InterruptedError):
            ep.idle_accepts += 1
            if ep.idle_accepts >= ACCEPT_TRIES:
                self._stop_accepting(selector, listener)
            return
        except OSError:                         # closed meanwhile, or broken: no spinning on it
            self._stop_accepting(selector, listener)
            return
        ep.idle_accepts = 0
        try:
            conn.setblocking(True)
            with self.lock:
                if ep.closed or self.closed:
                    conn.close()
                    return
                ep.connections.append(conn)
            threading.Thread(target=self._serve, args=(conn, ep), daemon=True).start()
        except BaseException:
            with self.lock:
                if conn in ep.connections:
                    ep.connections.remove(conn)
            conn.close()
            raise

    def _stop_accepting(self, selector: selectors.BaseSelector, listener: socket.socket) -> None:
        with self.lock:
            try:
                selector.unregister(listener)
            except (KeyError, ValueError, OSError):
                pass

    def _serve(self, conn: socket.socket, ep: Endpoint) -> None:
        backend = None
        buf = bytearray()
        in_multi = False
        async_mode = False
        try:
            backend = ep.open()
            while not self.closed:
                parsed = parse_command(buf)
                if parsed is None:
                    # wait for the client, delivering pushed replies (pub/sub) meanwhile
                    if async_mode:
                        while backend.pending():
                            conn.sendall(backend.read())
                        if not readable(conn, POLL):
                            continue
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                    continue
                args, used = parsed
                raw = bytes(buf[:used])
                del buf[:used]
                if not args:
                    continue
                name = args[0].upper()
                with ep.lock:
                    if name not in HANDSHAKE_COMMANDS:
                        ep.commands += 1
                    over = ep.limit is not None and ep.commands > ep.limit
                if over:
                    conn.sendall(_error(f"more than {ep.limit} commands sent to Redis: a loop that never ends?"))
                    continue
                gated = ep.gate is not None and ep.actor is not None and name not in HANDSHAKE_COMMANDS
                if gated:
                    try:
                        ep.gate.before(ep.actor, name.decode("latin-1"))
                    except GateError as exc:
                        conn.sendall(_error(str(exc)))
                        continue
                try:
                    backend.send(raw)
                    if name in ASYNC_COMMANDS:
                        async_mode = True
                    if async_mode:
                        while backend.wait_reply(POLL if name not in ASYNC_COMMANDS else 1.0):
                            conn.sendall(backend.read())
                            if not backend.pending():
                                break
                    else:
                        timeout = None if name in BLOCKING_COMMANDS else 30.0
                        if backend.wait_reply(timeout):
                            conn.sendall(backend.read())
                        else:
                            conn.sendall(_error("no reply from the Redis server"))
                finally:
                    if name == b"MULTI":
                        in_multi = True
                    elif name in (b"EXEC", b"DISCARD"):
                        in_multi = False
                    if gated and not in_multi:
                        ep.gate.after(ep.actor)
        except (OSError, ValueError, ConnectionError):
            return
        finally:
            if ep.gate is not None and ep.actor is not None and in_multi:
                ep.gate.after(ep.actor)
            if backend is not None:
                backend.close()
            try:
                conn.close()
            except OSError:
                pass
            with self.lock:
                if conn in ep.connections:
                    ep.connections.remove(conn)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            scopes, self.scopes = self.scopes, []
            acceptor = self._acceptor if self._pid == os.getpid() else None
            self._wake_acceptor()               # it sees the front closed, and ends
        for scope in scopes:
            for ep in scope:
                self._close_endpoint(ep)
        if acceptor is not None and acceptor is not threading.current_thread():
            acceptor.join(1.0)
        shutil.rmtree(self.directory, ignore_errors=True)


_local_front: RedisFront | None = None
_local_lock = threading.Lock()


def local_front() -> RedisFront:
    """This process's front (a student's kernel, a test): made on first use."""
    global _local_front
    with _local_lock:
        if _local_front is None or _local_front.closed:
            _local_front = RedisFront()
            atexit.register(_local_front.close)
        return _local_front


def set_local_front(front: RedisFront | None) -> None:
    """The grader points this process's front at its session's (whose folder the sandbox sees)."""
    global _local_front
    with _local_lock:
        _local_front = front


def command_names(trace: Iterable[tuple[str, str]]) -> list[str]:
    return [cmd for _, cmd in trace]
