"""Wrong: truncates to whole connections (breaks: no rounding)."""
def concurrent_connections(dau, online_fraction=0.1):
    return int(dau * online_fraction)
