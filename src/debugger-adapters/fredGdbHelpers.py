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


def location(_arg, with_frame_id=True):
    pid = program_pid()
    if not pid:
        return {"ok": False, "error": "The program is not being run."}
    frame = gdb.newest_frame()
    answer = {"ok": True, "pc": hex(frame.pc()), "depth": frame_count(frame), "selected": gdb.selected_frame().level(), "pid": pid}
    function = frame.function()
    name = function.print_name if function is not None else frame.name()
    if name:
        answer["function"] = name
    sal = frame.find_sal()
    if sal.symtab is not None:
        answer["file"] = sal.symtab.fullname() or sal.symtab.filename
        answer["line"] = sal.line
    cfa = innermost_cfa() if with_frame_id else None
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
CATCH_TYPE = getattr(gdb, "BP_CATCHPOINT", -7)


def catch_spec(bp):
    """The command that makes catchpoint bp again (`catch throw`, `catch syscall write`),
    from what `info breakpoints` says it catches."""
    text = gdb.execute("info breakpoints %d" % bp.number, to_string=True)
    for line in text.splitlines():
        m = re.match(r"^%d\s+catchpoint\s+\S+\s+[yn]\s+(.*)$" % bp.number, line)
        if m:
            what = re.sub(r"^exception ", "", m.group(1).strip())
            what = re.sub(r"^syscalls? ", "syscall ", what)
            return "catch " + what.replace('"', "").replace(",", "")
    return "catch"


def stops_at_addresses(bp):
    """A breakpoint, or a catchpoint that stops at code (catch throw/catch/rethrow: gdb's
    breakpoints in the C++ runtime), whose would-be stops fred can count and land at."""
    return bp.type in BREAK_TYPES or (bp.type == CATCH_TYPE and any(l.address for l in getattr(bp, "locations", [])))


def describe_breakpoint(bp):
    if bp.type in WATCH_VERBS:
        kind, where, verb = "watchpoint", bp.expression, WATCH_VERBS[bp.type]
    elif bp.type in BREAK_TYPES:
        kind, where = "breakpoint", bp.location
        hardware = bp.type == getattr(gdb, "BP_HARDWARE_BREAKPOINT", -6)
        verb = ("thbreak" if hardware else "tbreak") if bp.temporary else ("hbreak" if hardware else "break")
    elif bp.type == CATCH_TYPE:
        kind, where, verb = "breakpoint" if stops_at_addresses(bp) else "other", "", catch_spec(bp)
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


def steps_to(argument):
    """PC CFA DEPTH LIMIT: `stepi` from here until the program is at PC in the frame whose
    canonical frame address is CFA (at most LIMIT times). Answers how many steps that took,
    and after how many the stack was last no deeper than DEPTH before that (where
    reverse-nexti lands when the instruction before is inside a call)."""
    pc, cfa, depth, limit = argument.split()
    pc, depth, limit = int(pc, 16), int(depth), int(limit)
    shallow = 0
    for steps in range(1, limit + 1):
        gdb.execute("stepi", to_string=True)
        if not program_pid():
            return {"ok": False, "error": "the program ended before it got there"}
        frame = gdb.newest_frame()
        if frame.pc() == pc and innermost_cfa() == cfa:
            return {"ok": True, "steps": steps, "shallow": shallow}
        if frame_count(frame) <= depth:
            shallow = steps
    return {"ok": False, "error": "not reached within %d instructions" % limit}


CALL_TARGET = re.compile(r"^call\w*\s+(0x[0-9a-fA-F]+)")


def call_instruction(_arg):
    """Address of the call instruction that made the innermost frame: the instruction that
    ends where the caller resumes (decoded from the start of its line table entry)."""
    caller = gdb.newest_frame().older()
    if caller is None:
        return {"ok": False, "error": "the outermost frame was not called"}
    return call_made_by(caller)


def program_call(_arg):
    """The call the program's own code made into the innermost frames when those are not
    its own (libc, fred's library, a signal frame: a program waiting in a system call): the
    call instruction in the first frame of the program's executable with line information,
    and that frame's depth."""
    frame = gdb.newest_frame()
    while frame is not None and (gdb.solib_name(frame.pc()) is not None or frame.find_sal().symtab is None):
        frame = frame.older()
    if frame is None or frame.level() == 0:
        return {"ok": False, "error": "the innermost frame is the program's own"}
    answer = call_made_by(frame)
    if answer["ok"]:
        answer["depth"] = frame_count(frame)
    return answer


def call_inside(_arg):
    """Which of the program's calls that may wait (a recorded system call, a sleep: fred's
    library numbers them) the program is inside ("call", 0: none) and how many it has
    begun ("made"); 0 and 0 without fred's library."""
    try:
        inside = int(gdb.parse_and_eval("*(unsigned long *)&fred_call_inside"))
        made = int(gdb.parse_and_eval("*(unsigned long *)&fred_calls_made"))
        return {"ok": True, "call": inside, "made": made}
    except gdb.error:
        return {"ok": True, "call": 0, "made": 0}


def call_made_by(caller):
    """The call instruction of `caller` that ends where it resumes."""
    resume = int(caller.pc())
    sal = gdb.find_pc_line(resume - 1)
    if sal.symtab is None or not sal.pc:
        return {"ok": False, "error": "no line information where the caller resumes"}
    arch = caller.architecture()
    at = int(sal.pc)
    while at < resume:
        length = arch.disassemble(at)[0]["length"]
        if at + length == resume:
            return {"ok": True, "address": "%x" % at}
        at += length
    return {"ok": False, "error": "no instruction ends where the caller resumes"}


JUMP_TARGET = re.compile(r"^j\w*\s+(0x[0-9a-fA-F]+)")


def line_entry(_arg):
    """Where gdb's line table entry holding the innermost frame's pc starts ("entry": gdb's
    reverse stepping goes back to there), whether the statement around it (its entries of
    the same line in a row) jumps back into itself ("loops": a loop written on one line),
    and whether pc starts the function's first line after its opening ("first": where
    `break FUNCTION` stops at -O0)."""
    frame = gdb.newest_frame()
    pc = int(frame.pc())
    sal = frame.find_sal()
    block = frame.block()
    while block is not None and block.function is None:
        block = block.superblock
    if sal.symtab is None or not sal.pc or block is None:
        return {"ok": False, "error": "no line information here"}
    entries = sorted((e.pc, e.line) for e in sal.symtab.linetable() if block.start <= e.pc < block.end and e.line > 0)
    at = max(k for k, (start, _) in enumerate(entries) if start <= pc)
    first = last = at
    while first > 0 and entries[first - 1][1] == entries[at][1]:
        first -= 1
    while last + 1 < len(entries) and entries[last + 1][1] == entries[at][1]:
        last += 1
    start = entries[first][0]
    end = entries[last + 1][0] if last + 1 < len(entries) else block.end
    loops = False
    for insn in frame.architecture().disassemble(start, end - 1):
        target = JUMP_TARGET.match(insn["asm"])
        if target is not None and start <= int(target.group(1), 16) <= insn["addr"]:
            loops = True
    # gdb's prologue skip at -O0: the function's first line is its second line table entry
    body = [start for start, line in entries if line != entries[0][1]]
    first = entries[0][0] == block.start and len(body) > 0 and body[0] == pc
    return {"ok": True, "entry": "%x" % int(sal.pc), "loops": loops, "first": first}


def calls_with_lines(frame):
    """Whether the instruction at the frame's pc is a call of code with line information
    (an indirect call counts: its target is unknown)."""
    asm = frame.architecture().disassemble(int(frame.pc()))[0]["asm"]
    if not asm.startswith("call"):
        return False
    target = CALL_TARGET.match(asm)
    return target is None or gdb.find_pc_line(int(target.group(1), 16)).symtab is not None


def line_walk(argument):
    """ADDR CFA DEPTH KIND COUNT...: run the stepi/nexti units one at a time and tell after
    which the program was last at ADDR in the frame CFA at DEPTH ("start": 0 is here, -1
    never), and the last call of code with line information that frame made after that
    ("call": the unit that entered it with stepi, or the unit before a nexti over it), and
    whether ADDR is where its function begins ("entry")."""
    words = argument.split()
    address, cfa, depth = int(words[0], 16), words[1], int(words[2])
    units = []
    for k in range(3, len(words) - 1, 2):
        units += [words[k]] * int(words[k + 1])

    def in_frame(frame):
        return frame_count(frame) == depth and innermost_cfa() == cfa

    frame = gdb.newest_frame()
    start = 0 if int(frame.pc()) == address and in_frame(frame) else -1
    call = None
    for unit, kind in enumerate(units, 1):
        frame = gdb.newest_frame()
        calling = calls_with_lines(frame) and in_frame(frame)  # the cheap test first: walks can be long
        gdb.execute(kind, to_string=True)
        if not program_pid():
            return {"ok": False, "error": "the program ended during the walk"}
        frame = gdb.newest_frame()
        if calling and kind == "nexti":
            call = {"unit": unit - 1, "via": "nexti"}
        elif calling and frame_count(frame) == depth + 1:
            call = {"unit": unit, "via": "stepi"}
        if int(frame.pc()) == address and in_frame(frame):
            start, call = unit, None
    block = gdb.block_for_pc(address)
    while block is not None and block.function is None:
        block = block.superblock
    return {"ok": True, "start": start, "call": call, "entry": block is not None and block.start == address}


def ignore_counts(_arg):
    """How many crossings each breakpoint still ignores (gdb's numbers), those not 0."""
    return {"ok": True, "counts": {str(bp.number): bp.ignore_count for bp in gdb.breakpoints() if bp.ignore_count}}


def set_ignore_counts(argument):
    """JSON {number: count}: the counts of a time point; every other breakpoint's is 0."""
    counts = json.loads(argument or "{}")
    for bp in gdb.breakpoints():
        wanted = int(counts.get(str(bp.number), 0))
        if bp.ignore_count != wanted:
            bp.ignore_count = wanted
    return {"ok": True}


class FredFinish(gdb.Command):
    """`finish` for fred's replays: the same stop, but the returned value does not take a
    number in the user's value history ($1, $2...), as a replayed `finish` would."""

    def __init__(self):
        super().__init__("fred-finish", gdb.COMMAND_RUNNING)

    def invoke(self, argument, from_tty):
        frame = gdb.selected_frame()
        if frame.older() is None:
            raise gdb.GdbError('"finish" not meaningful in the outermost frame.')
        stop = gdb.FinishBreakpoint(frame, internal=True)
        # the message gdb's finish starts with: the adapter reads the stop's reason from it
        gdb.write("Run till exit from #%d\n" % frame.level())
        try:
            gdb.execute("continue")
        finally:
            if stop.is_valid():
                stop.delete()


FredFinish()


# Whether the program was resumed or changed (memory, registers, a call) since the last
# question: a command that did neither failed, and is no move of the program's history.
moves = {"count": 0}


def count_move(_event):
    moves["count"] += 1


for registry in ("cont", "memory_changed", "register_changed", "inferior_call"):
    if hasattr(gdb.events, registry):
        getattr(gdb.events, registry).connect(count_move)


def moved(_arg):
    answer = {"ok": True, "moved": moves["count"] > 0}
    moves["count"] = 0
    return answer


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
FredQuery("fred-moved", moved)
FredQuery("fred-ignore-counts", ignore_counts)
FredQuery("fred-set-ignore-counts", set_ignore_counts)
FredQuery("fred-steps-to", steps_to)
FredQuery("fred-call-instruction", call_instruction)
FredQuery("fred-program-call", program_call)
FredQuery("fred-call-inside", call_inside)
FredQuery("fred-line-entry", line_entry)
FredQuery("fred-line-walk", line_walk)


# The replay stop check (src/fred/session/session.ts): while on, each stop prints where it is, as
# fred-location says it (but the frame's CFA), in the output of the command that stopped.
# A replayed command's stop is then compared with the recorded one at no question's cost.
# fred turns the reports on for its replays and off before a command of the user's.
STOP_MARK = "fred-stop: "
stop_reports = {"on": False}


def report_stop(_event):
    if not stop_reports["on"]:
        return
    try:
        answer = location(None, with_frame_id=False)
    except Exception:  # no frame to describe: fred asks fred-location instead
        return
    if answer.get("ok"):
        gdb.write(STOP_MARK + json.dumps(answer) + "\n")


def set_stop_reports(argument):
    stop_reports["on"] = argument.strip() == "on"
    return {"ok": True, "on": stop_reports["on"]}


gdb.events.stop.connect(report_stop)
FredQuery("fred-stop-reports", set_stop_reports)


# Breakpoints set after the program passed them (reverse commands): while fred replays a
# command, a silent copy of each of the user's breakpoints records every time one would
# have stopped the program, in order, without stopping it. fred then lands just before
# the last of those executions with a counted stop (fred-hits ADDR N). A counted stop
# replayed this way is a `continue` that these copies stop at the N-th execution of ADDR:
# the kernel's count would see each trap at ADDR twice (the trap, then the instruction).
class HitRecorder(gdb.Breakpoint):
    def __init__(self, spec, condition, log, recording=True):
        super().__init__(spec, internal=True)
        self.silent = True
        self.log = log
        self.condition_text = condition or None
        self.recording = recording

    def wanted(self):
        if not self.condition_text:
            return True
        try:
            return bool(gdb.parse_and_eval(self.condition_text))
        except gdb.error:
            return True  # gdb stops on a condition it cannot evaluate: so does the record

    def stop(self):
        log = self.log
        pc = int(gdb.newest_frame().pc())
        if self in log["called"] or log["last_pc"] != pc:
            # a new execution (several breakpoints at one address: one call each per execution)
            log["called"], log["last_pc"], log["appended"], log["stop"] = set(), pc, False, False
            log["executions"][pc] = log["executions"].get(pc, 0) + 1
            if log["stop_at"] and log["stop_at"][0] == pc:
                log["seen"] += 1
                log["stop"] = log["seen"] == log["stop_at"][1]
            if pc in log["limited"] and log["executions"][pc] > log["limit"]:
                log["over"] = log["stop"] = True  # counted enough: the caller gives up this way
        log["called"].add(self)
        log["resumed"] = False
        if self.recording and not log["appended"] and self.wanted():
            log["hits"].append((pc, log["executions"][pc]))
            log["appended"] = True
        return log["stop"]


recording = {"recorders": [], "hits": [], "resumed": True, "last_pc": None, "appended": False, "called": set(), "executions": {},
             "stop": False, "stop_at": None, "seen": 0, "limited": set(), "limit": 0, "over": False}


def note_resume(_event):
    recording["resumed"] = True


gdb.events.cont.connect(note_resume)


def hits_record(argument):
    """NUMBERS [stop ADDR N] [limit N] [at ADDR...] [conditions JSON]: gdb numbers of user
    breakpoints whose would-be stops to record from now on; with `stop`, stop the program
    just before the N-th execution of ADDR; with `at`, record the executions of those
    addresses too, and with `limit`, stop the program (and report `over`) when one of them
    runs more than N times. JSON maps numbers to the conditions to record with: those of
    the reverse command's time, which a replay's own (of the time it replays) may differ
    from; without it, each breakpoint's own."""
    hits_clear()
    argument, _, conditions = argument.partition(" conditions ")
    conditions = json.loads(conditions) if conditions else None
    words = argument.split()
    extra = []
    if "at" in words:
        # plain addresses, whose executions are recorded too (no breakpoint of the user's there)
        extra = [int(a, 16) for a in words[words.index("at") + 1:]]
        words = words[:words.index("at")]
    limit = 0
    if "limit" in words:
        limit = int(words[words.index("limit") + 1])
        words = words[:words.index("limit")]
    stop_at = None
    if "stop" in words:
        at = words.index("stop")
        stop_at = (int(words[at + 1], 16), int(words[at + 2]))
        words = words[:at]
    wanted = {int(n) for n in words}
    for bp in gdb.breakpoints():
        condition = bp.condition if conditions is None else conditions.get(str(bp.number))
        if bp.number in wanted and bp.type in BREAK_TYPES and bp.location:
            recording["recorders"].append(HitRecorder(bp.location, condition, recording))
        elif bp.number in wanted and stops_at_addresses(bp):
            for location in bp.locations:
                if location.enabled and location.address:
                    recording["recorders"].append(HitRecorder("*0x%x" % int(location.address), condition, recording))
    for address in extra:
        recording["recorders"].append(HitRecorder("*0x%x" % address, None, recording))
    if stop_at:
        recording["recorders"].append(HitRecorder("*0x%x" % stop_at[0], None, recording, recording=False))
    recording.update(hits=[], resumed=True, last_pc=None, appended=False, called=set(), stop=False, stop_at=stop_at, seen=0, executions={},
                     limited=set(extra) if limit else set(), limit=limit, over=False)
    return {"ok": True, "recorders": len(recording["recorders"])}


def hits_clear():
    for r in recording["recorders"]:
        if r.is_valid():
            r.delete()
    recording["recorders"] = []


def hits_report(_arg):
    """The would-be stops, oldest first, each "ADDR N": the N-th execution of ADDR since the
    record began (conditions false included: a counted stop counts every execution); and
    whether the last one is where the program stands."""
    hits = recording["hits"]
    at_end = bool(hits) and not recording["resumed"] and program_pid() != 0 and int(gdb.newest_frame().pc()) == hits[-1][0]
    over = recording["over"]
    hits_clear()
    recording.update(hits=[], stop_at=None, limited=set(), limit=0, over=False)
    return {"ok": True, "hits": ["%x %d" % h for h in hits], "atEnd": at_end and not over, "over": over}


FredQuery("fred-hits-record", hits_record)
FredQuery("fred-hits-report", hits_report)


def hits_plan(argument):
    """NUMBERS: the addresses of those breakpoints' locations, whether any has a condition,
    and which of them hold an enabled breakpoint of the user's now (a trap there makes the
    kernel's count see one execution twice)."""
    wanted = {int(n) for n in argument.split()}
    addresses, conditional, trapped = set(), False, set()
    for bp in gdb.breakpoints():
        locations = [int(l.address) for l in getattr(bp, "locations", []) if l.enabled and l.address]
        if bp.number in wanted and stops_at_addresses(bp):
            addresses.update(locations)
            conditional = conditional or bool(bp.condition) or bp.ignore_count > 0 or not hasattr(bp, "locations")
        if bp.enabled:
            trapped.update(locations)
    pc = int(gdb.newest_frame().pc()) if program_pid() else 0
    return {"ok": True, "addresses": ["%x" % a for a in sorted(addresses)], "conditional": conditional,
            "trapped": ["%x" % a for a in sorted(addresses & trapped)], "pc": "%x" % pc}


FredQuery("fred-hits-plan", hits_plan)


def watch_stops(_arg):
    """The enabled write watchpoints (`watch`, hardware or software) that reverse commands
    stop for: gdb's name in a stop message, the expression as shown, and what to evaluate
    (a `watch -l EXPR`: the location EXPR designates here, `*(T *) ADDR`; skipped when EXPR
    cannot be evaluated here)."""
    labels = {getattr(gdb, "BP_HARDWARE_WATCHPOINT", -2): "Hardware watchpoint", getattr(gdb, "BP_WATCHPOINT", -1): "Watchpoint"}
    found = []
    for bp in gdb.breakpoints():
        if bp.type not in labels or not bp.enabled or not bp.expression:
            continue
        expression = bp.expression
        if expression.startswith("-location "):
            try:
                value = gdb.parse_and_eval(expression[len("-location "):])
                expression = "*(%s) %d" % (value.type.pointer(), int(value.address))
            except (gdb.error, TypeError):
                continue
        found.append({"number": bp.number, "label": labels[bp.type], "shown": bp.expression, "expression": expression,
                      "condition": bp.condition})
    return {"ok": True, "watchpoints": found}


FredQuery("fred-watch-stops", watch_stops)
