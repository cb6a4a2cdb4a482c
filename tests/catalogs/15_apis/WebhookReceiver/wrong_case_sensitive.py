# fails: test-webhook-verify :: header names are case-insensitive; several signatures: any valid v1 one passes
"""Wrong: header names are matched exactly: 'Webhook-Id' is missed."""
import base64
import hashlib
import hmac
import time


def sign_webhook(secret, msg_id, timestamp, body):
    mac = hmac.new(secret, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode("ascii")


class WebhookReceiver:
    def __init__(self, secret, tolerance=300, clock=time.time):
        if tolerance < 0:
            raise ValueError("tolerance")
        self.secret, self.tolerance, self.clock = secret, tolerance, clock
        self.seen = set()

    def receive(self, headers, body):
        lower = dict(headers)
        try:
            msg_id, stamp, signatures = lower["webhook-id"], lower["webhook-timestamp"], lower["webhook-signature"]
        except KeyError:
            raise PermissionError("missing header") from None
        if not (stamp.isascii() and stamp.isdigit()):
            raise PermissionError("timestamp")
        timestamp = int(stamp)
        if abs(self.clock() - timestamp) > self.tolerance:
            raise PermissionError("too old or too new")
        expected = sign_webhook(self.secret, msg_id, timestamp, body)
        if not any(hmac.compare_digest(e.encode(), expected.encode()) for e in signatures.split(" ")):
            raise PermissionError("signature")
        if msg_id in self.seen:
            return False
        self.seen.add(msg_id)
        return True
