# fred's helper inside `python3 -m pdb`. src/fred/pdbControl.ts runs it once, through
# pdb's `p` command as exec(SOURCE, {fresh globals}), before the first snapshot: it
# registers the module `_fred_pdb` in sys.modules (nothing is bound in the program's
# namespace), so every copy of the process has it and fred's later requests are short:
#     p __import__('_fred_pdb').save()      p __import__('_fred_pdb').load()
# (a command line wider than the terminal costs readline ~1.5 ms of redrawing).
#
# A snapshot of a pdb session is the whole python3 process, so a restored copy also has
# the DEBUGGER's state of that time. Like gdb, which stays one process across restores,
# fred keeps the debugger state of the live session: before a restore it saves the
# breakpoints (numbers, conditions, ignore counts, hits), their command lists, aliases
# and display expressions to a file, and the restored copy loads them.
#
# Globals given by fred: fred_file, where the state goes.
# Only modules pdb has already imported are used (ast and types come with inspect).
import ast
import bdb
import sys
import types


def find_debugger():
    """The Pdb instance whose command loop runs this helper."""
    frame = sys._getframe()
    while frame is not None:
        candidate = frame.f_locals.get('self')
        if isinstance(candidate, bdb.Bdb):
            return candidate
        frame = frame.f_back
    raise RuntimeError('fred: no pdb instance on the stack')


def stack_position(dbg, frame):
    for index, (entry, _line) in enumerate(getattr(dbg, 'stack', [])):
        if entry is frame:
            return index
    return -1


def save_state(dbg, path):
    displays = []
    for frame, expressions in getattr(dbg, 'displaying', {}).items():
        index = stack_position(dbg, frame)
        if index >= 0:
            displays.append((index, frame.f_code.co_name, frame.f_code.co_filename, list(expressions)))
    state = {
        'next': bdb.Breakpoint.next,
        'breakpoints': [dict(vars(bp)) for bp in bdb.Breakpoint.bpbynumber if bp is not None],
        'breaks': {name: list(lines) for name, lines in dbg.breaks.items()},
        'commands': dict(getattr(dbg, 'commands', {})),
        'commands_doprompt': dict(getattr(dbg, 'commands_doprompt', {})),
        'commands_silent': dict(getattr(dbg, 'commands_silent', {})),
        'aliases': dict(getattr(dbg, 'aliases', {})),
        'displays': displays,
    }
    with open(path, 'w') as out:
        out.write(repr(state))


def load_state(dbg, path):
    with open(path) as source:
        state = ast.literal_eval(source.read())
    by_number = {saved['number']: saved for saved in state['breakpoints']}
    bdb.Breakpoint.bplist = {}
    bdb.Breakpoint.bpbynumber = [None]
    for number in range(1, state['next']):
        saved = by_number.get(number)
        if saved is None:
            bdb.Breakpoint.bpbynumber.append(None)
            continue
        bp = bdb.Breakpoint.__new__(bdb.Breakpoint)
        bp.__dict__.update(saved)
        bdb.Breakpoint.bpbynumber.append(bp)
        bdb.Breakpoint.bplist.setdefault((bp.file, bp.line), []).append(bp)
    bdb.Breakpoint.next = state['next']
    dbg.breaks = {name: list(lines) for name, lines in state['breaks'].items()}
    for name in ('commands', 'commands_doprompt', 'commands_silent', 'aliases'):
        if hasattr(dbg, name):
            setattr(dbg, name, dict(state[name]))
    if hasattr(dbg, 'displaying'):
        dbg.displaying = {}
        stack = getattr(dbg, 'stack', [])
        for index, name, filename, expressions in state['displays']:
            if index < len(stack):
                frame = stack[index][0]
                if frame.f_code.co_name == name and frame.f_code.co_filename == filename:
                    # the values shown as [old: ...] at the next stop are this copy's
                    dbg.displaying[frame] = {e: dbg._getval_except(e, frame) for e in expressions}


def install(path):
    module = types.ModuleType('_fred_pdb', 'fred: carries pdb\'s own state across restores')
    module.save = lambda: save_state(find_debugger(), path)
    module.load = lambda: load_state(find_debugger(), path)
    sys.modules['_fred_pdb'] = module


install(globals()['fred_file'])
