# Takes for itself the signal fred's pdb helper asks for after a restart (SIGRTMAX-2): a
# restored copy of it then shows no prompt by itself, and fred has to ask pdb for one.
import signal

signal.signal(signal.SIGRTMAX - 2, lambda signum, frame: None)
total = 0
for i in range(5):
    total += i  # LOOP
print(total)
