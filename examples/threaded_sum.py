# threaded_sum.py - main() sums squares under a lock while a helper thread (threading)
# takes the same lock in the background: a Python program with two threads.
# Try: b at the ADD line, c, n a few times, fred-reverse-next.
import threading
import time

lock = threading.Lock()
ticks = [0]


def tick():
    while True:
        with lock:
            ticks[0] += 1
        time.sleep(0.001)


def main():
    threading.Thread(target=tick, daemon=True).start()
    total = 0
    for i in range(1, 6):
        with lock:
            total += i * i  # ADD
    print("total", total)


main()
