"""late_call.py - a function called after a long loop in main: going back into it
(reverse-finish to its call, reverse-watch over its locals) must not step through the
loop line by line."""


def square(k):
    return k * k  # SQUARE


def work(n):
    total = 0
    for k in range(n):
        total += square(k)  # ADD
    return total  # DONE


def main():
    warm = 0
    for i in range(5000):
        warm += i  # WARM
    b = work(30)  # CALL
    print(warm, b)


main()
