"""Wrong: milliseconds in a day."""
SECONDS_PER_DAY = 24 * 60 * 60 * 1000
