"""Wrong: encodes negative numbers with a '-' sign instead of refusing them. Breaks: "negative:
ValueError"."""
def base62_encode(n):
    if n < 0:
        return "-" + base62_encode(-n)
    out = ""
    while True:
        n, r = divmod(n, 62)
        out = BASE62_ALPHABET[r] + out
        if n == 0:
            return out
