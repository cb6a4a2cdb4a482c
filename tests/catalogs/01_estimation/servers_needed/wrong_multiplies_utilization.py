# fails: test-servers-needed :: utilization, by name and by position: 11,600 QPS at 70 % of 1,000 each is 17
"""Wrong: multiplies the peak by the utilization instead of dividing (fewer servers, not more)."""
import math


def servers_needed(peak_qps, qps_per_server, utilization=1.0):
    if qps_per_server <= 0 or not 0 < utilization <= 1:
        raise ValueError("bad input")
    return math.ceil(peak_qps * utilization / qps_per_server)
