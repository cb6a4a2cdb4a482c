"""Wrong: minutes in a day, not seconds."""
SECONDS_PER_DAY = 24 * 60
