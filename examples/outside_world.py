# outside_world.py - takes its pid, the clock and random numbers from outside its memory.
# Under fred pdb a replay after going back must show the values this run saw (fred's record
# log); test/session/recordReplay.test.ts checks it.
import os
import random
import time

pid = os.getpid()  # TAKE
now = time.time()
ticks = time.monotonic_ns()
token = random.random()
raw = os.urandom(8).hex()
total = now + token  # TAKEN
print(pid, now, ticks, token, raw)
print(total)  # END
