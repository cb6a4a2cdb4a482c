"""Correct: rounded up to whole servers."""
import math

CHESS_GATEWAY_SERVERS = math.ceil(concurrent_connections(8e6, 0.05) / 50_000)
