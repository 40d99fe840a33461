# fredGdbHelpers.py - gdb commands fred's adapter uses to ask questions. gdb sources this
# file at startup. Each command prints exactly one line "fred-json: {...}" so answers
# parse robustly whatever else is on the terminal. None of them resumes the program,
# adds to the value history ($1, $2...) or changes the selected frame.
# fred sends them with the "server " prefix, which keeps them out of the command history
# and out of "repeat the last command on an empty line".
import json
import re

import gdb

MARK = "fred-json: "
CFA = re.compile(r"frame at (0x[0-9a-fA-F]+)")
ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


def reply(answer):
    gdb.write(MARK + json.dumps(answer) + "\n")
    gdb.flush()


def program_pid():
    inferior = gdb.selected_inferior()
    return inferior.pid if inferior is not None else 0


def frame_count(frame):
    depth = 0
    while frame is not None:
        depth += 1
        try:
            frame = frame.older()
        except gdb.error:
            break  # corrupt stack: count what could be unwound
    return depth


def innermost_cfa():
    # The canonical frame address of frame 0: "info frame" names it "frame at ADDR".
    text = gdb.execute("info frame level 0", to_string=True)
    match = CFA.search(ESCAPE.sub("", text))
    return match.group(1) if match else None


def location(_arg):
    if not program_pid():
        return {"ok": False, "error": "The program is not being run."}
    frame = gdb.newest_frame()
    answer = {"ok": True, "pc": hex(frame.pc()), "depth": frame_count(frame)}
    function = frame.function()
    name = function.print_name if function is not None else frame.name()
    if name:
        answer["function"] = name
    sal = frame.find_sal()
    if sal.symtab is not None:
        answer["file"] = sal.symtab.fullname() or sal.symtab.filename
        answer["line"] = sal.line
    cfa = innermost_cfa()
    if cfa:
        answer["frameId"] = cfa
    return answer


def evaluate(expression):
    # parse_and_eval does not record into the value history, unlike "print".
    value = gdb.parse_and_eval(expression)
    return {"ok": True, "value": str(value)}


def evaluate_at(argument):
    """DEPTH EXPR: EXPR in the frame DEPTH frames from the outermost (1 = outermost), when
    the stack is that deep, else in the selected frame; the selection is left as it was."""
    depth, expression = argument.split(" ", 1)
    frames = []
    frame = gdb.newest_frame()
    while frame is not None:
        frames.append(frame)
        frame = frame.older()
    if len(frames) <= int(depth):
        return evaluate(expression)
    selected = gdb.selected_frame()
    frames[len(frames) - int(depth)].select()
    try:
        return evaluate(expression)
    finally:
        selected.select()


WATCH_VERBS = {
    getattr(gdb, "BP_WATCHPOINT", -1): "watch",
    getattr(gdb, "BP_HARDWARE_WATCHPOINT", -2): "watch",
    getattr(gdb, "BP_READ_WATCHPOINT", -3): "rwatch",
    getattr(gdb, "BP_ACCESS_WATCHPOINT", -4): "awatch",
}
BREAK_TYPES = {getattr(gdb, "BP_BREAKPOINT", -5), getattr(gdb, "BP_HARDWARE_BREAKPOINT", -6)}


def describe_breakpoint(bp):
    if bp.type in WATCH_VERBS:
        kind, where, verb = "watchpoint", bp.expression, WATCH_VERBS[bp.type]
    elif bp.type in BREAK_TYPES:
        kind, where = "breakpoint", bp.location
        hardware = bp.type == getattr(gdb, "BP_HARDWARE_BREAKPOINT", -6)
        verb = ("thbreak" if hardware else "tbreak") if bp.temporary else ("hbreak" if hardware else "break")
    else:
        kind, where, verb = "other", bp.location or bp.expression or "", "break"
    spec = verb + " " + (where or "")
    if bp.condition:
        spec += " if " + bp.condition
    return {
        "number": bp.number,
        "enabled": bool(bp.enabled),
        "spec": spec.strip(),
        "kind": kind,
        "hits": bp.hit_count,
        "condition": bp.condition,
        "commands": bp.commands,
    }


def breakpoints(_arg):
    return {"ok": True, "breakpoints": [describe_breakpoint(bp) for bp in gdb.breakpoints()]}


def pid(_arg):
    return {"ok": True, "pid": program_pid()}


class FredQuery(gdb.Command):
    def __init__(self, name, answer):
        super().__init__(name, gdb.COMMAND_NONE)
        self.answer = answer

    def invoke(self, argument, from_tty):
        try:
            reply(self.answer(argument))
        except Exception as error:  # gdb.error, gdb.MemoryError: an answer, not a crash
            reply({"ok": False, "error": str(error)})


FredQuery("fred-location", location)
FredQuery("fred-eval", evaluate)
FredQuery("fred-eval-at", evaluate_at)
FredQuery("fred-breakpoints", breakpoints)
FredQuery("fred-pid", pid)
