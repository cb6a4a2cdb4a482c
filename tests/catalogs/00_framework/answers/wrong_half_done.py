# fails: test-classify-requirements :: statement 10
# fails: test-classify-requirements :: statement 6
# fails: test-classify-requirements :: statement 7
# fails: test-classify-requirements :: statement 8
# fails: test-classify-requirements :: statement 9
"""Wrong: only the first five statements labelled."""
answers = {1: "functional", 2: "functional", 3: "non-functional", 4: "functional", 5: "non-functional"}
