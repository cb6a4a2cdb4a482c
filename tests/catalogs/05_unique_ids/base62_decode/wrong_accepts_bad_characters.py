# fails: test-base62-decode :: a character outside the alphabet raises ValueError
# fails: test-base62-decode :: more bad characters: '+', '/', ' ', '!', 'é', '-1', '_' all raise ValueError
"""Wrong: str.find returns -1 for an unknown character, and the code uses it as a digit. Breaks:
"a character outside the alphabet: ValueError"."""
def base62_decode(s):
    n = 0
    for ch in s:
        n = n * 62 + BASE62_ALPHABET.find(ch)
    return n
