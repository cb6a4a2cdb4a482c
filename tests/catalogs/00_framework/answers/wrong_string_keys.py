"""Wrong: keys are strings "1".."10" instead of the statement numbers."""
answers = {str(n): ("non-functional" if n in (3, 5, 6, 8, 10) else "functional") for n in range(1, 11)}
