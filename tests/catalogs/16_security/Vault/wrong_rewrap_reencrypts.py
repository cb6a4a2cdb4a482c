# fails: test-vault-rotate :: a rotation: old blobs rewrapped, new blobs under the new key, the old key retired
# fails: test-vault-rotate :: rewrap: the active kid, the same ciphertext bytes, readable with only the new master key
# fails: test-vault-rotate :: the same data key, wrapped again under the new master key, with a nonce drawn for every wrap
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class Vault:
    """Rotation by decrypting and encrypting again: the whole object is rewritten (petabytes, in a
    real store), and without the aad, which rewrap does not know, it cannot even decrypt."""

    def __init__(self, master_keys, active):
        if active not in master_keys or any(type(k) is not bytes or len(k) != 32 for k in master_keys.values()):
            raise ValueError("bad keys")
        self.keys, self.active = dict(master_keys), active

    def encrypt(self, plaintext, aad=b""):
        data_key, n1, n2 = os.urandom(32), os.urandom(12), os.urandom(12)
        return {"kid": self.active, "wrapped_key": n1 + AESGCM(self.keys[self.active]).encrypt(n1, data_key, None),
                "ciphertext": n2 + AESGCM(data_key).encrypt(n2, plaintext, aad)}

    def decrypt(self, blob, aad=b""):
        w, c = blob["wrapped_key"], blob["ciphertext"]
        try:
            data_key = AESGCM(self.keys[blob["kid"]]).decrypt(w[:12], w[12:], None)
            return AESGCM(data_key).decrypt(c[:12], c[12:], aad)
        except InvalidTag:
            raise ValueError("tampered") from None

    def rewrap(self, blob):
        return self.encrypt(self.decrypt(blob))
