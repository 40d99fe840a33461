# fredGdbRestore.py - the gdb side of fred's snapshots (src/fred/gdb/gdbControl.ts says why it
# works this way). gdb sources this file at session start. Each command does in one round
# trip what would otherwise be several, and ends with one line "fred-control: {json}".
#
#   fred-snapshot-signal SIGNAL    enter the checkpoint handler (queue-signal + stepi) and run
#                                  it back to the pc the program was at
#   fred-restore-begin             keep the shared libraries' symbols loaded, kill the program;
#                                  answers with the watchpoints gdb deleted with it ("lost")
#   fred-restore-attach PID PC     attach to the resumed copy, swallow its SIGSTOP, run its
#                                  handler back to PC (in the thread that leads the restore),
#                                  release the symbols kept by begin
#   fred-watchpoints               the watchpoints (what re-creating one needs) and the
#                                  selected frame (where gdb scopes one the user just set)
#   fred-watch-restore JSON        re-create watchpoints in their frames, where those are live
#   fred-hits-reset                set every breakpoint's hit count to 0
#   fred-line-start [DEPTH [loop]] start address of the source line of the frame DEPTH
#                                  frames up from the outermost (default: the innermost), or
#                                  of the first older one with line information; with
#                                  "loop", of the first line after it in the function whose
#                                  code follows a higher line's (how compilers lay out a
#                                  loop's condition: it runs every iteration), if any
#                                  (fred-reverse-watch counts executions of it:
#                                  src/checkpointer-native/src/fred_search.h)
#   fred-leave-library             when the program stands in fred's preloaded library (a
#                                  Ctrl-C in the record log), run it out to the first frame
#                                  of its own ("moved")
#   fred-call N                    continue until the program enters that call N, and stop
#                                  there (fred_record.c numbers them): how a replay reaches a
#                                  Ctrl-C stop of a program that waited in it
#   fred-call-guard N              from now on every command stops entering call N (0: no
#                                  more): reverse searches from such a stop never wait in it
#
# Watchpoints on locals: gdb deletes them when the process goes away (every restore), and
# it cannot be told which number to give a new one. fred re-creates each in the frame it
# was set in (gdb's frame id, the same in every copy: ASLR is off and the layout identical)
# and translates numbers between the user and gdb (src/fred/gdb/breakpointNumbers.ts).
# Hit counts: fred-snapshot-signal answers with every breakpoint's count ("hits");
# fred-restore-attach sets them to 0, and fred shows the counts of the restored time point
# plus gdb's.
#
# Why keep the libraries' symbols: `attach` drops every shared library's symbols and reads
# them again (libc with its separate debug info: 60-150 ms here). While another inferior
# has the same files loaded, gdb shares the symbol tables it already built for them
# (same file: same BFD, same per-BFD tables) and attach costs ~10-17 ms. The holder
# inferior lives only from begin to attach: while it exists, a breakpoint on a library
# function would also get a location in it, which the user must never see.
# Each command answers with how long its steps took ("ms"), for benchmarks.
#
# gdb sources every Python file into one namespace (fredGdbHelpers.py has its own `reply`):
# everything here lives inside one function and only that name is left behind.


def _fred_restore_commands():
    import contextlib
    import json
    import os
    import re
    import time

    import gdb

    MARK = "fred-control: "

    class Steps:
        """How long each step of a command took (ms), returned with its answer."""

        def __init__(self):
            self.ms = {}
            self.last = time.monotonic()

        def done(self, name):
            now = time.monotonic()
            self.ms[name] = round((now - self.last) * 1000, 2)
            self.last = now

    def reply(answer):
        gdb.write(MARK + json.dumps(answer) + "\n")
        gdb.flush()

    def run(command):
        return gdb.execute(command, to_string=True)

    def current_pc():
        return int(gdb.newest_frame().pc())

    def selected_level():
        return gdb.selected_frame().level()

    def select_level(level):
        """Select the frame `level` calls out from the innermost, as `up` counts (or the outermost)."""
        frame = gdb.newest_frame()
        for _ in range(level):
            older = frame.older()
            if older is None:
                break
            frame = older
        frame.select()

    @contextlib.contextmanager
    def user_breakpoints_paused():
        """The user's breakpoints disabled meanwhile: one in the way would count a hit, use
        up an ignore count and run its commands."""
        kinds = (gdb.BP_BREAKPOINT, gdb.BP_HARDWARE_BREAKPOINT)
        paused = [bp for bp in gdb.breakpoints() if bp.number > 0 and bp.enabled and bp.type in kinds]
        for bp in paused:
            bp.enabled = False
        try:
            yield
        finally:
            for bp in paused:
                if bp.is_valid():
                    bp.enabled = True

    def frame_named(name, limit=64):
        """Whether a frame of the selected thread's stack is function `name`."""
        frame = gdb.newest_frame()
        for _ in range(limit):
            if frame is None:
                return False
            if frame.name() == name:
                return True
            try:
                frame = frame.older()
            except gdb.error:
                return False
        return False

    def inside_checkpoint_handler():
        """Whether fred's checkpoint handler is among the callers of the innermost frame."""
        return frame_named("fred_handler_body")

    class BackToBreakpoint(gdb.Breakpoint):
        """Stops at its address once the checkpoint handler has returned. The handler's own
        calls reach the same addresses when the program stood in fred's library (a Ctrl-C
        lands on the record log's system call instruction): those executions go on."""

        def stop(self):
            return not inside_checkpoint_handler()

    def in_fred_library(frame):
        name = gdb.solib_name(frame.pc())
        return name is not None and os.path.basename(name) == "libfredckpt.so"

    class ReturnBreakpoint(gdb.Breakpoint):
        """Stops at its address only with the stack pointer `sp` (the return into one frame)."""

        sp = None

        def stop(self):
            return int(gdb.newest_frame().read_register("sp")) == self.sp

    def address_of(name):
        """The address of a symbol of the library. `info address` answers in ~0.01 ms once
        gdb's symbol cache has it; parse_and_eval("&name") took 3-8 ms every time."""
        text = run("info address %s" % name)
        found = re.search(r"\b0x[0-9a-f]+", text)
        if found is None:
            raise gdb.error("no address for %s: %s" % (name, text.strip()))
        return int(found.group(0), 16)

    def through_handler():
        """Run the checkpoint handler the program just entered up to its end
        (fred_checkpoint_handler_done): its snapshot's copy is forked before, while no
        breakpoint of gdb's lies in code the copy runs (see back_to). A library without
        that function (an older build) goes straight back."""
        try:
            address = address_of("fred_checkpoint_handler_done")
        except gdb.error:
            return
        thread = gdb.selected_thread().num
        done = gdb.Breakpoint("*0x%x" % address, internal=True, temporary=True)
        done.thread = thread
        with user_breakpoints_paused():
            try:
                text = run("continue")
            finally:
                if done.is_valid():
                    done.delete()
        if not gdb.selected_inferior().pid or current_pc() != address:
            raise gdb.GdbError("the checkpoint handler did not end: %s" % text.strip()[-300:])

    @contextlib.contextmanager
    def scheduler_locked():
        """Only the selected thread runs meanwhile."""
        locking = gdb.parameter("scheduler-locking")
        run("set scheduler-locking on")
        try:
            yield
        finally:
            run("set scheduler-locking %s" % locking)

    def back_to(pc, alone=False):
        """Continue to pc with internal breakpoints (no user breakpoint number is used),
        the user's paused; `alone`: the other threads stay where they are. Returns the pc
        it came back to."""
        stop = BackToBreakpoint("*0x%x" % pc, internal=True, temporary=True)
        # only this thread's: another thread of the program may pass there meanwhile
        thread = gdb.selected_thread()
        if thread is not None:
            stop.thread = thread.num
        with user_breakpoints_paused(), (scheduler_locked() if alone else contextlib.nullcontext()):
            try:
                text = run("continue")
            finally:
                if stop.is_valid():
                    stop.delete()
        if not gdb.selected_inferior().pid or current_pc() != pc:
            raise gdb.GdbError("did not come back to 0x%x after the checkpoint handler: %s" % (pc, text.strip()[-300:]))
        return current_pc()

    def select_leader():
        """Select the thread that leads the copy's restore: the one that stops it for gdb
        (fred_threads_stop_for_debugger), then returns to the program at the snapshot's pc.
        It is not always the copy's first thread, which gdb selects after attach: the
        library makes the program's first thread (main) that again, and a new thread takes
        over the leading (fred_threads.h). When the copy did not stop in time, run it there."""
        marker = "fred_threads_stop_for_debugger"
        for thread in gdb.selected_inferior().threads():
            thread.switch()
            if frame_named(marker):
                return
        stop = gdb.Breakpoint("*0x%x" % address_of(marker), internal=True, temporary=True)
        with user_breakpoints_paused():
            try:
                text = run("continue")
            finally:
                if stop.is_valid():
                    stop.delete()
        if not gdb.selected_inferior().pid or not frame_named(marker):
            raise gdb.GdbError("the copy did not come to %s: %s" % (marker, text.strip()[-300:]))

    def after_syscall(pc):
        """pc - 2 when the instruction before pc is a syscall (a thread blocked in one), else None."""
        try:
            before = bytes(gdb.selected_inferior().read_memory(pc - 2, 2))
        except gdb.MemoryError:
            return None
        return pc - 2 if before == b"\x0f\x05" else None

    def files_to_hold():
        """Files whose symbols attach would read again: every separate debug file (libc's is
        what costs) and each library that has none (it may carry its own debug info)."""
        progspace = gdb.current_progspace()
        objfiles = progspace.objfiles()
        described = {objfile.owner.filename for objfile in objfiles if objfile.owner is not None}
        files = []
        for objfile in objfiles:
            name = objfile.filename
            if not name or not os.path.isabs(name) or not os.path.isfile(name) or name in files:
                continue
            if objfile.owner is not None or (name != progspace.filename and name not in described):
                files.append(name)
        return files

    def thread_state(pid, tid):
        """The state letter (R, S, T, Z...) of thread tid of process pid, or None when it is gone."""
        try:
            with open("/proc/%d/task/%d/stat" % (pid, tid)) as f:
                stat = f.read()
        except OSError:
            return None
        return stat[stat.rindex(")") + 2]

    def process_state(pid):
        """The state letter of the process's first thread (/proc/PID/stat)."""
        return thread_state(pid, pid)

    def await_self_stop(pid, seconds=5.0):
        """Wait until the resumed copy has stopped itself for gdb (SIGSTOP), its threads
        started again: attached before, gdb would know the first thread by the pthread of
        the thread that led the restore, which it is no more once main again (fred_threads.h)."""
        deadline = time.monotonic() + seconds
        while process_state(pid) not in ("T", None, "Z", "X") and time.monotonic() < deadline:
            time.sleep(0.0005)

    def process_alive(pid):
        """pid exists and is no zombie (killed from outside while gdb holds it stopped). Its
        first thread alone may be one: main called pthread_exit, the others run on."""
        state = process_state(pid)
        if state != "Z":
            return state not in (None, "X")
        try:
            tids = os.listdir("/proc/%d/task" % pid)
        except OSError:
            return False
        return any(thread_state(pid, int(tid)) not in (None, "Z", "X") for tid in tids)

    def has_displays():
        return "There are no auto-display expressions now." not in run("info display")

    def quoted(path):
        return '"%s"' % path.replace("\\", "\\\\").replace('"', '\\"')

    class Holder:
        """An inferior with no process that has the library files loaded, while it lives."""

        number = None

        def hold(self, files):
            if not files or self.number is not None:
                return
            user = gdb.selected_inferior().num
            run("add-inferior -no-connection")
            self.number = max(inferior.num for inferior in gdb.inferiors())
            try:
                run("inferior %d" % self.number)
                # not `file`: gdb 13 has an internal error when that file is ld.so
                for name in files:
                    run("add-symbol-file %s" % quoted(name))
            finally:
                run("inferior %d" % user)

        def release(self):
            if self.number is None:
                return
            number, self.number = self.number, None
            if any(inferior.num == number for inferior in gdb.inferiors()):
                run("remove-inferiors %d" % number)

    holder = Holder()

    WATCH_CLASSES = {"watch": gdb.WP_WRITE, "rwatch": gdb.WP_READ, "awatch": gdb.WP_ACCESS}
    WATCH_VERBS = {
        gdb.BP_WATCHPOINT: "watch",
        gdb.BP_HARDWARE_WATCHPOINT: "watch",
        gdb.BP_READ_WATCHPOINT: "rwatch",
        gdb.BP_ACCESS_WATCHPOINT: "awatch",
    }

    def hit_counts():
        return {str(bp.number): bp.hit_count for bp in gdb.breakpoints() if bp.number > 0}

    def watchpoints():
        return [
            {
                "number": bp.number,
                "verb": WATCH_VERBS[bp.type],
                "expression": bp.expression,
                "condition": bp.condition,
                "enabled": bool(bp.enabled),
                "ignore": bp.ignore_count,
                "commands": bp.commands,
                "silent": bool(bp.silent),
            }
            for bp in gdb.breakpoints()
            if bp.type in WATCH_VERBS and bp.number > 0
        ]

    IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

    def needs_frame(expression, block):
        """The expression names a variable of the selected frame (gdb scopes the watchpoint to it)."""
        for name in set(IDENTIFIER.findall(expression)):
            try:
                symbol = gdb.lookup_symbol(name, block)[0]
            except gdb.error:
                continue
            if symbol is not None and symbol.needs_frame:
                return True
        return False

    def height(frame):
        count = 0
        while frame is not None:
            count += 1
            try:
                frame = frame.older()
            except gdb.error:
                break
        return count

    def frame_identity(frame):
        """gdb's frame id (CFA and function start) and the frame's distance from the outermost."""
        function = frame.function()
        return {"frame": str(frame), "height": height(frame), "function": function.print_name if function else frame.name()}

    def live_frames():
        """The frames of the stack, innermost first, with their identities (a stack that will
        not unwind further is cut there, as in `backtrace`)."""
        frames = []
        frame = gdb.newest_frame()
        while frame is not None:
            frames.append(frame)
            try:
                frame = frame.older()
            except gdb.error:
                break
        total = len(frames)
        return [(frame, str(frame), total - level) for level, frame in enumerate(frames)]

    def recreate(wanted, frames):
        """One watchpoint in the frame whose id and height match, or None when no frame does."""
        for frame, identity, frame_height in frames:
            if identity == wanted["frame"] and frame_height == wanted["height"]:
                break
        else:
            return None
        frame.select()
        try:
            bp = gdb.Breakpoint(wanted["expression"], gdb.BP_WATCHPOINT, WATCH_CLASSES[wanted["verb"]])
        except gdb.error:
            return None  # e.g. no hardware watchpoint left: as absent
        if wanted.get("condition"):
            bp.condition = wanted["condition"]
        if wanted.get("commands"):
            bp.commands = wanted["commands"]
        bp.silent = bool(wanted.get("silent"))
        bp.ignore_count = int(wanted.get("ignore") or 0)
        bp.enabled = bool(wanted.get("enabled", True))
        return bp.number

    def signal_handling(name):
        """gdb's (stop, print, pass) for a signal, from `info signals`."""
        text = run("info signals %s" % name)
        for line in text.splitlines():
            words = line.split()
            if words and words[0] == name and len(words) >= 4:
                return [w == "Yes" for w in words[1:4]]
        return [True, True, True]

    def set_signal_handling(name, flags):
        stop, show, give = flags
        run("handle %s %s %s %s" % (name, "stop" if stop else "nostop", "print" if show else "noprint", "pass" if give else "nopass"))

    class Command(gdb.Command):
        # the argument as one string (JSON), not split into words
        whole_argument = False

        def __init__(self, name):
            super().__init__(name, gdb.COMMAND_NONE)

        def invoke(self, argument, from_tty):
            try:
                answer = self.perform([argument] if self.whole_argument else gdb.string_to_argv(argument))
                answer["ok"] = True
            except (gdb.error, gdb.GdbError, ValueError) as error:
                answer = {"ok": False, "error": str(error)}
            reply(answer)

    def in_fred_handler(thread):
        """Where a thread stopped in fred's checkpoint handler resumes the program (the pc
        of the frame its signal frame returns to), or None when it is not in there."""
        thread.switch()
        frame = gdb.newest_frame()
        seen_fred = False
        while frame is not None:
            if frame.type() == gdb.SIGTRAMP_FRAME:
                older = frame.older()
                return int(older.pc()) if seen_fred and older is not None else None
            name = gdb.solib_name(int(frame.pc())) or ""
            seen_fred = seen_fred or "libfredckpt" in name
            try:
                frame = frame.older()
            except gdb.error:
                return None
        return None

    def others_out_of_handler():
        """The program's other threads, let go by fred's handler, may not have left it yet
        when the one that took the snapshot is back: run each (alone) to where it resumes,
        so that `thread N` shows where the program's thread is, as before the snapshot."""
        leader = gdb.selected_thread()
        if leader is None or len(gdb.selected_inferior().threads()) < 2:
            return
        locking = gdb.parameter("scheduler-locking")
        paused = [bp for bp in gdb.breakpoints() if bp.number > 0 and bp.enabled]
        for bp in paused:
            bp.enabled = False
        run("set scheduler-locking on")
        try:
            for thread in gdb.selected_inferior().threads():
                if thread.num == leader.num or not thread.is_valid():
                    continue
                resume = in_fred_handler(thread)
                if resume is None:
                    continue
                stop = gdb.Breakpoint("*0x%x" % resume, internal=True, temporary=True)
                stop.thread = thread.num
                try:
                    run("continue")
                finally:
                    if stop.is_valid():
                        stop.delete()
        finally:
            run("set scheduler-locking %s" % locking)
            for bp in paused:
                if bp.is_valid():
                    bp.enabled = True
            if leader.is_valid():
                leader.switch()

    def handler_return(thread, pc):
        """Where the thread in fred's checkpoint handler returns to, as its signal frame
        says; the snapshot records that pc. Not always pc, where it was: a thread blocked in
        a system call returns onto its syscall instruction, to make the call again (the
        kernel's restart); one in the record log's wrapper, blocked in its call or standing
        on its syscall instruction (a restored thread stopped before it made the call
        again), returns after it, the call cut short, to decide again whether to replay it
        (fred_record_interrupted)."""
        resume = in_fred_handler(thread)
        if resume is None:
            raise gdb.GdbError("no signal frame of fred's checkpoint handler in thread %d (it was at 0x%x)" % (thread.num, pc))
        return resume

    def snapshot_taker():
        """The thread to take the snapshot in: the selected one, unless it is blocked in a
        system call (the user's `thread N`) and another thread is not: a signal that cuts a
        blocked call short has hung gdb's stepi into the handler (a condition variable's
        wait). A restore selects the user's thread again (src/fred/gdb/threadNumbers.ts)."""
        selected = gdb.selected_thread()
        if selected is None or after_syscall(current_pc()) is None:
            return selected
        for thread in gdb.selected_inferior().threads():
            thread.switch()
            if after_syscall(current_pc()) is None:
                return thread
        selected.switch()
        return selected

    class SnapshotSignal(Command):
        def perform(self, args):
            steps = Steps()
            # the program stops again at pc, which selects the innermost frame: the user's
            # `up` must still hold for the command the snapshot comes before (finish, until)
            level = selected_level()
            user_thread = gdb.selected_thread()
            taker = snapshot_taker()
            pc = current_pc()
            run("queue-signal %s" % args[0])
            # the other threads run meanwhile: none may end it at a breakpoint of the user's
            with user_breakpoints_paused():
                run("stepi")
            through_handler()
            steps.done("handler")
            landed = back_to(handler_return(gdb.selected_thread(), pc))
            others_out_of_handler()
            if user_thread is not None and taker is not None and user_thread.num != taker.num:
                user_thread.switch()
            select_level(level)
            steps.done("back")
            return {"pc": "%x" % landed, "ms": steps.ms, "hits": hit_counts()}

    enabled_before = {}

    class RestoreBegin(Command):
        def perform(self, args):
            steps = Steps()
            live = gdb.selected_inferior().pid
            before = watchpoints()
            # gdb disables an address breakpoint (`break *FUNC`) when the process it was
            # resolved in goes away; RestoreAttach enables it again
            enabled_before.clear()
            enabled_before.update({bp.number: bp.enabled for bp in gdb.breakpoints() if bp.number > 0})
            dead = False
            if live:
                # killed from outside: gdb failed here on its memory ("Cannot insert
                # breakpoint N. Cannot access memory", seen under random kills): no holder
                # (its symbols would be read again anyway), and a failed kill still forgets it
                dead = not process_alive(live)
                try:
                    # removing the holder inferior deletes its program space, and gdb then
                    # clears every display (clear_symtab_users): with displays, no holder
                    # (the attach reads the libraries' symbols again, ~50-150 ms)
                    if not dead and not has_displays():
                        holder.hold(files_to_hold())
                    steps.done("hold")
                    # `detach` + SIGKILL would let the old process's teardown (~10-25 ms at
                    # 512 MiB) overlap the attach, but on 2 loaded CPUs the attach slowed as
                    # much, and a signal gdb holds for the program would be delivered: kill.
                    try:
                        run("kill")
                    except gdb.error:
                        if not dead or gdb.selected_inferior().pid:
                            raise
                    steps.done("kill")
                except BaseException:
                    holder.release()  # no attach will follow to release it
                    raise
            left = {bp.number for bp in gdb.breakpoints()}
            # the watchpoints on locals gdb deleted with the process, as they were
            # ended: the program was dead before this kill (killed from outside, outsideKills.ts)
            return {"killed": live, "ended": live if dead else None, "ms": steps.ms, "lost": [w for w in before if w["number"] not in left]}

    class RestoreAttach(Command):
        def perform(self, args):
            steps = Steps()
            pid, pc = int(args[0]), int(args[1], 16)
            await_self_stop(pid)
            try:
                text = run("attach %d" % pid)
                steps.done("attach")
            finally:
                holder.release()
            if gdb.selected_inferior().pid != pid:
                raise gdb.GdbError("gdb could not attach to process %d: %s" % (pid, text.strip()))
            saved = signal_handling("SIGSTOP")
            set_signal_handling("SIGSTOP", [False, False, False])
            try:
                select_leader()
                # the others wait in fred's handler until the leader lets them go: kept there
                # and run out one by one, each stands where it was, not a few of fred's
                # instructions further as they raced the leader back (a wait for the turn)
                back_to(pc, alone=True)
                others_out_of_handler()
                steps.done("back")
            finally:
                set_signal_handling("SIGSTOP", saved)
            for bp in gdb.breakpoints():
                if enabled_before.get(bp.number) and not bp.enabled:
                    bp.enabled = True
            enabled_before.clear()
            # the stop message gdb gives when it has no reason to name: the adapter reads
            # every command's output for the program's state, and it is stopped now
            gdb.write("Program stopped.\n")
            # fred shows the counts the breakpoints had at the restored time point plus these
            for bp in gdb.breakpoints():
                if bp.number > 0:
                    bp.hit_count = 0
            return {"pid": pid, "ms": steps.ms}

    class Watchpoints(Command):
        def perform(self, args):
            answer = {"watchpoints": watchpoints()}
            try:
                frame = gdb.selected_frame()
            except gdb.error:
                return answer  # no program: no frame
            answer["selected"] = frame_identity(frame)
            block = frame.block() if frame.function() is not None else None
            answer["locals"] = [w["number"] for w in answer["watchpoints"] if block is not None and needs_frame(w["expression"], block)]
            return answer

    class WatchRestore(Command):
        """Argument: a JSON list of {user, expression, verb, frame, height, condition, commands,
        silent, ignore, enabled}. Answers {"numbers": {user: gdb number}} for those created."""

        whole_argument = True

        def perform(self, args):
            wanted = json.loads(args[0])
            numbers = {}
            if not gdb.selected_inferior().pid:
                return {"numbers": numbers}
            selected = gdb.selected_frame()
            frames = live_frames()
            try:
                for watch in wanted:
                    number = recreate(watch, frames)
                    if number is not None:
                        numbers[str(watch["user"])] = number
            finally:
                selected.select()
            return {"numbers": numbers}

    class HitsReset(Command):
        def perform(self, args):
            for bp in gdb.breakpoints():
                if bp.number > 0:
                    bp.hit_count = 0
            return {}

    class LineStart(Command):
        def perform(self, args):
            frames = []
            frame = gdb.newest_frame()
            while frame is not None:
                frames.append(frame)
                frame = frame.older()
            skip = len(frames) - int(args[0]) if args else 0
            for frame in frames[max(0, skip):]:
                sal = frame.find_sal()
                if sal.symtab is not None and sal.pc:
                    entries = function_lines(frame, sal)
                    loop = loop_line(entries, int(frame.pc())) if args[1:] == ["loop"] else None
                    return {"address": "%x" % (loop or statement_start(entries, sal.pc))}
            return {}

    def function_lines(frame, sal):
        """The line table entries (pc, line) of the frame's function, by address."""
        block = frame.block()
        while block is not None and block.function is None:
            block = block.superblock
        if block is None:
            return []
        return sorted((e.pc, e.line) for e in sal.symtab.linetable() if block.start <= e.pc < block.end and e.line > 0)

    def statement_start(entries, pc):
        """Where `next` lands on the line that holds pc: a line may have several entries in a
        row (parts of one statement); the first of them."""
        at = max((k for k, (start, _) in enumerate(entries) if start <= pc), default=None)
        if at is None:
            return pc
        while at > 0 and entries[at - 1][1] == entries[at][1]:
            at -= 1
        return entries[at][0]

    def loop_line(entries, pc):
        """The first entry after pc whose line is lower than the one before it (None when
        there is none)."""
        previous = None
        for start, line in entries:
            if previous is not None and start > pc and line < previous:
                return start
            previous = line
        return None
        pc = int(frame.pc())
        previous = None
        for entry in sal.symtab.linetable():
            if entry.pc < block.start or entry.pc >= block.end or entry.line <= 0:
                continue
            if previous is not None and entry.pc > pc and entry.line < previous:
                return entry.pc
            previous = entry.line
        return None

    class LeaveLibrary(Command):
        """A Ctrl-C often lands in fred's record log, which wraps the program's system calls:
        fred's library is no place of the program's (its frames would be points of history
        a replay cannot name). Run to the return into the first frame that is neither fred's
        library nor a signal frame, at that frame's stack pointer."""

        def perform(self, args):
            newest = gdb.newest_frame()
            # fred's library, or a library it called (libc's memcpy copying a log entry)
            frame = newest
            while frame is not None and not in_fred_library(frame) and gdb.solib_name(frame.pc()) is not None:
                frame = frame.older()
            if frame is None or not in_fred_library(frame):
                return {"moved": False}
            # a system call the signal interrupted (it waited: for input, say) would only
            # wait again: the stop stays where it is
            if -516 <= int(newest.read_register("rax")) <= -512:
                return {"moved": False}
            while frame is not None and (in_fred_library(frame) or frame.type() == gdb.SIGTRAMP_FRAME):
                frame = frame.older()
            if frame is None:
                return {"moved": False}
            pc, sp = int(frame.pc()), int(frame.read_register("sp"))
            back = ReturnBreakpoint("*0x%x" % pc, internal=True, temporary=True)
            back.sp = sp
            back.thread = gdb.selected_thread().num
            with user_breakpoints_paused():
                try:
                    text = run("continue")
                finally:
                    if back.is_valid():
                        back.delete()
            if not gdb.selected_inferior().pid or current_pc() != pc:
                raise gdb.GdbError("the program did not come back out of fred's library: %s" % text.strip()[-300:])
            return {"moved": True}

    def read_counter(name):
        return int(gdb.parse_and_eval("*(unsigned long *)0x%x" % address_of(name)))

    class CallBreakpoint(gdb.Breakpoint):
        """At fred_call_reached, which the library calls entering each of the program's
        calls that may wait with its number: stops only at call `target`."""

        target = 0

        def stop(self):
            return int(gdb.newest_frame().read_register("rdi")) == self.target

    def call_breakpoint(target):
        # by name: gdb sets it again in each restored copy's library
        here = CallBreakpoint("fred_call_reached", internal=True)
        here.target = target
        return here

    class CallStop(Command):
        """`fred-call N`: the program runs on until it enters its call N and stops at
        fred_call_reached. The user's breakpoints stay as they are, as for the `continue`
        this stands for."""

        def perform(self, args):
            target = int(args[0])
            try:
                made = read_counter("fred_calls_made")
            except gdb.error:
                made = 0  # before the library is loaded (at the program's first instruction)
            if made >= target:
                raise gdb.GdbError("the program has made its call %d already" % target)
            here = call_breakpoint(target)
            try:
                text = run("continue")
            finally:
                if here.is_valid():
                    here.delete()
            if not gdb.selected_inferior().pid or gdb.newest_frame().name() != "fred_call_reached":
                raise gdb.GdbError("the program did not reach its call %d: %s" % (target, text.strip()[-300:]))
            return {"reached": target}

    guards = []

    class CallGuard(Command):
        """`fred-call-guard N` (0: none): every command stops entering call N, the one a
        Ctrl-C stop waited in. While fred searches back from there, no replay may run into
        that wait: past the record log's end it would wait for real (the terminal, a sleep)."""

        def perform(self, args):
            target = int(args[0])
            while guards:
                old = guards.pop()
                if old.is_valid():
                    old.delete()
            if target > 0:
                guards.append(call_breakpoint(target))
            return {"guard": target}

    SnapshotSignal("fred-snapshot-signal")
    RestoreBegin("fred-restore-begin")
    RestoreAttach("fred-restore-attach")
    Watchpoints("fred-watchpoints")
    WatchRestore("fred-watch-restore")
    HitsReset("fred-hits-reset")
    LineStart("fred-line-start")
    LeaveLibrary("fred-leave-library")
    CallStop("fred-call")
    CallGuard("fred-call-guard")


_fred_restore_commands()
