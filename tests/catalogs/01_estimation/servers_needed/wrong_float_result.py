# fails: test-servers-needed :: servers_needed(10_000, 2_000) == 5 and servers_needed(10_001, 2_000) == 6 (round up)
# fails: test-servers-needed :: utilization, by name and by position: 11,600 QPS at 70 % of 1,000 each is 17
# fails: test-servers-needed :: float loads, tiny loads and no load
"""Wrong: the right count, as a float (5.0): a count of servers is an int."""
def servers_needed(peak_qps, qps_per_server, utilization=1.0):
    if qps_per_server <= 0 or not 0 < utilization <= 1:
        raise ValueError("bad input")
    return -(-peak_qps // (qps_per_server * utilization))
