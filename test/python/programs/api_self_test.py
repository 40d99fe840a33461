# The fredckpt module tested from inside: run as
#   PYTHONPATH=$(fred-ckpt python-path) fred-ckpt launch -- python3 api_self_test.py DIR
# Phase 1 (the launched process) checks refusals, takes an image, checks resume and
# sessions(), then restore()s the image: phase 2 is the same pid restarted from it,
# which checks restart, hooks and state. Prints "phase N <pid>", then PASS or FAIL <what>.
import os
import sys

import fredckpt

directory = sys.argv[1]
os.environ['FRED_SELF_TEST'] = 'phase 1 environment'
failures = []
events = []


def check(what, ok):
    if not ok:
        failures.append(what)


def finish():
    print('PASS' if not failures else 'FAIL ' + '; '.join(failures), flush=True)
    sys.exit(0 if not failures else 1)


fredckpt.before_checkpoint(lambda: events.append('before'))
fredckpt.on_resume(lambda: events.append('resume'))


@fredckpt.on_restart
def restarted():
    events.append('restart')


check('enabled', fredckpt.enabled())
check('no checkpoint yet', not fredckpt.is_resume() and not fredckpt.is_restart())
check('image dir', fredckpt.image_dir() == directory)

# refusals leave the process as it was
r, w = os.pipe()
try:
    fredckpt.checkpoint(os.path.join(directory, 'refused.img'))
    check('a pipe refuses the checkpoint', False)
except fredckpt.FredCheckpointError as e:
    check('the refusal names the pipe: %s' % e, 'pipe' in str(e) and '\n' not in str(e))
os.close(r)
os.close(w)
check('no image after a refusal', not os.path.exists(os.path.join(directory, 'refused.img')))


def failing_hook():
    raise ValueError('not now')


fredckpt.before_checkpoint(failing_hook)
try:
    fredckpt.checkpoint(os.path.join(directory, 'hook.img'))
    check('a failing before_checkpoint hook stops the checkpoint', False)
except ValueError:
    pass
fredckpt.remove_hook(failing_hook)
check('no image when a hook failed', not os.path.exists(os.path.join(directory, 'hook.img')))

with open(os.path.join(directory, 'not-an-image.img'), 'w') as f:
    f.write('garbage')
try:
    fredckpt.restore(os.path.join(directory, 'not-an-image.img'))
    check('restore of garbage fails', False)
except fredckpt.FredCheckpointError as e:
    check('restore of garbage names the problem: %s' % e, 'fred checkpoint image' in str(e) and 'not-an-image.img' in str(e))
try:
    fredckpt.restore(99)
    check('restore of an unknown id fails', False)
except fredckpt.FredCheckpointError as e:
    check('restore of an unknown id says so: %s' % e, 'no session 99' in str(e))

# the real thing
events.clear()
counter = {'value': 10}
launched_pid = os.getpid()
result = fredckpt.checkpoint()
counter['value'] += 1
if result == fredckpt.RESUME:
    print('phase 1', os.getpid(), flush=True)
    check('resume hooks', events == ['before', 'resume'])
    check('is_resume', fredckpt.is_resume() and not fredckpt.is_restart())
    found = fredckpt.sessions()
    check('one session of this program: %r' % (found,), len(found) == 1 and found[0].id == 1 and found[0].pid == launched_pid)
    check('the session is the default image', os.path.basename(found[0].path) == 'fred-python3-%d-1.img' % launched_pid)
    check('state goes on', counter['value'] == 11)
    if failures:
        finish()
    counter['value'] = 1000
    fredckpt.restore(found[0].id)
    check('restore returned', False)
    finish()
else:
    print('phase 2', os.getpid(), flush=True)
    check('restart result', result == fredckpt.RESTART)
    check('restart hooks: %r' % events, events == ['before', 'restart'])
    check('is_restart', fredckpt.is_restart() and not fredckpt.is_resume())
    check('state from the image: %r' % counter, counter['value'] == 11)
    check('same pid after restore (exec)', os.getpid() == launched_pid)
    check('environment from the image', os.environ['FRED_SELF_TEST'] == 'phase 1 environment')
    again = fredckpt.checkpoint(os.path.join(directory, 'second.img'))
    check('a restarted process checkpoints again', again == fredckpt.RESUME and len(fredckpt.sessions()) == 2)
    finish()
