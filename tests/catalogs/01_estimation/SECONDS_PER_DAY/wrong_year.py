"""Wrong: seconds in a year."""
SECONDS_PER_DAY = 365 * 24 * 60 * 60
