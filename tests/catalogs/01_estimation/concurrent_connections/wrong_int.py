# fails: test-connections :: no rounding: concurrent_connections(12_345) == 1234.5
"""Wrong: truncates to whole connections (breaks: no rounding)."""
def concurrent_connections(dau, online_fraction=0.1):
    return int(dau * online_fraction)
