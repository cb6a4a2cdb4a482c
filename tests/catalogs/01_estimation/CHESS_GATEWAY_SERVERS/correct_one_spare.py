"""Correct (in band): one spare server, 12.5 % above."""
CHESS_GATEWAY_SERVERS = 9
