# fails: test-base62-decode :: longer codes: 'ZZ' -> 3843, '100' -> 3844, '1C' -> 100, and a Snowflake-sized one
# fails: test-base62-decode :: single digits: 'a' -> 10, 'z' -> 35, 'A' -> 36, 'Z' -> 61 (the case matters)
"""Wrong: decodes with the alphabet 0-9A-Za-z. Breaks: "inverts it" (the alphabet is 0-9a-zA-Z)."""
def base62_decode(s):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    n = 0
    for ch in s:
        if ch not in alphabet:
            raise ValueError(ch)
        n = n * 62 + alphabet.index(ch)
    return n
