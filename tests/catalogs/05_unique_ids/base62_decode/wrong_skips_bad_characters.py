# fails: test-base62-decode :: a character outside the alphabet raises ValueError
# fails: test-base62-decode :: more bad characters: '+', '/', ' ', '!', 'é', '-1', '_' all raise ValueError
"""Wrong: silently skips characters outside the alphabet. Breaks: "a character outside the
alphabet: ValueError"."""
def base62_decode(s):
    n = 0
    for ch in s:
        if ch in BASE62_ALPHABET:
            n = n * 62 + BASE62_ALPHABET.index(ch)
    return n
