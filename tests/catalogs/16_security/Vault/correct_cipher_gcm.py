import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def _gcm_encrypt(key, plaintext, aad):
    nonce = os.urandom(12)
    encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    if aad:
        encryptor.authenticate_additional_data(aad)
    body = encryptor.update(plaintext) + encryptor.finalize()
    return nonce + body + encryptor.tag


def _gcm_decrypt(key, data, aad):
    if len(data) < 28:
        raise ValueError("too short to be nonce + tag")
    nonce, body, tag = data[:12], data[12:-16], data[-16:]
    decryptor = Cipher(algorithms.AES(key), modes.GCM(nonce, tag)).decryptor()
    if aad:
        decryptor.authenticate_additional_data(aad)
    try:
        return decryptor.update(body) + decryptor.finalize()
    except InvalidTag:
        raise ValueError("authentication failed") from None


class Vault:
    """The lower-level Cipher API (AES in GCM mode, the tag appended by hand): the same bytes as AESGCM."""

    def __init__(self, master_keys, active):
        bad = [kid for kid, key in master_keys.items() if type(key) is not bytes or len(key) != 32]
        if bad or active not in master_keys:
            raise ValueError(f"bad master keys {bad} or active id {active!r}")
        self.master_keys, self.active = dict(master_keys), active

    def encrypt(self, plaintext, aad=b""):
        data_key = os.urandom(32)
        return {"kid": self.active, "wrapped_key": _gcm_encrypt(self.master_keys[self.active], data_key, b""),
                "ciphertext": _gcm_encrypt(data_key, plaintext, aad)}

    def decrypt(self, blob, aad=b""):
        data_key = _gcm_decrypt(self.master_keys[blob["kid"]], blob["wrapped_key"], b"")
        return _gcm_decrypt(data_key, blob["ciphertext"], aad)

    def rewrap(self, blob):
        data_key = _gcm_decrypt(self.master_keys[blob["kid"]], blob["wrapped_key"], b"")
        new = _gcm_encrypt(self.master_keys[self.active], data_key, b"")
        return {"kid": self.active, "wrapped_key": new, "ciphertext": blob["ciphertext"]}
