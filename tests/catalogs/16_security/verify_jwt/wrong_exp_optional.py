# fails: test-jwt-time :: exp is required; exp and nbf must be int or float (not bool, str or null)
import base64
import hashlib
import hmac
import json
import time

from course.runtime.security import InvalidToken


def verify_jwt(token, keys, leeway=0, clock=time.time):
    """Like PyJWT's default: a token without exp never expires (the contract requires exp)."""
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
    if not hmac.compare_digest(hmac.new(keys[kid], f"{h}.{p}".encode(), hashlib.sha256).digest(), signature):
        raise InvalidToken("signature")
    now = clock()
    if "exp" in claims:
        if type(claims["exp"]) not in (int, float) or now >= claims["exp"] + leeway:
            raise InvalidToken("exp")
    if "nbf" in claims and (type(claims["nbf"]) not in (int, float) or now < claims["nbf"] - leeway):
        raise InvalidToken("nbf")
    return claims
