"""spin_lines.py - never ends by itself; its loop body has several lines, so after
Ctrl-C there is somewhere to step to and back from. It prints "spinning" once it is
running, so a test knows when to interrupt."""


def main():
    spins = 0
    odd = 0
    print("spinning", flush=True)
    while True:
        spins += 1  # SPIN
        if spins & 1:
            odd += 1  # ODD


main()
