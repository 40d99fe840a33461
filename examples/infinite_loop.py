"""infinite_loop.py - never ends by itself: for interrupt (Ctrl-C) tests."""
spins = 0
while True:
    spins += 1  # SPIN
