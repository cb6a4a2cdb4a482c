"""Correct: a lambda bound to the name."""
concurrent_connections = lambda dau, online_fraction=0.1: dau * online_fraction  # noqa: E731
