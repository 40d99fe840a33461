# loop_in_callee.c in Python: main calls work once; work loops (reverse commands out of
# a frame a breakpoint's landing is in, issue 14).
total = 0


def work(n):
    global total
    total = 1  # WORK_FIRST
    for i in range(n):
        total += i  # LOOP_BODY
        total ^= 1  # LOOP_SECOND
    total += 7  # WORK_LAST


def main():
    before = 2  # MAIN_FIRST
    work(before + 3)  # CALL_WORK
    print(total)  # AFTER_WORK


main()
