"""Wrong (0 points): the number of connections, not of servers."""
CHESS_GATEWAY_SERVERS = 8_000_000 * 0.05
