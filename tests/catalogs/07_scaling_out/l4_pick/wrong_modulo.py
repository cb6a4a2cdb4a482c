# fails: test-l4-pick :: 300 flows over 5 backends: every pick is the highest score
# fails: test-l4-pick :: every part of the 5-tuple counts (protocol, ports and addresses)
# fails: test-l4-pick :: removing a backend moves only the flows that were on it; the list order never matters
# fails: test-l4-pick :: the backend with the highest score (the example above)
"""Wrong: hash(flow) % n, not rendezvous: depends on the list's order, and moves most flows on any change."""
import hashlib

from course.runtime.scaling_out import NoHealthyBackend


def l4_pick(flow, backends):
    if not backends:
        raise NoHealthyBackend("no backends")
    key = "|".join(str(part) for part in flow).encode()
    return backends[int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % len(backends)]
