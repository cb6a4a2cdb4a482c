"""Correct: with bandwidth_bytes_per_second, then bytes to bits."""
bytes_per_user_day = 40 * 60 * 64_000 / 8
PODCAST_EGRESS_GBIT_PER_S = bandwidth_bytes_per_second(10e6, bytes_per_user_day) * 8 / 1e9
