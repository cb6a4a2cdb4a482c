# fails: test-jwt-forged :: alg none (an unsigned token) raises InvalidToken
# fails: test-jwt-forged :: only HS256: other algorithms are refused even when the HMAC-SHA256 signature is right
import base64
import hashlib
import hmac
import json
import time

from course.runtime.security import InvalidToken


def _dec(segment):
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except ValueError as exc:
        raise InvalidToken("base64") from exc


def _obj(segment):
    try:
        value = json.loads(_dec(segment))
    except InvalidToken:
        raise
    except ValueError as exc:
        raise InvalidToken("json") from exc
    if type(value) is not dict:
        raise InvalidToken("object")
    return value


def verify_jwt(token, keys, leeway=0, clock=time.time):
    """Reads the algorithm from the token, as RFC 7518 allows: 'none' means unsigned, and is trusted."""
    if type(token) is not str or token.count(".") != 2:
        raise InvalidToken("shape")
    h, p, s = token.split(".")
    header = _obj(h)
    alg = header.get("alg")
    if alg == "none":
        claims = _obj(p)
    else:
        if alg != "HS256":
            raise InvalidToken("alg")
        kid = header.get("kid")
        if type(kid) is not str or kid not in keys:
            raise InvalidToken("kid")
        if not hmac.compare_digest(hmac.new(keys[kid], f"{h}.{p}".encode(), hashlib.sha256).digest(), _dec(s)):
            raise InvalidToken("signature")
        claims = _obj(p)
    now = clock()
    exp = claims.get("exp")
    if type(exp) not in (int, float) or now >= exp + leeway:
        raise InvalidToken("exp")
    nbf = claims.get("nbf", None)
    if "nbf" in claims and (type(nbf) not in (int, float) or now < nbf - leeway):
        raise InvalidToken("nbf")
    return claims
