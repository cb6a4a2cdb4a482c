"""Correct, built another way: str.index for the digit (ValueError for free when it is missing),
then a positional sum from the right."""
def base62_decode(s):
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    total = 0
    for power, ch in enumerate(reversed(s)):
        total += alphabet.index(ch) * 62 ** power
    return total
