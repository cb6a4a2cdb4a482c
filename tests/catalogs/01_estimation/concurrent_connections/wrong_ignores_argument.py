"""Wrong: always 10 %, whatever online_fraction says."""
def concurrent_connections(dau, online_fraction=0.1):
    return dau * 0.1
