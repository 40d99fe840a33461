# pdbQueries.py - questions the session engine (src/fred/engine/) asks pdb about the
# stopped program: its frames, the variables of a frame, the children of a value. The
# engine loads it into python3 through pdb's `p` command as exec(SOURCE, {fresh globals}):
# it registers the module `_fred_engine` in sys.modules and binds nothing in the
# program's namespace. A restore to a snapshot taken before it was loaded loses it; the
# engine then loads it again. Each answer is printed as lines of space-separated
# hex-encoded fields (pdbQueries.ts parses them), so any text in a name or value is safe.
# pdb's own frames (bdb.py's run() and the exec'd "<string>") are left out, as in `where`.
import bdb
import sys
import types

MAX_ITEMS = 200
MAX_VALUE = 1000


def find_debugger():
    frame = sys._getframe()
    while frame is not None:
        candidate = frame.f_locals.get('self')
        if isinstance(candidate, bdb.Bdb):
            return candidate
        frame = frame.f_back
    raise RuntimeError('fred: no pdb instance on the stack')


def encoded(text):
    return str(text).encode('utf-8', 'replace').hex()


def expandable(value):
    if isinstance(value, (list, tuple, dict)):
        return True
    return hasattr(value, '__dict__') and not callable(value) and not isinstance(value, types.ModuleType)


def user_frame(level):
    return find_debugger().stack[-1 - level][0]


def locals_of(frame):
    """pdb's own copy for its current frame: reading frame.f_locals again would overwrite
    what `!x = 1` put there before the program resumes and takes it in."""
    debugger = find_debugger()
    if frame is getattr(debugger, 'curframe', None) and hasattr(debugger, 'curframe_locals'):
        return debugger.curframe_locals
    return frame.f_locals


def write_variables(items):
    lines = []
    for name, expression, value in items:
        try:
            text = repr(value)[:MAX_VALUE]
        except Exception as error:  # a broken __repr__ is the program's, not ours
            text = '<repr failed: %s>' % error
        lines.append('fred-var: %s %s %s %d %s\n' % (encoded(name), encoded(text), encoded(type(value).__name__), expandable(value), encoded(expression)))
    sys.stdout.write(''.join(lines))


def frames():
    sys.stdout.write(''.join('fred-frame: %s %d %s\n' % (encoded(f.f_code.co_filename), line, encoded(f.f_code.co_name)) for f, line in find_debugger().stack))


def shown(frame, name, value):
    """Dunder names (but __return__) and modules are left out; at module level also functions and classes."""
    if name.startswith('__') and name != '__return__':
        return False
    if isinstance(value, types.ModuleType):
        return False
    return not (frame.f_code.co_name == '<module>' and isinstance(value, (type, types.FunctionType)))


def variables(level):
    frame = user_frame(level)
    write_variables([(name, name, value) for name, value in list(locals_of(frame).items()) if shown(frame, name, value)])


def children(level, expression):
    frame = user_frame(level)
    value = eval(expression, frame.f_globals, locals_of(frame))
    if isinstance(value, (list, tuple)):
        items = [('[%d]' % i, '(%s)[%d]' % (expression, i), item) for i, item in enumerate(value[:MAX_ITEMS])]
    elif isinstance(value, dict):
        items = [('[%r]' % (key,), '(%s)[%r]' % (expression, key), item) for key, item in list(value.items())[:MAX_ITEMS]]
    elif hasattr(value, '__dict__'):
        items = [(name, '(%s).%s' % (expression, name), item) for name, item in list(vars(value).items())[:MAX_ITEMS]]
    else:
        items = []
    write_variables(items)


module = types.ModuleType('_fred_engine', "fred's session engine: questions about the stopped program")
module.frames = frames
module.variables = variables
module.children = children
sys.modules['_fred_engine'] = module
