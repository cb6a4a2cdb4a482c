"""Wrong: alphabet 0-9A-Za-z (upper case first, as some libraries do). Breaks: "alphabet 0-9a-z A-Z
in that order"."""
def base62_encode(n):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    if n < 0:
        raise ValueError(n)
    out = ""
    while True:
        n, r = divmod(n, 62)
        out = alphabet[r] + out
        if n == 0:
            return out
