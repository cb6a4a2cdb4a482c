"""Correct: online players over connections per server."""
CHESS_GATEWAY_SERVERS = 8_000_000 * 0.05 / 50_000
