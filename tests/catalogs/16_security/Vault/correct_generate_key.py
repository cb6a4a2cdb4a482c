import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def _seal(key, plaintext, aad):
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key, sealed, aad):
    try:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], aad)
    except InvalidTag:
        raise ValueError("authentication failed") from None


class Vault:
    """AESGCM.generate_key for data keys, one pair of seal/open helpers for both layers."""

    def __init__(self, master_keys, active):
        if active not in master_keys:
            raise ValueError("unknown active key")
        if not all(isinstance(k, bytes) and len(k) == 32 for k in master_keys.values()):
            raise ValueError("master keys are 32 bytes")
        self.masters = dict(master_keys)
        self.active = active

    def _data_key(self, blob):
        return _open(self.masters[blob["kid"]], blob["wrapped_key"], None)

    def encrypt(self, plaintext, aad=b""):
        data_key = AESGCM.generate_key(bit_length=256)
        return {"kid": self.active,
                "wrapped_key": _seal(self.masters[self.active], data_key, None),
                "ciphertext": _seal(data_key, plaintext, aad)}

    def decrypt(self, blob, aad=b""):
        return _open(self._data_key(blob), blob["ciphertext"], aad)

    def rewrap(self, blob):
        data_key = self._data_key(blob)
        return dict(blob, kid=self.active, wrapped_key=_seal(self.masters[self.active], data_key, None))
