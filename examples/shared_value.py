# shared_value.py - a value in shared memory (mmap.mmap(-1, n) is a MAP_SHARED anonymous
# mapping). Each snapshot shares the page with the program that goes on, so going back
# must give it the value it had at that time (4 and not 37).
import mmap

shared = mmap.mmap(-1, 4096)
shared[0] = 4  # FOUR
before = shared[0]
shared[0] = 37  # LATER
after = shared[0]
print(before, after)
