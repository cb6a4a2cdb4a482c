# fails: test-base62-decode :: longer codes: 'ZZ' -> 3843, '100' -> 3844, '1C' -> 100, and a Snowflake-sized one
# fails: test-base62-decode :: single digits: 'a' -> 10, 'z' -> 35, 'A' -> 36, 'Z' -> 61 (the case matters)
"""Wrong: lower-cases the input first (so 'A' decodes like 'a'). Breaks: "inverts it" (the case
is part of the digit)."""
def base62_decode(s):
    n = 0
    for ch in s.lower():
        if ch not in BASE62_ALPHABET:
            raise ValueError(ch)
        n = n * 62 + BASE62_ALPHABET.index(ch)
    return n
