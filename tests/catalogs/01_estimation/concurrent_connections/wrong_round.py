# fails: test-connections :: no rounding: concurrent_connections(12_345) == 1234.5
"""Wrong: rounds to whole connections (breaks: no rounding)."""
def concurrent_connections(dau, online_fraction=0.1):
    return round(dau * online_fraction)
