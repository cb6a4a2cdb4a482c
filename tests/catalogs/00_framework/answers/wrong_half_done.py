"""Wrong: only the first five statements labelled."""
answers = {1: "functional", 2: "functional", 3: "non-functional", 4: "functional", 5: "non-functional"}
