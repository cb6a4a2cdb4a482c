def downtime_seconds(availability, period_seconds):
    """The period minus the uptime it promises."""
    if availability < 0 or availability > 1 or period_seconds < 0:
        raise ValueError("availability in [0, 1] and a non-negative period, please")
    return period_seconds - availability * period_seconds
