# fails: test-estimate-timeline-reads :: right order of magnitude: within a factor of 10 of the reference
# fails: test-estimate-timeline-reads :: within the band: ±25 % of the reference
"""Wrong (0 points): loads per day, not per second."""
TIMELINE_READS_PEAK_PER_S = 250_000_000 * 30 * 3
