"""Correct (in band): about 400 k per second."""
FANOUT_WRITES_PER_S = 400_000
