"""Wrong: multiplies by a 3x peak factor too."""
def concurrent_connections(dau, online_fraction=0.1):
    return dau * online_fraction * 3
