"""16_security: the catalog of correct and wrong implementations, and the teaching helpers.

Every correct variant (tests/catalogs/16_security/<Name>/correct_*.py) must get full marks;
every wrong one must fail exactly the checks it names. The helpers in course/runtime/security.py
(the compare_digest probe, base64url, the scrypt cost model, the SQL-injection and RBAC
demonstrations) are tested below: deterministic, no sleeps, no real clock.
"""
import hashlib
import hmac

import jwt
import pytest
from harness import catalog_test

from course.runtime.security import (GENESIS, InvalidToken, b64url_decode, b64url_encode, compare_digest_calls,
                                     crack_years, login_concatenated, login_parameterized, rbac_allowed,
                                     scrypt_guesses_per_second, scrypt_memory, users_db, years_text)

CONTRACT = {
    "PasswordHasher": {"__init__": "(self, n=16384, r=8, p=1)",
                       "hash": "(self, password)",
                       "verify": "(self, stored, password)",
                       "needs_rehash": "(self, stored)",
                       "verify_and_update": "(self, stored, password)"},
    "verify_jwt": "(token, keys, leeway=0, clock=time.time)",
    "Vault": {"__init__": "(self, master_keys, active)",
              "encrypt": "(self, plaintext, aad=b'')",
              "decrypt": "(self, blob, aad=b'')",
              "rewrap": "(self, blob)"},
    "chain_entry": "(prev, actor, action, at)",
    "verify_chain": "(entries, head=None)",
}

test_catalog = catalog_test("16_security")


def test_b64url_round_trip_without_padding():
    for data in (b"", b"f", b"fo", b"foo", bytes(range(256))):
        text = b64url_encode(data)
        assert "=" not in text and "+" not in text and "/" not in text
        assert b64url_decode(text) == data
    assert b64url_encode(b"\xfb\xff") == "-_8"


def test_compare_digest_probe_counts_calls_however_imported():
    from hmac import compare_digest as imported

    def constant(a, b):
        return imported(a, b)

    def naive(a, b):
        return a == b

    def raises(a, b):
        hmac.compare_digest(a, b)
        raise ValueError("refused")

    assert compare_digest_calls(constant, None, [(b"a", b"a"), (b"a", b"b")]) == [1, 1]
    assert compare_digest_calls(naive, None, [(b"a", b"a")]) == [0]
    assert compare_digest_calls(raises, None, [(b"a", b"b")]) == [1]

    class Holder:
        def check(self, a, b):
            return hmac.compare_digest(a, b) and hmac.compare_digest(b, a)

    assert compare_digest_calls(Holder(), "check", [(b"x", b"x")]) == [2]


def test_scrypt_cost_model_counts_bytes():
    assert scrypt_memory(2**17, 8) == 128 * 2**20
    rate = scrypt_guesses_per_second(2**17, 8, 1, 1e12)
    assert rate == pytest.approx(1e12 / (256 * 2**20))
    assert scrypt_guesses_per_second(2**18, 8, 1, 1e12) == pytest.approx(rate / 2)
    assert scrypt_guesses_per_second(2**17, 8, 2, 1e12) == pytest.approx(rate / 2)
    assert crack_years(2 * 365.25 * 86_400, 1.0) == pytest.approx(1.0)
    assert years_text(2.0) == "2 years" and years_text(15_600) == "15,600 years" and years_text(1e9) == "1.00e+09 years"
    assert years_text(0.5) == "183 days" and years_text(1e-5) == "5.26 minutes"
    assert years_text(1e-10).endswith(" ms") and years_text(1.4e-7) == "4.42 s"


def test_sql_injection_demo():
    conn = users_db()
    assert len(login_concatenated(conn, "' OR '1'='1")) == 3
    assert login_parameterized(conn, "' OR '1'='1") == []
    assert login_parameterized(conn, "o'brien") == [(3, "o'brien", "editor")]
    assert login_concatenated(conn, "bob") == login_parameterized(conn, "bob") == [(2, "bob", "viewer")]


def test_rbac_inherits_and_denies_by_default():
    roles = {"viewer": {"inherits": [], "permissions": ["read"]},
             "editor": {"inherits": ["viewer"], "permissions": ["write"]},
             "admin": {"inherits": ["editor"], "permissions": ["manage"]},
             "loop-a": {"inherits": ["loop-b"], "permissions": []},
             "loop-b": {"inherits": ["loop-a"], "permissions": []}}
    assert rbac_allowed(roles, ["admin"], "read") is True
    assert rbac_allowed(roles, ["viewer"], "write") is False
    assert rbac_allowed(roles, ["ghost"], "read") is False
    assert rbac_allowed(roles, ["loop-a"], "read") is False          # a cycle terminates


def test_pyjwt_agrees_with_the_chapter_format():
    key = b"k" * 64
    token = jwt.encode({"sub": "ada", "exp": 10}, key, algorithm="HS256", headers={"kid": "k1"})
    h, p, s = token.split(".")
    assert b64url_decode(s) == hmac.new(key, f"{h}.{p}".encode(), hashlib.sha256).digest()
    assert issubclass(InvalidToken, ValueError)
    assert GENESIS == "0" * 64


def test_figures_draw_without_error():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course.runtime.security import attacker_figure, sequence_diagram

    attacker_figure(17, 8, 1000, 48)
    sequence_diagram(["a", "b"], [("a", "b", "hello"), ("b", "a", "hi")], title="t")
    plt.close("all")
