# fails: test-base62-encode :: big numbers: 2**63 - 1 and a Snowflake id
# fails: test-base62-encode :: single digits: 9 -> '9', 10 -> 'a', 35 -> 'z', 36 -> 'A', 61 -> 'Z'
# fails: test-base62-encode :: two and three digits: 63 -> '11', 3843 -> 'ZZ', 3844 -> '100', 100 -> '1C'
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
