"""Correct: the first 16 hex digits of the digest are the first 8 bytes, big-endian."""
import hashlib

from course.runtime.scaling_out import NoHealthyBackend


def l4_pick(flow, backends):
    if len(backends) == 0:
        raise NoHealthyBackend("no backends")
    prefix = "|".join(str(part) for part in flow)
    best, best_score = None, -1
    for backend in backends:
        score = int(hashlib.sha256(f"{prefix}|{backend}".encode()).hexdigest()[:16], 16)
        if score > best_score:
            best, best_score = backend, score
    return best
