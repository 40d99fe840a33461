"""branch_on_file.py - reads a number from the file named by argv[1], takes one branch or
the other, and writes the next number back: a program with its state on disk. fred's log
holds what the first run read, so a replay takes the same branch; with the log off
(FRED_NO_RECORD=1) a replay from the start reads the new number, stops elsewhere, and
fred says so (test/session/recordReplay.test.ts)."""
import sys

path = sys.argv[1]
with open(path) as f:                   # OPEN
    value = int(f.read())
if value > 5:                           # TEST
    value = value * 2                   # BIG
else:
    value = value + 100                 # SMALL
with open(path, 'w') as f:              # SAVE
    f.write('1\n')
print(value)                            # PRINT
