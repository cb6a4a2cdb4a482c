# fails: test-classify-requirements :: statement 1 (uploading a photo) is functional: it is something a user does
# fails: test-classify-requirements :: statement 10
# fails: test-classify-requirements :: statement 2
# fails: test-classify-requirements :: statement 3
# fails: test-classify-requirements :: statement 4
# fails: test-classify-requirements :: statement 5
# fails: test-classify-requirements :: statement 6
# fails: test-classify-requirements :: statement 7
# fails: test-classify-requirements :: statement 8
# fails: test-classify-requirements :: statement 9
"""Wrong: keys are strings "1".."10" instead of the statement numbers."""
answers = {str(n): ("non-functional" if n in (3, 5, 6, 8, 10) else "functional") for n in range(1, 11)}
