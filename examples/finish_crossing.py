# finish_crossing.c in Python: reverse-finish crossing breakpoints set after the program
# passed them (issue 14).
total = 0


def helper(k):
    global total
    total += k  # HELPER_BODY


def outer(n):
    global total
    before = n + 1  # OUTER_FIRST
    helper(before)  # CALL_HELPER
    total += before  # OUTER_MIDDLE
    total *= 2  # OUTER_LAST


def main():
    outer(3)  # CALL_OUTER
    outer(5)  # CALL_OUTER_AGAIN
    print(total)  # END


main()
