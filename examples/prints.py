"""prints.py - prints one numbered line per step, so replays can be checked by output."""


def say(i):
    print("line %d" % i)  # PRINT


for i in range(1, 6):
    say(i)
print("done")  # DONE
