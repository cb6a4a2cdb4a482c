"""Wrong: rounds each share on its own, so the minutes need not add up."""
def time_budget(total_minutes, weights):
    if total_minutes <= 0 or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("bad input")
    total = sum(weights.values())
    return {phase: round(total_minutes * w / total) for phase, w in weights.items()}
