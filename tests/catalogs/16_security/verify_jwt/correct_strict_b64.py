import base64
import binascii
import hashlib
import hmac
import json
import re
import time

from course.runtime.security import InvalidToken

SEGMENT = re.compile(r"[A-Za-z0-9_-]*")


def _b64(segment):
    if not SEGMENT.fullmatch(segment):
        raise InvalidToken("not base64url")
    padded = segment + "=" * (-len(segment) % 4)
    try:
        return base64.b64decode(padded, altchars=b"-_", validate=True)
    except binascii.Error as exc:
        raise InvalidToken("not base64url") from exc


def _object(segment):
    try:
        value = json.loads(_b64(segment).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidToken("not JSON") from exc
    if not isinstance(value, dict):
        raise InvalidToken("not a JSON object")
    return value


def _number(value):
    return type(value) in (int, float)


def verify_jwt(token, keys, leeway=0, clock=time.time):
    """Module-level helpers, a strict base64 decoder (validate=True), the kid looked up with get()."""
    if not isinstance(token, str):
        raise InvalidToken("a token is a str")
    segments = token.split(".")
    if len(segments) != 3:
        raise InvalidToken("three segments")
    header = _object(segments[0])
    key = keys.get(header["kid"]) if isinstance(header.get("kid"), str) else None
    if header.get("alg") != "HS256" or key is None:
        raise InvalidToken("refused algorithm or key id")
    mac = hmac.new(key, msg=(segments[0] + "." + segments[1]).encode(), digestmod=hashlib.sha256)
    if not hmac.compare_digest(mac.digest(), _b64(segments[2])):
        raise InvalidToken("bad signature")
    claims = _object(segments[1])
    now = clock()
    if "exp" not in claims or not _number(claims["exp"]) or now >= claims["exp"] + leeway:
        raise InvalidToken("expired or no expiry")
    if "nbf" in claims and (not _number(claims["nbf"]) or now < claims["nbf"] - leeway):
        raise InvalidToken("not yet valid")
    return claims
