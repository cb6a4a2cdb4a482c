# fails: test-jwt-forged :: a signature cut short, extended or of another token is refused
# fails: test-jwt-forged :: malformed tokens raise InvalidToken, not another exception
import base64
import hashlib
import hmac
import json
import time

from course.runtime.security import InvalidToken


def verify_jwt(token, keys, leeway=0, clock=time.time):
    """Correct checks, but a malformed token raises whatever base64 or json raise (binascii.Error,
    JSONDecodeError, AttributeError), not InvalidToken: callers that catch InvalidToken crash."""
    h, p, s = token.split(".")
    header = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
    if header.get("alg") != "HS256":
        raise InvalidToken("alg")
    kid = header.get("kid")
    if type(kid) is not str or kid not in keys:
        raise InvalidToken("kid")
    signature = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    if not hmac.compare_digest(hmac.new(keys[kid], f"{h}.{p}".encode(), hashlib.sha256).digest(), signature):
        raise InvalidToken("signature")
    claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
    now = clock()
    exp = claims.get("exp")
    if type(exp) not in (int, float) or now >= exp + leeway:
        raise InvalidToken("exp")
    if "nbf" in claims and (type(claims["nbf"]) not in (int, float) or now < claims["nbf"] - leeway):
        raise InvalidToken("nbf")
    return claims
