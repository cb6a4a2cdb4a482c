"""Correct: through a percentage."""
def concurrent_connections(dau, online_fraction=0.1):
    percent_online = online_fraction * 100
    return dau * percent_online / 100
