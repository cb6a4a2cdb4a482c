"""Wrong: seconds in an hour."""
SECONDS_PER_DAY = 60 * 60
