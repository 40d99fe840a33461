# fredckpt outside fred-ckpt: it imports, enabled() is False, every other call raises
# NotUnderFred with a message that says what to do. Prints PASS or FAIL <what>.
import fredckpt

failures = []
if fredckpt.enabled():
    failures.append('enabled() is True outside fred-ckpt')
calls = {
    'checkpoint': fredckpt.checkpoint, 'is_resume': fredckpt.is_resume, 'is_restart': fredckpt.is_restart,
    'sessions': fredckpt.sessions, 'restore': lambda: fredckpt.restore(1), 'image_dir': fredckpt.image_dir,
    'before_checkpoint': lambda: fredckpt.before_checkpoint(print), 'on_resume': lambda: fredckpt.on_resume(print),
    'on_restart': lambda: fredckpt.on_restart(print), 'remove_hook': lambda: fredckpt.remove_hook(print),
}
for name, call in calls.items():
    try:
        call()
        failures.append('%s did not raise' % name)
    except fredckpt.NotUnderFred as e:
        if 'fred-ckpt launch' not in str(e):
            failures.append('%s: unclear message %r' % (name, str(e)))
print('PASS' if not failures else 'FAIL ' + '; '.join(failures))
