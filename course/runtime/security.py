"""Teaching helpers for the security notebook (16_security).

**What exercises and tests share**

- :class:`InvalidToken`: the one exception a JWT verifier raises for every token it refuses
  (a subclass of ``ValueError``, defined here so that it crosses the grader's boundary as itself);
- :data:`GENESIS`: the ``prev`` of the first entry of a hash-chained audit log (64 zeros).

**Probes** (run in the student's process, see :mod:`course.runtime.probes`):

- :func:`compare_digest_calls`: how many times each call reached ``compare_digest`` (the C
  function behind ``hmac.compare_digest`` and ``secrets.compare_digest``, however it was
  imported), watched with ``sys.setprofile``. What it reports is the student's to forge: it
  catches the honest mistake (``==`` on digests), it proves nothing against a cheat.

**Tools for the notebook and the tests** (deterministic, nothing reads a real clock):

- :func:`b64url_encode`, :func:`b64url_decode`: base64url without padding (RFC 7515, section 2);
- :func:`scrypt_memory`, :func:`scrypt_guesses_per_second`, :func:`crack_years`,
  :func:`attacker_figure`: what scrypt's parameters cost a defender and an attacker, counted
  in bytes of memory traffic (a model, stated as such in the notebook);
- :func:`users_db`, :func:`login_concatenated`, :func:`login_parameterized`: the SQL-injection
  demonstration on an in-memory SQLite database;
- :func:`rbac_allowed`: role-based access control with inheritance, for the teaching cells;
- :func:`sequence_diagram`: a small sequence diagram drawn with matplotlib (the OAuth flow).
"""
from __future__ import annotations

import base64
import sqlite3
import sys
from typing import Any, Iterable, Sequence

from .probes import in_student

GENESIS = "0" * 64


class InvalidToken(ValueError):
    """A token the verifier refuses: malformed, badly signed, of a refused algorithm or key id,
    expired or not yet valid."""


# -- probes ----------------------------------------------------------------------------------------
@in_student
def compare_digest_calls(obj: Any, method: str | None, argslist: list) -> list:
    """For each ``args`` in ``argslist``: call ``obj.method(*args)`` (``obj(*args)`` when
    ``method`` is None) and count the calls that reached the builtin ``compare_digest``.
    Exceptions the call raises are swallowed (a refused token is an answer too)."""
    fn = obj if method is None else getattr(obj, method)
    counts = []
    for args in argslist:
        seen = 0

        def profiler(frame, event, arg):
            nonlocal seen
            if event == "c_call" and getattr(arg, "__name__", "") == "compare_digest":
                seen += 1

        previous = sys.getprofile()
        sys.setprofile(profiler)
        try:
            fn(*args)
        except Exception:
            pass
        finally:
            sys.setprofile(previous)
        counts.append(seen)
    return counts


# -- base64url -------------------------------------------------------------------------------------
def b64url_encode(data: bytes) -> str:
    """base64url without ``=`` padding, as JWS uses it (RFC 7515, section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """The inverse of :func:`b64url_encode` (padding added back; invalid characters raise)."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# -- what scrypt costs -----------------------------------------------------------------------------
def scrypt_memory(n: int, r: int) -> int:
    """Bytes of the ROMix table scrypt fills per lane: N blocks of 128·r bytes (RFC 7914, section 5)."""
    return 128 * r * n


def scrypt_guesses_per_second(n: int, r: int, p: int, bandwidth: float) -> float:
    """Guesses per second of an attacker whose memory moves ``bandwidth`` bytes per second.

    A model: each lane writes the N-block table once and reads N blocks back at random, so a
    guess moves at least 2 · 128·r·N · p bytes; computation and caches are ignored (scrypt is
    designed so that memory traffic, not arithmetic, is the bottleneck)."""
    return bandwidth / (2 * scrypt_memory(n, r) * p)


def crack_years(space: float, guesses_per_second: float) -> float:
    """Years to try half of ``space`` candidate passwords (the expected time to find one)."""
    return space / 2 / guesses_per_second / (365.25 * 86_400)


def attacker_figure(log2_n: int, r: int, bandwidth_gbs: float, space_bits: float,
                    sha256_rate: float = 1e10) -> None:
    """Years for one attacker to find one password from a space of ``2**space_bits``, against
    scrypt(N = 2**k, r) for every k, with the chosen N marked, and against one SHA-256 per guess."""
    from .widgets import new_axes

    bandwidth = bandwidth_gbs * 1e9
    space = 2.0 ** space_bits
    ks = list(range(8, 23))
    years = [crack_years(space, scrypt_guesses_per_second(2 ** k, r, 1, bandwidth)) for k in ks]
    chosen = crack_years(space, scrypt_guesses_per_second(2 ** log2_n, r, 1, bandwidth))
    fast = crack_years(space, sha256_rate)
    fig, ax = new_axes(f"2^{space_bits:.0f} passwords, attacker memory at {bandwidth_gbs:,.0f} GB/s: "
                       f"scrypt N=2^{log2_n}, r={r} holds out {years_text(chosen)}",
                       "scrypt N (log2)", "years to find one password (expected)", logy=True)
    ax.plot(ks, years, marker="o", label=f"scrypt, r={r}, p=1 ({scrypt_memory(2 ** log2_n, r) / 2**20:,.0f} MiB "
                                          f"at the chosen N)")
    ax.axhline(fast, color="#d62728", linestyle="--",
               label=f"one SHA-256 per guess at {sha256_rate:.0e}/s: {years_text(fast)}")
    ax.scatter([log2_n], [chosen], s=120, color="#ff7f0e", zorder=5)
    ax.annotate(years_text(chosen), (log2_n, chosen), textcoords="offset points", xytext=(8, -14))
    ax.axhline(1, color="grey", linewidth=0.8)
    ax.legend(loc="upper left", fontsize=9)


# -- SQL injection demonstration -------------------------------------------------------------------
def users_db() -> sqlite3.Connection:
    """An in-memory table of three users (the passwords are placeholders, never store them so)."""
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, role TEXT NOT NULL);
        INSERT INTO users (name, role) VALUES ('ada', 'admin'), ('bob', 'viewer'), ('o''brien', 'editor');
    """)
    return conn


def login_concatenated(conn: sqlite3.Connection, name: str) -> list:
    """The bug: the input is pasted into the SQL text, so it can change the statement."""
    return conn.execute("SELECT id, name, role FROM users WHERE name = '" + name + "'").fetchall()


def login_parameterized(conn: sqlite3.Connection, name: str) -> list:
    """The fix: the statement is fixed; the input travels as a value and is never parsed as SQL."""
    return conn.execute("SELECT id, name, role FROM users WHERE name = ?", (name,)).fetchall()


# -- RBAC ------------------------------------------------------------------------------------------
def rbac_allowed(roles: dict, user_roles: Iterable[str], permission: str) -> bool:
    """Does any role of the user grant ``permission``, directly or through the roles it inherits?

    ``roles`` maps a role to ``{"inherits": [...], "permissions": [...]}``. Deny by default: an
    unknown role grants nothing. A cycle of inheritance is walked once (a visited set)."""
    seen: set[str] = set()
    stack = list(user_roles)
    while stack:
        role = stack.pop()
        if role in seen or role not in roles:
            continue
        seen.add(role)
        if permission in roles[role].get("permissions", ()):
            return True
        stack.extend(roles[role].get("inherits", ()))
    return False


# -- sequence diagram ------------------------------------------------------------------------------
def sequence_diagram(actors: Sequence[str], messages: Sequence[tuple[str, str, str]], title: str = "") -> None:
    """Draw ``messages`` (sender, receiver, label), top to bottom, between lifelines of ``actors``.

    A label may have two lines (``"\\n"``); it sits above its arrow, centred between the two
    lifelines, so keep it about as wide as the gap between neighbouring actors."""
    from .widgets import new_axes

    row = 1.0                                       # vertical space per message (room for two lines)
    height = 0.62 * row * len(messages) + 1.4
    fig, ax = new_axes(title, figsize=(12, height))
    x = {a: 1.6 * i for i, a in enumerate(actors)}
    top = row * len(messages) + 0.5
    for a, i in x.items():
        ax.plot([i, i], [0, top], color="lightgrey", linewidth=1, zorder=1)
        ax.text(i, top + 0.15, a, ha="center", va="bottom", fontsize=10, fontweight="bold",
                bbox={"boxstyle": "round", "facecolor": "#eef3fb", "edgecolor": "#1f77b4"})
    for step, (src, dst, label) in enumerate(messages, 1):
        y = top - row * step
        ax.annotate("", xy=(x[dst], y), xytext=(x[src], y),
                    arrowprops={"arrowstyle": "->", "color": "#1f77b4" if x[dst] > x[src] else "#2ca02c"})
        ax.text((x[src] + x[dst]) / 2, y + 0.07, f"{step}. {label}", ha="center", va="bottom", fontsize=8.5,
                linespacing=1.1, zorder=3)
    ax.set_xlim(-0.75, x[actors[-1]] + 0.75)
    ax.set_ylim(-0.2, top + 0.8)
    ax.axis("off")


def years_text(years: float) -> str:
    """A duration given in years, in the unit that reads best (milliseconds to years)."""
    seconds = years * 365.25 * 86_400
    for unit, size in (("years", 365.25 * 86_400), ("days", 86_400), ("hours", 3600), ("minutes", 60), ("s", 1)):
        if seconds >= size:
            value = seconds / size
            if value < 1000:
                return f"{value:.3g} {unit}"
            return f"{value:,.0f} {unit}" if value < 1e6 else f"{value:.2e} {unit}"
    return f"{seconds * 1000:.2g} ms"
