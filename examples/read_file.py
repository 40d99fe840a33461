"""read_file.py - reads a file (argv[1], default input.txt) and counts characters."""
import sys

name = sys.argv[1] if len(sys.argv) > 1 else "input.txt"
lines = chars = 0
with open(name) as f:
    for line in f:
        lines += 1  # READ
        chars += len(line)
print("%d lines, %d characters" % (lines, chars))
