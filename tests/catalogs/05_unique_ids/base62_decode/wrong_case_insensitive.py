"""Wrong: lower-cases the input first (so 'A' decodes like 'a'). Breaks: "inverts it" (the case
is part of the digit)."""
def base62_decode(s):
    n = 0
    for ch in s.lower():
        if ch not in BASE62_ALPHABET:
            raise ValueError(ch)
        n = n * 62 + BASE62_ALPHABET.index(ch)
    return n
