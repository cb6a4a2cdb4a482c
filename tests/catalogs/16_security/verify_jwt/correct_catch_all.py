import base64
import hashlib
import hmac
import json
import time

from course.runtime.security import InvalidToken


def verify_jwt(token, keys, leeway=0, clock=time.time):
    """One try block turns every decoding error into InvalidToken; the signature is recomputed and
    encoded, then compared as text with compare_digest; time checks written as 'valid while'."""
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(base64.urlsafe_b64decode(header_b64 + "=" * (-len(header_b64) % 4)))
        payload = json.loads(base64.urlsafe_b64decode(payload_b64 + "=" * (-len(payload_b64) % 4)))
    except InvalidToken:
        raise
    except Exception as exc:               # wrong type, wrong count, bad base64, bad JSON, bad UTF-8
        raise InvalidToken("malformed token") from exc
    if type(header) is not dict or type(payload) is not dict:
        raise InvalidToken("header and payload must be JSON objects")
    if header.get("alg") != "HS256":
        raise InvalidToken("only HS256")
    kid = header.get("kid")
    if not isinstance(kid, str) or kid not in keys:
        raise InvalidToken("unknown kid")
    digest = hmac.new(keys[kid], f"{header_b64}.{payload_b64}".encode(), "sha256").digest()
    expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    if not hmac.compare_digest(expected.encode(), signature_b64.encode()):
        raise InvalidToken("bad signature")
    now = clock()
    exp = payload.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, (int, float)):
        raise InvalidToken("exp must be a number")
    valid = now < exp + leeway
    if "nbf" in payload:
        nbf = payload["nbf"]
        if isinstance(nbf, bool) or not isinstance(nbf, (int, float)):
            raise InvalidToken("nbf must be a number")
        valid = valid and now >= nbf - leeway
    if not valid:
        raise InvalidToken("outside the validity window")
    return payload
