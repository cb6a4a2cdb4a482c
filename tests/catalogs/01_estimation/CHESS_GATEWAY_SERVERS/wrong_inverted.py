"""Wrong (0 points): the ratio upside down."""
CHESS_GATEWAY_SERVERS = 50_000 / (8_000_000 * 0.05)
