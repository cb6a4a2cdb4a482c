# fails: test-classify-requirements :: statement 8
"""Wrong: "handles 500 million daily users" read as a feature (it is scale: non-functional)."""
answers = {1: "functional", 2: "functional", 3: "non-functional", 4: "functional", 5: "non-functional",
           6: "non-functional", 7: "functional", 8: "functional", 9: "functional", 10: "non-functional"}
