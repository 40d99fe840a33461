"""dap_slow.py - a slow loop (10 ms a turn): a reverse-watch over it takes long enough to
be cancelled, and requests sent during it meet a search (test/dap/)."""
import time


def main():
    mark = 0
    total = 0
    for i in range(300):
        if i == 5:
            mark = 1
        total += i
        time.sleep(0.01)
    print("total = %d, mark = %d" % (total, mark))  # END


main()
