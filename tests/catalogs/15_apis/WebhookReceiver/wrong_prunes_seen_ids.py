# fails: test-webhook-replay :: a retry re-signed with a later timestamp is still a duplicate; other ids are new
"""Wrong: forgets an id once its delivery's timestamp is older than the tolerance window: a
retry (re-signed with a fresh timestamp) an hour later is processed a second time."""
import binascii
import hashlib
import hmac
import re
import time

_DIGITS = re.compile(r"[0-9]+")


def sign_webhook(secret, msg_id, timestamp, body):
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    mac.update(msg_id.encode())
    mac.update(b".")
    mac.update(str(timestamp).encode())
    mac.update(b".")
    mac.update(body)
    return "v1," + binascii.b2a_base64(mac.digest(), newline=False).decode()


class WebhookReceiver:
    def __init__(self, secret, tolerance=300, clock=time.time):
        if not tolerance >= 0:
            raise ValueError("tolerance")
        self._secret, self._tolerance, self._clock = secret, tolerance, clock
        self._seen = {}              # id -> timestamp

    @staticmethod
    def _header(headers, name):
        for key, value in headers.items():
            if key.lower() == name:
                return value
        raise PermissionError(f"missing {name}")

    def receive(self, headers, body):
        msg_id = self._header(headers, "webhook-id")
        stamp = self._header(headers, "webhook-timestamp")
        signatures = self._header(headers, "webhook-signature")
        if not _DIGITS.fullmatch(stamp):
            raise PermissionError("timestamp")
        now, ts = self._clock(), int(stamp)
        if ts < now - self._tolerance or ts > now + self._tolerance:
            raise PermissionError("timestamp outside the tolerance")
        expected = sign_webhook(self._secret, msg_id, ts, body).encode()
        valid = False
        for entry in signatures.split():
            valid |= hmac.compare_digest(entry.encode(), expected)
        if not valid:
            raise PermissionError("signature")
        for old in [k for k, t in self._seen.items() if t < now - 2 * self._tolerance - 1]:
            del self._seen[old]
        if msg_id in self._seen:
            return False
        self._seen[msg_id] = ts
        return True
