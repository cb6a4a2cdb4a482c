"""Wrong: a string, not a number."""
SECONDS_PER_DAY = "86400"
