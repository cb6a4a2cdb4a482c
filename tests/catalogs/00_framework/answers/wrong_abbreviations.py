"""Wrong: "FR"/"NFR" are not among the two allowed labels."""
answers = {1: "FR", 2: "FR", 3: "NFR", 4: "FR", 5: "NFR", 6: "NFR", 7: "FR", 8: "NFR", 9: "FR", 10: "NFR"}
