# fails: test-vault-encrypt :: every object has its own data key, and every nonce is fresh
# fails: test-vault-tamper :: every modified part is detected: nonce, tag, wrapped key, a truncated ciphertext, a missing aad
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class Vault:
    """One data key for the whole vault, made once: every object shares it, so one leaked data key
    opens everything, and the nonce limit of a single key applies to the whole store."""

    def __init__(self, master_keys, active):
        if active not in master_keys or any(type(k) is not bytes or len(k) != 32 for k in master_keys.values()):
            raise ValueError("bad keys")
        self.keys, self.active = dict(master_keys), active
        self.data_key = os.urandom(32)

    def _wrap(self, data_key):
        nonce = os.urandom(12)
        return nonce + AESGCM(self.keys[self.active]).encrypt(nonce, data_key, None)

    def _unwrap(self, blob):
        w = blob["wrapped_key"]
        try:
            return AESGCM(self.keys[blob["kid"]]).decrypt(w[:12], w[12:], None)
        except InvalidTag:
            raise ValueError("tampered") from None

    def encrypt(self, plaintext, aad=b""):
        nonce = os.urandom(12)
        return {"kid": self.active, "wrapped_key": self._wrap(self.data_key),
                "ciphertext": nonce + AESGCM(self.data_key).encrypt(nonce, plaintext, aad)}

    def decrypt(self, blob, aad=b""):
        c = blob["ciphertext"]
        try:
            return AESGCM(self._unwrap(blob)).decrypt(c[:12], c[12:], aad)
        except InvalidTag:
            raise ValueError("tampered") from None

    def rewrap(self, blob):
        return {"kid": self.active, "wrapped_key": self._wrap(self._unwrap(blob)), "ciphertext": blob["ciphertext"]}
