"""Wrong: default 1 % online (breaks: online_fraction=0.1)."""
def concurrent_connections(dau, online_fraction=0.01):
    return dau * online_fraction
