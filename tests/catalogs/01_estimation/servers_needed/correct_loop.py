"""Correct: starts from the floor and adds a server while capacity falls short."""
import math


def servers_needed(peak_qps, qps_per_server, utilization=1.0):
    if not qps_per_server > 0:
        raise ValueError("qps_per_server must be positive")
    if not (0 < utilization <= 1):
        raise ValueError("utilization must be in (0, 1]")
    capacity = qps_per_server * utilization
    n = math.floor(peak_qps / capacity)
    while n * capacity < peak_qps:
        n += 1
    return n
