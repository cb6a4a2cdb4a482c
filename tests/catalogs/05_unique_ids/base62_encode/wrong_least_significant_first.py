"""Wrong: forgets to reverse the digits (least significant first). Breaks: "62 -> '10'"."""
def base62_encode(n):
    if n < 0:
        raise ValueError(n)
    out = ""
    while True:
        n, r = divmod(n, 62)
        out += BASE62_ALPHABET[r]
        if n == 0:
            return out
