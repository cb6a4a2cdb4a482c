# fails: test-jwt-forged :: the kid chooses the key: unknown or missing kids are refused, no other key is tried
import base64
import hashlib
import hmac
import json
import time

from course.runtime.security import InvalidToken


def verify_jwt(token, keys, leeway=0, clock=time.time):
    """Ignores the kid and accepts a signature that any key in the map produces."""
    try:
        h, p, s = token.split(".")
        header = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
        claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
        signature = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    except Exception as exc:
        raise InvalidToken("malformed") from exc
    if type(header) is not dict or type(claims) is not dict or header.get("alg") != "HS256":
        raise InvalidToken("header")
    if not any(hmac.compare_digest(hmac.new(k, f"{h}.{p}".encode(), hashlib.sha256).digest(), signature)
               for k in keys.values()):
        raise InvalidToken("signature")
    now = clock()
    exp = claims.get("exp")
    if type(exp) not in (int, float) or now >= exp + leeway:
        raise InvalidToken("exp")
    if "nbf" in claims and (type(claims["nbf"]) not in (int, float) or now < claims["nbf"] - leeway):
        raise InvalidToken("nbf")
    return claims
