"""late_breakpoints.py - breakpoints set after the program passed them (reverse commands,
issue 14): stopped in late_fn, break early_fn and go back to its last call."""

total = 0


def early_fn(i):
    global total
    doubled = i * 2  # EARLY_BODY
    total += doubled


def void_func():
    global total
    total += 100  # VOID_BODY


def late_fn():
    global total
    total += 1000  # LATE_BODY


def main():
    global total
    for i in range(3):
        early_fn(i)  # CALL_EARLY
    void_func()  # CALL_VOID
    total += 1  # AFTER_VOID
    late_fn()  # CALL_LATE
    print("total", total)


main()  # MAIN
