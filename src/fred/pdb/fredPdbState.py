# fred's helper inside `python3 -m pdb`. src/fred/pdb/pdbControl.ts runs it once, through
# pdb's `p` command as exec(SOURCE, {fresh globals}), before the first snapshot: it
# registers the module `_fred_pdb` in sys.modules (nothing is bound in the program's
# namespace), so every copy of the process has it and fred's later requests are short:
#     p __import__('_fred_pdb').save()      p __import__('_fred_pdb').load()
#     p __import__('_fred_pdb').stop()      p __import__('_fred_pdb').arm('next', 1000)
#     p __import__('_fred_pdb').stop_frames()
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
import dis
import re
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


# The display values the user last saw, per frame, kept from the first restore of a
# reverse command to its end (its probes' copies have seen other values): after the stop,
# pdb shows what changed since then, as after a forward stop (shown_displays()).
user_view = None


def save_state(dbg, path):
    displays = []
    seen = []
    for frame, expressions in getattr(dbg, 'displaying', {}).items():
        index = stack_position(dbg, frame)
        if index >= 0:
            displays.append((index, frame.f_code.co_name, frame.f_code.co_filename, list(expressions)))
            seen.append((index, frame.f_code.co_name, frame.f_code.co_filename, {e: repr(v) for e, v in expressions.items()}))
    state = {
        'next': bdb.Breakpoint.next,
        'breakpoints': [dict(vars(bp)) for bp in bdb.Breakpoint.bpbynumber if bp is not None],
        'breaks': {name: list(lines) for name, lines in dbg.breaks.items()},
        'commands': dict(getattr(dbg, 'commands', {})),
        'commands_doprompt': dict(getattr(dbg, 'commands_doprompt', {})),
        'commands_silent': dict(getattr(dbg, 'commands_silent', {})),
        'aliases': dict(getattr(dbg, 'aliases', {})),
        'displays': displays,
        'user_view': seen if user_view is None else user_view,
    }
    with open(path, 'w') as out:
        out.write(repr(state))


def select_newest_frame(dbg):
    """A snapshot stands for its time point with the innermost frame selected (fred replays
    the user's up/down after it), whatever frame was selected when it was taken."""
    stack = getattr(dbg, 'stack', None)
    if not stack:
        return
    dbg.curindex = len(stack) - 1
    dbg.curframe = stack[-1][0]
    if hasattr(dbg, 'curframe_locals'):
        try:
            dbg.curframe_locals = dbg.curframe.f_locals
        except AttributeError:
            pass
    dbg.lineno = None


def load_state(dbg, path):
    global user_view
    with open(path) as source:
        state = ast.literal_eval(source.read())
    user_view = state.get('user_view')
    select_newest_frame(dbg)
    by_number = {saved['number']: saved for saved in state['breakpoints']}
    # the copy's own breakpoints are those of its time point
    own = {bp.number: bp for bp in bdb.Breakpoint.bpbynumber if bp is not None}
    bdb.Breakpoint.bplist = {}
    bdb.Breakpoint.bpbynumber = [None]
    for number in range(1, state['next']):
        saved = by_number.get(number)
        if saved is None:
            bdb.Breakpoint.bpbynumber.append(None)
            continue
        bp = bdb.Breakpoint.__new__(bdb.Breakpoint)
        bp.__dict__.update(saved)
        # how often it had been hit and how many crossings it still ignored there (a
        # breakpoint made later: none yet)
        then = own.get(number)
        same = then is not None and (then.file, then.line) == (bp.file, bp.line)
        bp.hits, bp.ignore = (then.hits, then.ignore) if same else (0, 0)
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


def shown_displays(dbg):
    """After a reverse command's stop: pdb's display lines for the values of the current
    frame that differ from what the user last saw there (pdb's own format)."""
    global user_view
    view, user_view = user_view, None
    frame = getattr(dbg, 'curframe', None)
    displaying = getattr(dbg, 'displaying', {}).get(frame)
    if view is None or not displaying:
        return
    index = stack_position(dbg, frame)
    seen = next((values for i, name, filename, values in view
                 if i == index and name == frame.f_code.co_name and filename == frame.f_code.co_filename), {})
    for expression in displaying:
        value = dbg._getval_except(expression, frame)
        displaying[expression] = value
        if expression in seen and repr(value) != seen[expression]:
            dbg.message('display %s: %r  [old: %s]' % (expression, value, seen[expression]))


# --- How the current stop came about, in gdb's terms --------------------------------
# pdb announces no breakpoint hit, and when a step lands on a breakpoint's line bdb does
# not even look at the breakpoint (stop_here() wins over break_here()). fred's history
# needs gdb's meaning: a step that ends on an effective breakpoint stopped there.

def stop_event(dbg):
    """'line', 'call', 'return' or 'exception': which bdb callback this prompt runs in."""
    frame = sys._getframe()
    while frame is not None:
        name = frame.f_code.co_name
        if name.startswith('user_') and frame.f_locals.get('self') is dbg:
            return name[5:]
        frame = frame.f_back
    return None


def first_body_line(code):
    for _offset, line in dis.findlinestarts(code):
        if line is not None and line != code.co_firstlineno:
            return line
    return code.co_firstlineno


def breakpoint_matches(bp, frame):
    """bdb.checkfuncname without its side effect."""
    if not bp.funcname:
        return bp.line == frame.f_lineno
    if frame.f_code.co_name != bp.funcname:
        return False
    return frame.f_lineno == (bp.func_first_executable_line or first_body_line(frame.f_code))


def breaks_here(dbg, frame):
    """What bdb's break_here() would answer, without counting hits or ignores."""
    filename = dbg.canonic(frame.f_code.co_filename)
    lines = dbg.breaks.get(filename, ())
    for line in {frame.f_lineno, frame.f_code.co_firstlineno}:
        if line not in lines:
            continue
        for bp in bdb.Breakpoint.bplist.get((filename, line), ()):
            if not bp.enabled or bp.ignore > 0 or not breakpoint_matches(bp, frame):
                continue
            if not bp.cond:
                return True
            try:
                if eval(bp.cond, frame.f_globals, frame.f_locals):
                    return True
            except Exception:
                return True   # bdb stops when a condition fails
    return False


def stop_info(dbg):
    """(user frames on the stack, stopped at an effective breakpoint, any breakpoints at
    all, how the last armed repeat ended: 'count', 'breakpoint', 'end', None without one)."""
    disarm(dbg)
    stack = [frame for frame, _line in getattr(dbg, 'stack', [])]
    first = 0
    while first < len(stack) and (stack[first].f_code.co_filename == '<string>' or stack[first].f_code.co_filename.endswith('bdb.py')):
        first += 1
    at_break = bool(stack) and stop_event(dbg) == 'line' and breaks_here(dbg, stack[-1])
    ended, repeat['ended'] = repeat['ended'], None
    return (len(stack) - first, at_break, bool(dbg.breaks), ended)


# --- `next N` and `step N` inside python3 ---------------------------------------------
# pdb has no repeat counts, and a round trip through the terminal costs ~0.2 ms per step:
# replaying a million steps that way takes minutes. arm() makes the next N-1 stops of
# the `next` or `step` fred sends next repeat it at once, without a prompt, as typing it
# again would; the repeat ends early at an event, as gdb's `next N` does: an effective
# breakpoint, a `next` that ends deeper than it started (only a breakpoint does that),
# post mortem, or the end of the program (pdb restarts it: a new bottom frame). An
# exception stop is a step like any other. stop() disarms whatever is left and says how
# the repeat ended.

repeat = {'ended': None}


def frame_depth(frame):
    depth = 0
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth


def disarm(dbg):
    dbg.__dict__.pop('interaction', None)


def arm(dbg, command, count):
    state = {'left': count - 1, 'depth': frame_depth(dbg.curframe), 'botframe': dbg.botframe}
    repeat['ended'] = None

    def event(frame):
        """Why the repeat must end at this stop: 'breakpoint', 'end', or '' (go on)."""
        if frame is None or dbg.botframe is not state['botframe']:
            return 'end'   # post mortem, or the program ended and pdb restarted it
        if command == 'next' and frame_depth(frame) > state['depth']:
            return 'breakpoint'
        callback = sys._getframe(2).f_code.co_name   # pdb's user_line, user_call, ...
        return 'breakpoint' if callback == 'user_line' and breaks_here(dbg, frame) else ''

    def interaction(frame, traceback):
        why = event(frame)
        if state['left'] > 0 and not why:
            state['left'] -= 1
            state['depth'] = frame_depth(frame)
            if command == 'next':
                dbg.set_next(frame)
            else:
                dbg.set_step()
            return None
        repeat['ended'] = why or 'count'
        disarm(dbg)
        return dbg.interaction(frame, traceback)

    if command not in ('next', 'step') or count < 1:
        raise ValueError('fred: arm(next|step, count >= 1)')
    dbg.interaction = interaction


# --- counted stops: `fred-hits 0 N`, just before the N-th line the program runs ---------
# fred-reverse-watch goes through a long `c` without `next`s: the program runs with a
# trace that only counts 'line' events (in every frame of the program's, ~0.5 us each
# here, against ~60 us for a pdb `next`), and at the N-th one pdb takes over as if it had
# stepped there: the prompt stands before that line. A breakpoint that stops the `c`
# first ends it there, as pdb would (its hit counted once). Deterministic: replayed like
# any command.

def program_frames(frame):
    """frame and its callers, down to pdb's bottom frame (what bdb.set_trace walks)."""
    while frame is not None:
        yield frame
        frame = frame.f_back


def arm_lines(dbg, count, stop_when=None, seen=None, origins=None):
    """The `c` sent next stops just before the count-th line event from here (or at the
    first one `stop_when` accepts; `seen[0]` counts them; `origins`, a FrameOrigins, is
    told of every call, line and return)."""
    if count < 1:
        raise ValueError('fred: arm_lines(count >= 1)')
    innermost = dbg.stack[-1][0] if getattr(dbg, 'stack', None) else dbg.curframe
    botframe = dbg.botframe
    left = [count]
    watched_lines = set()

    def hand_back():
        dbg.__dict__.pop('trace_dispatch', None)
        dbg.__dict__.pop('set_continue', None)
        sys.settrace(dbg.trace_dispatch)

    def stop_at(frame):
        hand_back()
        for f in program_frames(frame):
            f.f_trace = dbg.trace_dispatch
        dbg.set_step()
        return dbg.trace_dispatch(frame, 'line', None)

    def local(frame, event, arg):
        if dbg.botframe is not botframe:      # the program ended and pdb restarted it
            hand_back()
            return dbg.trace_dispatch(frame, event, arg)
        if event != 'line':
            if event == 'return' and origins is not None:
                origins.returned(frame)
            return local
        left[0] -= 1
        if seen is not None:
            seen[0] += 1
        if origins is not None:
            origins.line(frame, count - left[0])
        if left[0] <= 0 or (stop_when is not None and stop_when(frame)):
            return stop_at(frame)
        # with fred's recorders armed (hits_arm), every line is shown to them, as pdb's own dispatch does
        recording = 'break_here' in dbg.__dict__
        if (recording or frame.f_lineno in watched_lines or frame.f_code.co_firstlineno in watched_lines) and dbg.break_here(frame):
            return stop_at(frame)
        return local

    def on_call(frame, event, arg):
        if dbg.botframe is not botframe:
            hand_back()
            return dbg.trace_dispatch(frame, event, arg)
        if frame.f_globals.get('__name__', '').startswith('_fred'):
            return None
        if origins is not None:
            origins.called(frame, count - left[0])
        return local

    def counted_continue():
        dbg.__dict__.pop('set_continue', None)
        dbg._set_stopinfo(dbg.botframe, None, -1)     # as set_continue: pdb stops nowhere
        for lines in dbg.breaks.values():
            watched_lines.update(lines)
        for f in program_frames(innermost):
            f.f_trace = local
        dbg.trace_dispatch = local   # what the line event pdb stopped on hands the frame back
        sys.settrace(on_call)

    dbg.set_continue = counted_continue


# --- a Ctrl-C stop as a counted stop -----------------------------------------------------
# pdb stops after Ctrl-C at the next line event, somewhere in a `c` no command replays to.
# To step back from there, fred replays the `c` from its start counting lines, and stops
# at the first line event whose state is the Ctrl-C stop's (the same frames at the same
# instructions with the same locals): its count makes the stop `fred-hits 0 N`.

ADDRESS = re.compile(r' at 0x[0-9a-f]+')


def state_of(frame):
    """The program's frames from `frame` out (pdb's own below them left out; its bottom
    frame moves after a Ctrl-C): where each is, and its locals (a module's without
    __builtins__)."""
    parts = []
    while frame is not None and frame.f_code.co_filename != '<string>' and not frame.f_code.co_filename.endswith('bdb.py'):
        code = frame.f_code
        names = frame.f_locals
        if names is frame.f_globals:
            names = {name: value for name, value in names.items() if name != '__builtins__'}
        # addresses in reprs differ between runs: pdb's own objects share the heap
        parts.append((code.co_filename, code.co_name, frame.f_lineno, frame.f_lasti, ADDRESS.sub('', repr(names))))
        frame = frame.f_back
    return repr(parts)


def save_stop_state(dbg, path):
    """Keep the state of this stop in a file (arm_find runs in an earlier copy)."""
    frame = dbg.stack[-1][0] if getattr(dbg, 'stack', None) else dbg.curframe
    with open(path, 'w') as out:
        out.write(state_of(frame))


found = {'count': None}


def arm_find(dbg, path, most):
    """The `c` sent next stops at the first line event whose state_of() is the one
    save_stop_state() kept, or at the most-th line event (found['count'] stays None then).
    No clock is read: the record log would take each reading for the program's."""
    with open(path) as kept:
        wanted = kept.read()
    code_at = ast.literal_eval(wanted)[0]   # (file, function, line, ...) of the innermost frame
    found['count'] = None
    count = [0]

    def matches(frame):
        code = frame.f_code
        if frame.f_lineno != code_at[2] or code.co_name != code_at[1] or code.co_filename != code_at[0]:
            return False
        if state_of(frame) == wanted:
            found['count'] = count[0]
            return True
        return False

    arm_lines(dbg, most, matches, count)


# --- where a frame came from, counted in lines --------------------------------------------
# Going back into a frame entered during a `c` (fred-reverse-finish to its call,
# fred-reverse-watch over its locals) needs two points inside that `c`: the frame's first
# line and the caller's line that called it. One replay of the `c` with the counting trace
# notes both for every frame that is live, as counts of line events: `fred-hits 0 N`
# replays to each.

class FrameOrigins:
    """Per live frame entered during the counted `c` (by id: a live frame's id is its
    own; entries go when the frame returns): the count of its first line event and of its
    caller's latest line event before the call (0: none since the `c` began)."""

    def __init__(self):
        self.entered = {}
        self.last_line = {}
        self.lines = 0

    def called(self, frame, lines):
        # a generator resumed is called again: its origin is the latest resumption
        caller = frame.f_back
        self.entered[id(frame)] = (lines + 1, self.last_line.get(id(caller), 0) if caller is not None else 0)

    def line(self, frame, lines):
        self.last_line[id(frame)] = lines
        self.lines = lines

    def returned(self, frame):
        self.entered.pop(id(frame), None)
        self.last_line.pop(id(frame), None)


origin_run = {'armed': None}


def arm_origins(dbg, most=None):
    """The `c` sent next runs as itself (or stops at the most-th line event, as a counted
    stop), with the counting trace noting frame origins."""
    origin_run['armed'] = FrameOrigins()
    arm_lines(dbg, most or 2 ** 62, None, None, origin_run['armed'])


def frame_origin(dbg, depth):
    """After the armed `c`: 'fred-origin ENTRY SITE LINES' for the user's frame `depth`
    frames from the outermost, 'fred-origin before - LINES' when it existed before the
    `c`, 'fred-origin none - LINES' when there is no such frame."""
    armed, origin_run['armed'] = origin_run['armed'], None
    lines = armed.lines if armed else 0
    stack = [frame for frame, _line in getattr(dbg, 'stack', [])]
    first = 0
    while first < len(stack) and (stack[first].f_code.co_filename == '<string>' or stack[first].f_code.co_filename.endswith('bdb.py')):
        first += 1
    if armed is None or depth < 1 or len(stack) - first < depth:
        print('fred-origin none - %d' % lines)
        return
    origin = armed.entered.get(id(stack[first + depth - 1]))
    if origin is None:
        print('fred-origin before - %d' % lines)
    else:
        print('fred-origin %d %d %d' % (origin[0], origin[1], lines))


def pause_recording_at_prompt(dbg):
    """pdb's own reads and writes (its commands, the location it prints) are not the
    program's: the record log (fred_record.h) pauses when pdb takes over at a stop (setup)
    and resumes when a command lets the program go. python3 starts paused, so pdb's first
    prompt was never recorded either. A Ctrl-C that came while pdb still read or ran the
    command (see interrupt_in_program) stops the program as soon as that command lets it go."""
    try:
        import ctypes   # the one module fred imports that pdb has not: it finds the library
        pause = ctypes.CDLL(None).fred_record_pause
    except (ImportError, OSError, AttributeError):
        pause = None
    else:
        pause.argtypes = [ctypes.c_int]
    setup, postcmd = dbg.setup, dbg.postcmd

    def paused_setup(frame, traceback):
        if pause:
            pause(1)
        dbg.fred_resumed_from = None
        return setup(frame, traceback)

    def resuming_postcmd(stop, line):
        stop = postcmd(stop, line)
        if stop:
            dbg.fred_resumed_from = dbg.stack[-1][0] if dbg.stack else None
            if dbg.fred_interrupt_pending:
                interrupt_at_once(dbg)
        elif not FRED_REQUEST.match(line):
            dbg.fred_interrupt_pending = False   # a Ctrl-C is for the command it came with
        if stop and pause:
            pause(0)
        return stop

    def paused_message(msg):
        # pdb also writes before it takes over a stop ("--Return--", "--Call--", "Deleted
        # breakpoint" of a temporary one): its own text, not the program's; a stop follows
        if pause:
            pause(1)
        return message(msg)

    def paused_error(msg):
        if pause:
            pause(1)
        return error(msg)

    message, error = dbg.message, dbg.error
    dbg.fred_interrupt_pending = False
    dbg.fred_resumed_from = None   # the frame a command let go, until the next stop
    dbg.setup = paused_setup
    dbg.postcmd = resuming_postcmd
    dbg.message = paused_message
    dbg.error = paused_error


# pdb commands that let the program run, and fred's own requests (`p __import__('_fred_pdb')...`)
RESUMING = re.compile(r'\s*(c|cont|continue|n|next|s|step|r|return|unt|until)\b')
FRED_REQUEST = re.compile(r"\s*p __import__\('_fred_pdb'\)")


def interrupt_at_once(dbg):
    """What pdb's Ctrl-C handler does, for a Ctrl-C that came before the program ran: stop
    at the next line it runs. Written past dbg.message, which would pause the record log
    while that line runs."""
    dbg.fred_interrupt_pending = False
    frame = dbg.fred_resumed_from
    if frame is None:
        return
    print("\nProgram interrupted. (Use 'cont' to resume).", file=dbg.stdout)
    dbg.set_trace(frame)


def command_at_prompt(dbg, frame):
    """While pdb waits for or runs a command: that command's line ('' while it reads one);
    None when the program runs."""
    line = ''
    while frame is not None:
        code = frame.f_code.co_name
        if code == 'onecmd' and frame.f_locals.get('self') is dbg:
            line = frame.f_locals.get('line', '') or ''
        if code == 'cmdloop' and frame.f_locals.get('self') is dbg:
            return line
        frame = frame.f_back
    return None


def interrupt_in_program(dbg):
    """Two ways a Ctrl-C reaches pdb outside the program:
    - at the prompt, while pdb still reads or runs a command that resumes the program (fred
      passes on a Ctrl-C typed while it prepared the command, and the user may be that
      quick): pdb would cancel the command, so the Ctrl-C waits for the program instead;
      at a command that does not resume (a long `p`), it cancels it, as in pdb;
    - pdb's Ctrl-C handler sets step mode, then calls set_trace: when the signal comes at
      an instruction of the program (not inside pdb's tracer, where it mostly comes), the
      call of set_trace is itself the next traced event and pdb stops in its own code
      ("--Call--" in bdb.py), where no replay can reach. Without a tracer during that
      call, the stop is the program's next line, as it nearly always is."""
    import signal
    handler = dbg.sigint_handler

    def held_at_prompt(frame):
        line = command_at_prompt(dbg, frame)
        if line is not None and dbg.fred_resumed_from is not None:
            interrupt_at_once(dbg)   # the command is done and lets the program go
            return True
        if line is None or not (line == '' or RESUMING.match(line) or FRED_REQUEST.match(line)):
            return False
        dbg.fred_interrupt_pending = True
        return True

    def untraced_handler(signum, frame):
        if dbg.allow_kbdint and held_at_prompt(frame):
            return None
        if not dbg.allow_kbdint:
            sys.settrace(None)   # set_trace installs pdb's tracer again when it is done
        return handler(signum, frame)

    def prompt_handler(signum, frame):
        if held_at_prompt(frame):
            return None
        return signal.default_int_handler(signum, frame)

    dbg.sigint_handler = untraced_handler
    setup = dbg.setup

    def setup_with_prompt_handler(frame, traceback):
        # pdb put back the handler it found before `c` (Python's: KeyboardInterrupt)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, prompt_handler)
        return setup(frame, traceback)

    dbg.setup = setup_with_prompt_handler
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, prompt_handler)


def eval_at(dbg, depth, expression):
    """EXPR in the user's frame `depth` frames from the outermost (1 = outermost), when the
    stack is deeper than that, else in pdb's current frame: what `p EXPR` there gives."""
    stack = [frame for frame, _line in getattr(dbg, 'stack', [])]
    first = 0
    while first < len(stack) and (stack[first].f_code.co_filename == '<string>' or stack[first].f_code.co_filename.endswith('bdb.py')):
        first += 1
    if len(stack) - first > depth:
        frame = stack[first + depth - 1]
        return eval(expression, frame.f_globals, frame.f_locals)
    return eval(expression, dbg.curframe.f_globals, dbg.curframe_locals)


def stop_frames(dbg):
    """The stack as `where` lists it, without source lines or return values (touching no
    frame's locals): where a replayed command stopped, for the stop check (the stop report
    of src/debugger-adapters/pdbPersonality.ts, queued after the command with `;;`)."""
    dbg.message('fred-stop')
    for frame, lineno in getattr(dbg, 'stack', []):
        # no '>' for the current frame: a stop line after the report means it came too early
        dbg.message('  %s(%r)%s()' % (dbg.canonic(frame.f_code.co_filename), lineno, frame.f_code.co_name or '<lambda>'))


# --- Breakpoints set after the fact (reverse commands) --------------------------------
# While fred replays a command, record where the breakpoints that exist now would have
# stopped the program (with their conditions of now), without stopping it; then land
# just before the last of those with a counted stop: `continue` until the N-th time the
# place is reached. A place is a breakpoint's (file, line, function); "reached" is what
# bdb's break_here() is asked about (a line event in a traced frame), which a replayed
# `continue` from the same point meets in the same order.

hits = {'places': [], 'conditions': [], 'counts': {}, 'hits': [], 'stop': None, 'events': 0, 'last_event': None}


class Place:
    """What breakpoint_matches() reads of a breakpoint."""

    def __init__(self, line, funcname):
        self.line = line
        self.funcname = funcname
        self.func_first_executable_line = None


def place_of(bp):
    return (bp.file, bp.line, bp.funcname or '')


def reached(dbg, place, frame):
    filename, line, funcname = place
    if dbg.canonic(frame.f_code.co_filename) != filename:
        return False
    return breakpoint_matches(Place(line, funcname or None), frame)


def record_pause_function():
    """fred_record_pause of fred's library (fred_record.h), or None without it."""
    try:
        import ctypes
        pause = ctypes.CDLL(None).fred_record_pause
    except (ImportError, OSError, AttributeError):
        return None
    pause.argtypes = [ctypes.c_int]
    return pause


def condition_true(condition, frame):
    """A condition of now, asked while a replay records would-be stops. The replay already
    ran the conditions of its time: this one's output (a logpoint prints) is swallowed and
    its system calls stay out of the record log, or the replay would seem to diverge."""
    if not condition:
        return True
    import io
    pause = record_pause_function()
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()
    if pause:
        pause(1)
    try:
        return bool(eval(condition, frame.f_globals, frame.f_locals))
    except Exception:
        return True   # bdb stops when a condition fails
    finally:
        if pause:
            pause(0)
        sys.stdout, sys.stderr = saved


def counting_break_here(dbg, original, frame):
    hits['events'] += 1
    appended = False
    for index, place in enumerate(hits['places']):
        if not reached(dbg, place, frame):
            continue
        count = hits['counts'][index] = hits['counts'].get(index, 0) + 1
        if hits['stop'] == (index, count):
            hits_disarm(dbg)
            return True
        if not appended and hits['conditions'][index] is not None and condition_true(hits['conditions'][index], frame):
            hits['hits'].append((index, count))
            hits['last_event'] = (hits['events'], frame, frame.f_lineno)
            appended = True
    return original(frame)


def hits_arm(dbg, places, conditions, stop):
    """PLACES [(file, line, function)]: count how often each is reached from now on;
    CONDITIONS (one each, '' for none, None: count only): record when it would stop; STOP
    (index, n): stop just before the n-th time that place is reached."""
    hits_disarm(dbg)
    hits.update(places=[tuple(p) for p in places], conditions=list(conditions), counts={}, hits=[], stop=stop and tuple(stop), events=0, last_event=None)
    original = type(dbg).break_here.__get__(dbg)
    dbg.break_here = lambda frame: counting_break_here(dbg, original, frame)


def hits_disarm(dbg):
    dbg.__dict__.pop('break_here', None)


def hits_report(dbg):
    """Prints whether the last would-be stop is where the program stands (1/0) and the
    would-be stops INDEX:N (the N-th time place INDEX was reached), oldest first; disarms. A `next` that ends on a place's line stops there without asking
    break_here(): that line counts as reached, one more time."""
    hits_disarm(dbg)
    found, last, stack = list(hits['hits']), hits['last_event'], getattr(dbg, 'stack', [])
    # the command ended at the last one: nothing reached since, and the program stands there
    at_end = last is not None and last[0] == hits['events'] and bool(stack) and stack[-1][0] is last[1] and last[1].f_lineno == last[2]
    if stack and not at_end and stop_event(dbg) == 'line':
        frame = stack[-1][0]
        for index, place in enumerate(hits['places']):
            if hits['conditions'][index] is not None and reached(dbg, place, frame) and condition_true(hits['conditions'][index], frame):
                found.append((index, hits['counts'].get(index, 0) + 1))
                at_end = True
                break
    hits.update(hits=[], stop=None, last_event=None)
    print('fred-hits-report %d %s' % (at_end, ' '.join('%d:%d' % hit for hit in found)))


def breakpoint_places(numbers):
    """The places of breakpoints NUMBERS (pdb's), one line each: LINE FUNCTION|- FILE."""
    for n in numbers:
        filename, line, funcname = place_of(bdb.Breakpoint.bpbynumber[n])
        print('fred-place %d %s %s' % (line, funcname or '-', filename))


# --- Back in a new terminal -------------------------------------------------------------
# An image of this process (fred-checkpoint) restarted with `fred-ckpt restart` comes back
# waiting at pdb's prompt in a terminal that never showed it. fred's library sends the
# process a signal of our choice after every restart from an image (fred_notify_restart,
# in place of the SIGWINCH that would make readline redraw its prompt); pdb then shows
# where it stands, as after a stop, and its prompt with the line being typed. The signal:
# one no program is likely to use, left alone if the program handles it.

RESTART_SIGNAL_FROM_TOP = 2


def show_location_after_restart(dbg):
    try:
        import ctypes
        import signal
        notify = ctypes.CDLL(None).fred_notify_restart
    except (ImportError, OSError, AttributeError):
        return
    notify.argtypes = [ctypes.c_int]
    number = signal.SIGRTMAX - RESTART_SIGNAL_FROM_TOP
    if signal.getsignal(number) not in (signal.SIG_DFL, None):
        return

    def restarted(_signum, frame):
        # only pdb waiting for a command: an image taken while the program ran goes on running
        if frame is None or frame.f_code.co_name != 'cmdloop' or frame.f_locals.get('self') is not dbg:
            return
        if getattr(dbg, 'stack', None) and 0 <= dbg.curindex < len(dbg.stack):
            dbg.print_stack_entry(dbg.stack[dbg.curindex])
        typed = ''
        if dbg.use_rawinput and 'readline' in sys.modules:
            typed = sys.modules['readline'].get_line_buffer()
        dbg.stdout.write(dbg.prompt + typed)
        dbg.stdout.flush()

    signal.signal(number, restarted)
    notify(number)


def install(path):
    show_location_after_restart(find_debugger())
    pause_recording_at_prompt(find_debugger())
    interrupt_in_program(find_debugger())
    module = types.ModuleType('_fred_pdb', 'fred: carries pdb\'s own state across restores')
    module.save = lambda: save_state(find_debugger(), path)
    module.load = lambda: load_state(find_debugger(), path)
    module.shown_displays = lambda: shown_displays(find_debugger())
    module.stop = lambda: stop_info(find_debugger())
    module.arm = lambda command, count: arm(find_debugger(), command, count)
    module.eval_at = lambda depth, expression: eval_at(find_debugger(), depth, expression)
    module.stop_frames = lambda: stop_frames(find_debugger())
    module.places = breakpoint_places
    module.hits_arm = lambda places, conditions, stop=None: hits_arm(find_debugger(), places, conditions, stop)
    module.hits_report = lambda: hits_report(find_debugger())
    module.arm_lines = lambda count: arm_lines(find_debugger(), count)
    module.save_stop_state = lambda: save_stop_state(find_debugger(), path + '.stop')
    module.arm_find = lambda most: arm_find(find_debugger(), path + '.stop', most)
    module.found = lambda: found['count']
    module.arm_origins = lambda most=None: arm_origins(find_debugger(), most)
    module.frame_origin = lambda depth: frame_origin(find_debugger(), depth)
    module.forget_interrupt = lambda: setattr(find_debugger(), 'fred_interrupt_pending', False)
    sys.modules['_fred_pdb'] = module


install(globals()['fred_file'])
