"""factorial.py - recursion: factorial(5) calls itself down to factorial(1)."""


def factorial(n):
    if n <= 1:
        return 1  # BASE
    rest = factorial(n - 1)  # RECURSE
    return n * rest


result = factorial(5)  # CALL
print("factorial(5) = %d" % result)
