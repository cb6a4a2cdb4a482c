# fails: test-jwt-valid :: the signature covers the segments as received: a header with spaces and another key order
import base64
import hashlib
import hmac
import json
import time

from course.runtime.security import InvalidToken


def _seg(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def verify_jwt(token, keys, leeway=0, clock=time.time):
    """Signs its own compact re-encoding of the header and payload, not the bytes it received."""
    try:
        h, p, s = token.split(".")
        header = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
        claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
        signature = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    except Exception as exc:
        raise InvalidToken("malformed") from exc
    if type(header) is not dict or type(claims) is not dict or header.get("alg") != "HS256":
        raise InvalidToken("header")
    kid = header.get("kid")
    if type(kid) is not str or kid not in keys:
        raise InvalidToken("kid")
    signing_input = _seg(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        _seg(json.dumps(claims, separators=(",", ":")).encode())
    if not hmac.compare_digest(hmac.new(keys[kid], signing_input.encode(), hashlib.sha256).digest(), signature):
        raise InvalidToken("signature")
    now = clock()
    exp = claims.get("exp")
    if type(exp) not in (int, float) or now >= exp + leeway:
        raise InvalidToken("exp")
    if "nbf" in claims and (type(claims["nbf"]) not in (int, float) or now < claims["nbf"] - leeway):
        raise InvalidToken("nbf")
    return claims
