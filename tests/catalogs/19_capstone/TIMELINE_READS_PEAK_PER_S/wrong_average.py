# fails: test-estimate-timeline-reads :: within the band: ±25 % of the reference
"""Wrong (half): the average, not the peak."""
TIMELINE_READS_PEAK_PER_S = average_qps(250_000_000 * 30)
