"""Correct: fraction first."""
def concurrent_connections(dau, online_fraction=0.1):
    return online_fraction * dau
