# fails: test-connections :: concurrent_connections(1_000_000) == 100,000 (default: 10 % online)
# fails: test-connections :: no rounding: concurrent_connections(12_345) == 1234.5
"""Wrong: default 1 % online (breaks: online_fraction=0.1)."""
def concurrent_connections(dau, online_fraction=0.01):
    return dau * online_fraction
