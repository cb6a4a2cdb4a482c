# fails: test-base62-encode :: the contract's examples: 0 -> '0', 62 -> '10', 916132832 -> '100000'
"""Wrong: the loop never runs for 0, so 0 gives "". Breaks: "0 -> '0'"."""
def base62_encode(n):
    if n < 0:
        raise ValueError(n)
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = BASE62_ALPHABET[r] + out
    return out
