"""Correct: compares MAC bytes (each v1 entry base64-decoded, strictly) instead of strings;
the checks written as a list of guards."""
import base64
import binascii
import hashlib
import hmac
import time


def sign_webhook(secret, msg_id, timestamp, body):
    content = b".".join([msg_id.encode("utf-8"), str(timestamp).encode("ascii"), body])
    return "v1," + base64.b64encode(hmac.digest(secret, content, "sha256")).decode()


class WebhookReceiver:
    def __init__(self, secret, tolerance=300, clock=time.time):
        if tolerance < 0:
            raise ValueError("negative tolerance")
        self.secret, self.tolerance, self.clock = secret, tolerance, clock
        self.processed = set()

    def receive(self, headers, body):
        h = {k.lower(): v for k, v in headers.items()}
        needed = ("webhook-id", "webhook-timestamp", "webhook-signature")
        if any(name not in h for name in needed):
            raise PermissionError("missing webhook headers")
        msg_id, stamp, sigs = (h[name] for name in needed)
        if not stamp or any(c not in "0123456789" for c in stamp):
            raise PermissionError("bad timestamp")
        if abs(self.clock() - int(stamp)) > self.tolerance:
            raise PermissionError("stale or future timestamp")
        content = b".".join([msg_id.encode(), stamp.encode(), body])
        mac = hmac.digest(self.secret, content, "sha256")
        ok = False
        for entry in sigs.split(" "):
            version, _, value = entry.partition(",")
            if version != "v1":
                continue
            try:
                given = base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                continue
            if hmac.compare_digest(given, mac) and base64.b64encode(given).decode() == value:
                ok = True
        if not ok:
            raise PermissionError("bad signature")
        if msg_id in self.processed:
            return False
        self.processed.add(msg_id)
        return True
