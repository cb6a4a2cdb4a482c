# fails: test-time-budget-edges :: tied remainders are compared exactly, not in floating point
# fails: test-time-budget-edges :: a tie in remainders goes to the earlier phase
# fails: test-time-budget-examples :: three equal phases of 10 minutes: 4, 3, 3
"""Wrong: rounds each share on its own, so the minutes need not add up."""
def time_budget(total_minutes, weights):
    if type(total_minutes) is not int or total_minutes <= 0 or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("bad input")
    total = sum(weights.values())
    return {phase: round(total_minutes * w / total) for phase, w in weights.items()}
