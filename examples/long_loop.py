"""long_loop.py K N - a loop of N turns, each calling a function; the value goes bad
(negative) at turn K and stays bad. For fred-reverse-watch through a long `c` (fred
counts the lines run instead of stepping through them)."""
import sys


def step(value, turn, bad_turn):
    if turn == bad_turn:
        return -value - 1  # BUG
    return value + turn % 3


bad_turn, turns = int(sys.argv[1]), int(sys.argv[2])
value = 1
for turn in range(turns):
    value = step(value, turn, bad_turn)  # CALL
    if value < 0:
        value -= 1
print(value)  # END
