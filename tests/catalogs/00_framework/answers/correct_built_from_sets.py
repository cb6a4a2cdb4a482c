"""Correct: built from the set of non-functional statement numbers."""
NON_FUNCTIONAL = {3, 5, 6, 8, 10}
answers = {n: ("non-functional" if n in NON_FUNCTIONAL else "functional") for n in range(1, 11)}
