"""Wrong: rounds to whole connections (breaks: no rounding)."""
def concurrent_connections(dau, online_fraction=0.1):
    return round(dau * online_fraction)
