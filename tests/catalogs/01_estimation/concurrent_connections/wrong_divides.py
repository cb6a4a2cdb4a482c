"""Wrong: divides by the fraction."""
def concurrent_connections(dau, online_fraction=0.1):
    return dau / online_fraction
