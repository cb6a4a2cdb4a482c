"""Correct: a lambda bound to the name."""
average_qps = lambda requests_per_day: requests_per_day / (24 * 3600)  # noqa: E731
