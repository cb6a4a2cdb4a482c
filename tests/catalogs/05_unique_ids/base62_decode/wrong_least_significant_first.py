# fails: test-base62-decode :: longer codes: 'ZZ' -> 3843, '100' -> 3844, '1C' -> 100, and a Snowflake-sized one
# fails: test-base62-decode :: the contract's examples: '0' -> 0, '10' -> 62, '100000' -> 916132832
"""Wrong: reads the digits least significant first. Breaks: "inverts it" ('10' is 62, not 1)."""
def base62_decode(s):
    n = 0
    for power, ch in enumerate(s):
        if ch not in BASE62_ALPHABET:
            raise ValueError(ch)
        n += BASE62_ALPHABET.index(ch) * 62 ** power
    return n
