# fails: test-time-budget-edges :: a one-minute interview is fine
# fails: test-time-budget-edges :: float weights work
# fails: test-time-budget-edges :: tied remainders are compared exactly, not in floating point
# fails: test-time-budget-edges :: a tie in remainders goes to the earlier phase
# fails: test-time-budget-examples :: largest remainders win the spare minutes
# fails: test-time-budget-examples :: three equal phases of 10 minutes: 4, 3, 3
"""Wrong: floors every share and never hands out the spare minutes."""
def time_budget(total_minutes, weights):
    if type(total_minutes) is not int or total_minutes <= 0 or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("bad input")
    total = sum(weights.values())
    return {phase: int(total_minutes * w // total) for phase, w in weights.items()}
