"""Correct: the implementation the one-line mistakes of mutants.toml are applied to."""
def base62_encode(n):
    if n < 0:
        raise ValueError(n)
    out = ''
    while True:
        n, r = divmod(n, 62)
        out = BASE62_ALPHABET[r] + out
        if n == 0:
            return out
