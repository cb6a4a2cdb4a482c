"""Correct: bytes x 365 x 5 x 3, in TB."""
TWEET_STORAGE_TB = 500e6 * 400 * 365 * 5 * 3 / 1e12
