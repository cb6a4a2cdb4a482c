"""Correct, built another way: recursion on n // 62, the alphabet indexed as a string."""
def base62_encode(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if n < 0:
        raise ValueError("negative")
    if n < 62:
        return digits[n]
    return base62_encode(n // 62) + digits[n % 62]
