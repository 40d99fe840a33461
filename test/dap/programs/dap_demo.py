"""dap_demo.py - a loop that calls a function and fills an object: stepping, stepping
back and variables over the Debug Adapter Protocol (test/dap/)."""


class Point:
    def __init__(self):
        self.x = 0
        self.y = 0


def square(n):
    result = n * n  # SQUARE
    return result


def main():
    p = Point()
    total = 0
    for i in range(4):
        total += square(i)  # LOOP
        p.x = i
        p.y = total
    print("total = %d" % total)


main()
