# fails: test-classify-requirements :: statement 3
"""Wrong: the feed's latency target labelled functional."""
answers = {1: "functional", 2: "functional", 3: "functional", 4: "functional", 5: "non-functional",
           6: "non-functional", 7: "functional", 8: "non-functional", 9: "functional", 10: "non-functional"}
