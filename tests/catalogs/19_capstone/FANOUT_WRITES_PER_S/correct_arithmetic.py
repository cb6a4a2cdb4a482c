"""Correct: plain arithmetic."""
FANOUT_WRITES_PER_S = 500e6 * 75 / 86_400
