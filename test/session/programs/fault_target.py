# fault_target.py - a script to break fred pdb on purpose: `fault_target.py MIB SPINS`
# holds MIB MiB (so a snapshot image takes a while to write), then spins SPINS times in
# slow() (so replaying a `next` over that call takes a while), then changes `a`.
import sys

mib = int(sys.argv[1]) if len(sys.argv) > 1 else 0
spins = int(sys.argv[2]) if len(sys.argv) > 2 else 3000000
block = bytes(range(256)) * (mib * 4096)


def slow(n):
    total = 0
    for i in range(n):
        total += i
    return total


a = 1  # A1
slow(spins)
a = 2  # A2
a = 3  # A3
print("a =", a, len(block))
