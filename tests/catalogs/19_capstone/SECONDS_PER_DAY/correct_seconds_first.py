"""Correct: 60 s x 60 min x 24 h."""
# TODO: copy your chapter-01 definitions here: the three function bodies, and SECONDS_PER_DAY at the end.
# APPROACH: paste them from work/01_estimation/estimation.ipynb; keep the signatures as they are.
# EXAMPLE: average_qps(86_400) -> 1.0 ; storage_bytes(1_000, 100) -> 182_500_000


def average_qps(requests_per_day):
    """Average requests per second when `requests_per_day` are spread evenly over one day.

    TODO: your chapter-01 body. APPROACH: one true division by SECONDS_PER_DAY.
    EXAMPLE: average_qps(86_400) -> 1.0
    """
    ### BEGIN SOLUTION
    return requests_per_day / SECONDS_PER_DAY
    ### END SOLUTION


def peak_qps(requests_per_day, peak_factor=3.0):
    """Peak requests per second: the average rate times `peak_factor`.

    TODO: your chapter-01 body. APPROACH: reuse average_qps, then multiply.
    EXAMPLE: peak_qps(86_400) -> 3.0
    """
    ### BEGIN SOLUTION
    return average_qps(requests_per_day) * peak_factor
    ### END SOLUTION


def storage_bytes(writes_per_day, bytes_per_write, years=5, replication=1):
    """Bytes needed to keep `years` of writes, with `replication` copies of everything.

    TODO: your chapter-01 body. APPROACH: bytes per day x 365 x years x replication.
    EXAMPLE: storage_bytes(1_000, 100) -> 182_500_000
    """
    ### BEGIN SOLUTION
    return writes_per_day * bytes_per_write * 365 * years * replication
    ### END SOLUTION


# SECONDS_PER_DAY = ...
### BEGIN SOLUTION
SECONDS_PER_DAY = 60 * 60 * 24
### END SOLUTION