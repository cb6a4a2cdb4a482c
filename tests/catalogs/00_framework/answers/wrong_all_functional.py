# fails: test-classify-requirements :: statement 10
# fails: test-classify-requirements :: statement 3
# fails: test-classify-requirements :: statement 5
# fails: test-classify-requirements :: statement 6
# fails: test-classify-requirements :: statement 8
"""Wrong: every statement labelled functional."""
answers = {n: "functional" for n in range(1, 11)}
