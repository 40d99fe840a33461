# gdbQueries.py - questions the session engine (src/fred/engine/) asks gdb about the
# stopped program: its frames, the variables of a frame, the children of a value. gdb
# sources this file once when the engine starts. Like fredGdbHelpers.py, each command
# prints one line "fred-json: {...}" and none of them resumes the program, adds to the
# value history or leaves another frame selected than the one the user selected.
import json

import gdb

MARK = "fred-json: "
MAX_CHILDREN = 200
MAX_VALUE = 1000


def reply(answer):
    gdb.write(MARK + json.dumps(answer) + "\n")
    gdb.flush()


def frames_from_newest():
    frames = []
    frame = gdb.newest_frame()
    while frame is not None:
        frames.append(frame)
        try:
            frame = frame.older()
        except gdb.error:
            break  # a corrupt stack: what could be unwound
    return frames


def describe_frame(level, frame):
    function = frame.function()
    answer = {"level": level, "function": function.print_name if function is not None else (frame.name() or "??"), "pc": hex(frame.pc())}
    sal = frame.find_sal()
    if sal.symtab is not None:
        answer["file"] = sal.symtab.fullname() or sal.symtab.filename
        answer["line"] = sal.line
    return answer


def expandable(value_type):
    code = value_type.strip_typedefs().code
    if code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION, gdb.TYPE_CODE_ARRAY):
        return True
    if code == gdb.TYPE_CODE_PTR:
        target = value_type.strip_typedefs().target().strip_typedefs().code
        return target in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION)
    return False


def describe_value(name, expression, value):
    try:
        text = str(value)
    except gdb.error as error:
        text = "<%s>" % error
    if len(text) > MAX_VALUE:
        text = text[:MAX_VALUE] + "..."
    return {"name": name, "value": text, "type": str(value.type), "expression": expression, "expandable": expandable(value.type)}


def frame_variables(frame):
    """Arguments first, then locals from the innermost block out; a name seen once hides outer ones."""
    seen = set()
    arguments, local_variables = [], []
    try:
        block = frame.block()
    except RuntimeError:
        return []
    while block is not None:
        for symbol in block:
            if not (symbol.is_argument or symbol.is_variable) or symbol.name in seen:
                continue
            seen.add(symbol.name)
            try:
                value = symbol.value(frame)
            except (gdb.error, RuntimeError) as error:
                (arguments if symbol.is_argument else local_variables).append({"name": symbol.name, "value": "<%s>" % error, "expression": symbol.name, "expandable": False})
                continue
            (arguments if symbol.is_argument else local_variables).append(describe_value(symbol.name, symbol.name, value))
        if block.function is not None:
            break
        block = block.superblock
    return arguments + local_variables


def children(expression, value):
    value_type = value.type.strip_typedefs()
    if value_type.code == gdb.TYPE_CODE_PTR:
        value = value.dereference()
        value_type = value.type.strip_typedefs()
        expression = "(%s)->" % expression
    else:
        expression = "(%s)." % expression
    if value_type.code == gdb.TYPE_CODE_ARRAY:
        low, high = value_type.range()
        base = expression[:-1]
        return [describe_value("[%d]" % i, "%s[%d]" % (base, i), value[i]) for i in range(low, min(high, low + MAX_CHILDREN - 1) + 1)]
    result = []
    for field in value_type.fields():
        if field.name is None:
            continue
        result.append(describe_value(field.name, expression + field.name, value[field]))
    return result


def in_frame(level, action):
    """action() with frame LEVEL (0 = innermost) selected; the user's selection is put back."""
    frames = frames_from_newest()
    if level >= len(frames):
        raise gdb.error("no frame at level %d" % level)
    selected = gdb.selected_frame()
    frames[level].select()
    try:
        return action(frames[level])
    finally:
        selected.select()


class EngineQuery(gdb.Command):
    def __init__(self, name, answer):
        super().__init__(name, gdb.COMMAND_DATA)
        self.answer = answer

    def invoke(self, argument, from_tty):
        try:
            reply(self.answer(argument))
        except Exception as error:  # every failure is an answer, never a gdb error
            reply({"ok": False, "error": str(error)})


def query_frames(_argument):
    if gdb.selected_inferior().pid == 0:
        return {"ok": False, "error": "The program is not being run."}
    return {"ok": True, "frames": [describe_frame(level, frame) for level, frame in enumerate(frames_from_newest())]}


def query_variables(argument):
    return {"ok": True, "variables": in_frame(int(argument), frame_variables)}


def query_children(argument):
    level, expression = argument.split(" ", 1)
    return {"ok": True, "variables": in_frame(int(level), lambda _frame: children(expression, gdb.parse_and_eval(expression)))}


EngineQuery("fred-engine-frames", query_frames)
EngineQuery("fred-engine-variables", query_variables)
EngineQuery("fred-engine-children", query_children)
