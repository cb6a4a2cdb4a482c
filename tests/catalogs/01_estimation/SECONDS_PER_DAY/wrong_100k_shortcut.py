"""Wrong: the mental-math shortcut; the contract wants exactly 86_400."""
SECONDS_PER_DAY = 100_000
