"""Correct: sort (score, -position) pairs and take the last."""
import hashlib
import struct

from course.runtime.scaling_out import NoHealthyBackend


def l4_pick(flow, backends):
    backends = list(backends)
    if not backends:
        raise NoHealthyBackend("empty backend list")
    protocol, src_ip, src_port, dst_ip, dst_port = flow
    scored = []
    for position, backend in enumerate(backends):
        digest = hashlib.sha256(f"{protocol}|{src_ip}|{src_port}|{dst_ip}|{dst_port}|{backend}".encode()).digest()
        scored.append((struct.unpack(">Q", digest[:8])[0], -position, backend))
    return sorted(scored)[-1][2]
