"""Wrong: folds a 3x peak factor into the average."""
def average_qps(requests_per_day):
    return requests_per_day / 86_400 * 3
