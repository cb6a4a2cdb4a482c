"""Correct: ceiling division by negated floor division, converted to int."""
def servers_needed(peak_qps, qps_per_server, utilization=1.0):
    if qps_per_server <= 0 or utilization <= 0 or utilization > 1:
        raise ValueError("bad capacity or utilization")
    usable = qps_per_server * utilization
    return int(-(-peak_qps // usable))
