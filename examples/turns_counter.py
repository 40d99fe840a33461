# turns_counter.py - two workers append their names to a shared list under a lock,
# sleeping a little between appends, while main looks at the list now and then: what main
# sees depends on timing (plain runs differ), so going back must replay the threads' order.
# Try: b at the SEEN line, c a few times, fred-reverse-continue: `p seen` is what it was.
import threading
import time

lock = threading.Lock()
order = []


def work(name, pause):
    for _ in range(6):
        with lock:
            order.append(name)
        time.sleep(pause)


def main():
    workers = [threading.Thread(target=work, args=(name, pause)) for name, pause in (("a", 0.011), ("b", 0.017))]
    for worker in workers:
        worker.start()
    for _ in range(5):
        time.sleep(0.02)
        with lock:
            seen = "".join(order)
        print(seen)  # SEEN
    for worker in workers:
        worker.join()
    print("".join(order))


main()
