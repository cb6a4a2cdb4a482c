"""Correct (in band): about 1.1 PB."""
TWEET_STORAGE_TB = 1_100
