"""Correct: the same labels written with capitals and a space (case and separators do not matter)."""
answers = {
    1: "Functional", 2: "Functional", 3: "Non Functional", 4: "Functional", 5: "NON-FUNCTIONAL",
    6: "Non_Functional", 7: "functional", 8: "nonfunctional", 9: "FUNCTIONAL", 10: "Non-Functional",
}
