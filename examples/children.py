"""children.py - starts child processes with subprocess and os.system; each child appends
a line to the file named on the command line, and the script keeps what it got back: a
child's output, exit statuses, a pid. Going back across them must show the same values
and start no child again (the file keeps one line per child):
test/session/recordChildren.test.ts."""
import os
import subprocess
import sys

path = sys.argv[1] if len(sys.argv) > 1 else os.devnull
done = subprocess.run(["sh", "-c", f"echo run >> '{path}'; echo $$ $(date +%N)"], capture_output=True, text=True)  # RUN
said = done.stdout.strip()
status = os.system(f"echo system >> '{path}'; exit 5")  # SYSTEM
child = subprocess.Popen(["sh", "-c", f"echo popen >> '{path}'; exit 6"])  # POPEN
code = child.wait()  # WAIT
print(f"said {said} status {status} pid {child.pid} code {code}")  # PRINT
