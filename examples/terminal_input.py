# terminal_input.py - asks for a name and a second line on its terminal (input() and
# sys.stdin.readline()). Going back across the reads and running forward again must not
# ask for them again: they come from fred's record log (test/session/recordReplay.test.ts).
import sys

print("start")
name = input("name? ")  # ASK
line = sys.stdin.readline().strip()
size = len(name) + len(line)  # GOT
print(name, line, size)  # END
