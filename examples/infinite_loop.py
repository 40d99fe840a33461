"""infinite_loop.py - never ends by itself: for interrupt (Ctrl-C) tests. It prints
"spinning" once it is running, so a test knows when to interrupt."""
spins = 0
print("spinning", flush=True)
while True:
    spins += 1  # SPIN
