"""03_sharding: the HashRing catalog, and the work probe its speed test relies on."""
import bisect
import random

from harness import catalog_test

from course.runtime.probes import lookup_work

CONTRACT = {
    "HashRing": {"__init__": "(self, nodes=(), vnodes=100)", "add_node": "(self, node)",
                 "remove_node": "(self, node)", "get_node": "(self, key)", "get_nodes": "(self, key, n)",
                 "__len__": "(self)", "__contains__": "(self, node)"},
}

test_catalog = catalog_test("03_sharding")


def _sorted_values(n, seed=1):
    rng = random.Random(seed)
    return sorted(rng.randrange(2 ** 64) for _ in range(n))


PROBES = [random.Random(2).randrange(2 ** 64) for _ in range(12)]


def test_lookup_work_bisect_is_flat():
    small, big = _sorted_values(16), _sorted_values(32_768)
    ws = lookup_work(lambda t: bisect.bisect_left(small, t), PROBES)
    wb = lookup_work(lambda t: bisect.bisect_left(big, t), PROBES)
    assert wb.bytecodes == ws.bytecodes
    assert wb.big_sorts == 0
    assert wb.min_peak_bytes - ws.min_peak_bytes <= 1024


def test_lookup_work_sees_a_python_scan():
    values = _sorted_values(4096)

    def scan(t):
        for i, v in enumerate(values):
            if v >= t:
                return i
        return 0

    assert lookup_work(scan, PROBES).bytecodes_per_call > 1000


def test_lookup_work_sees_an_inplace_sort_and_a_copy():
    values = _sorted_values(4096)

    def resort(t):
        values.sort()
        return bisect.bisect_left(values, t)

    assert lookup_work(resort, PROBES).big_sorts == len(PROBES)  # counted on one of the passes
    assert lookup_work(lambda t: bisect.bisect_left(sorted(values), t), PROBES).min_peak_bytes >= 8 * 4096


def test_lookup_work_restores_tracers():
    import sys

    before = (sys.gettrace(), sys.getprofile())
    lookup_work(lambda t: t, PROBES)
    assert (sys.gettrace(), sys.getprofile()) == before
