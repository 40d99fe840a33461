"""late_frame.py - the value asked about lives in a function's frame that did not exist
at the start of history: fred-reverse-watch must go down into the calls that create it."""


def work(n):
    total = 0
    for k in range(n):
        total += k * k  # ADD
    return total  # DONE


def main():
    a = 3  # SET
    b = work(a)
    print(b)


main()
