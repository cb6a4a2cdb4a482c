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
"""Wrong: "FR"/"NFR" are not among the two allowed labels."""
answers = {1: "FR", 2: "FR", 3: "NFR", 4: "FR", 5: "NFR", 6: "NFR", 7: "FR", 8: "NFR", 9: "FR", 10: "NFR"}
