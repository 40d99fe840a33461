# fredckpt driven from outside: takes an image at IMAGE from inside, reports, and waits
# to be killed; the test restarts the image with `fred-ckpt restart IMAGE`.
# usage: api_waiter.py IMAGE
import os
import sys

import fredckpt

fredckpt.on_restart(lambda: print('hook restart', flush=True))
data = {'items': list(range(100_000))}
result = fredckpt.checkpoint(sys.argv[1])
print('returned', result, os.getpid(), sum(data['items']), flush=True)
print('sessions', [s.path for s in fredckpt.sessions()], flush=True)
if result == fredckpt.RESUME:
    sys.stdin.readline()
