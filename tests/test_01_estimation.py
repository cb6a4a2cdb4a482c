"""01_estimation: the catalog of correct and wrong answers, and the course.runtime.units formatters.

Every correct alternative must get full marks on every autograded cell; every
plausible wrong implementation (or estimate off the band) must lose points in
the cells that grade its name.
"""
import math

import pytest
from harness import catalog_test

from course.runtime.units import (GB, KB, PB, TB, GiB, KiB, how_far, human_bits, human_bytes, human_count,
                          human_duration, human_qps, human_rate)

CONTRACT = {
    "SECONDS_PER_DAY": None,
    "average_qps": "(requests_per_day)",
    "peak_qps": "(requests_per_day, peak_factor=3.0)",
    "storage_bytes": "(writes_per_day, bytes_per_write, years=5, replication=1)",
    "bandwidth_bytes_per_second": "(requests_per_day, bytes_per_request)",
    "cache_bytes": "(reads_per_day, bytes_per_item, hot_fraction=0.2)",
    "concurrent_connections": "(dau, online_fraction=0.1)",
    "METER_READINGS_PER_SECOND": None,
    "METER_STORAGE_TB": None,
    "PODCAST_EGRESS_GBIT_PER_S": None,
    "CHESS_GATEWAY_SERVERS": None,
    "TICKETS_PER_SECOND_FIRST_HOUR": None,
    "WEATHER_CACHE_GB": None,
    "downtime_seconds_per_year": "(availability)",
    "servers_needed": "(peak_qps, qps_per_server, utilization=1.0)",
}

test_catalog = catalog_test("01_estimation")


# -- course.runtime.units (teaching formatters used by the notebook) ------------------------------------
def test_units_are_si_and_binary():
    assert (KB, GB, TB, PB) == (10**3, 10**9, 10**12, 10**15)
    assert (KiB, GiB) == (1024, 2**30)


@pytest.mark.parametrize("value,binary,expected", [
    (0, False, "0 B"), (512, False, "512 B"), (1500, False, "1.5 KB"), (1.46e15, False, "1.46 PB"),
    (999.96e9, False, "1 TB"), (1.46e15, True, "1.3 PiB"), (2**30, True, "1 GiB"), (-2500, False, "-2.5 KB"),
])
def test_human_bytes(value, binary, expected):
    assert human_bytes(value, binary=binary) == expected


def test_rates_counts_and_durations():
    assert human_rate(2.908e9) == "2.91 GB/s"
    assert human_bits(1.25e8) == "1 Gbit/s"
    assert human_count(28_935) == "28.9 thousand" and human_count(2.5e9) == "2.5 billion"
    assert human_qps(11.574) == "11.6/s" and human_qps(28_935) == "28.9 k/s"
    assert human_duration(0.15) == "150 ms" and human_duration(5e-10) == "0.5 ns"
    assert human_duration(2e7) == "231 days" and human_duration(0) == "0 s"


def test_human_formatters_reject_non_numbers():
    with pytest.raises(TypeError):
        human_bytes("12")
    assert human_bytes(math.inf) == "inf"


@pytest.mark.parametrize("got,expected,words", [
    (100, 100, "exact"),
    (2000, 1000, "2x too high (100% above)"),
    (125, 1000, "8x too low (87.5% below); a factor of 8: bits vs bytes?"),
    (1_000_000, 1000, "1,000x too high; a factor of 1000"),
    (10_000, 1e9 / 86_400, "a factor of 1.157: 100,000 s used"),
    (1425, 1460, "a factor of 1.024: KiB vs KB"),
    (0, 5, "0, where about 5 was expected"),
    (-3, 5, "the wrong sign"),
    ("12", 5, "cannot compare"),
])
def test_how_far(got, expected, words):
    assert words in how_far(got, expected)


def test_how_far_gives_no_hint_for_ordinary_misses():
    assert how_far(1.03, 1.0) == "1.03x too high (3% above)"
