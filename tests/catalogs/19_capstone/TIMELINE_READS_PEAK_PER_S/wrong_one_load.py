# fails: test-estimate-timeline-reads :: right order of magnitude: within a factor of 10 of the reference
# fails: test-estimate-timeline-reads :: within the band: ±25 % of the reference
"""Wrong (0 points): one timeline load per user a day, 30x too low."""
TIMELINE_READS_PEAK_PER_S = peak_qps(250_000_000)
