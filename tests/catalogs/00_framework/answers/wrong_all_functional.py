"""Wrong: every statement labelled functional."""
answers = {n: "functional" for n in range(1, 11)}
