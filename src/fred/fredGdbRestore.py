# fredGdbRestore.py - the gdb side of fred's snapshots (src/fred/gdbControl.ts says why it
# works this way). gdb sources this file at session start. Each command does in one round
# trip what would otherwise be several, and ends with one line "fred-control: {json}".
#
#   fred-snapshot-signal SIGNAL    enter the checkpoint handler (queue-signal + stepi) and run
#                                  it back to the pc the program was at
#   fred-restore-begin             keep the shared libraries' symbols loaded, kill the program
#   fred-restore-attach PID PC     attach to the resumed copy, swallow its SIGSTOP, run its
#                                  handler back to PC, release the symbols kept by begin
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
    import json
    import os
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
        return int(gdb.selected_frame().pc())

    def back_to(pc):
        """Continue to pc with an internal breakpoint (no user breakpoint number is used)."""
        stop = gdb.Breakpoint("*0x%x" % pc, internal=True, temporary=True)
        try:
            text = run("continue")
        finally:
            if stop.is_valid():
                stop.delete()
        if not gdb.selected_inferior().pid or current_pc() != pc:
            raise gdb.GdbError("did not come back to 0x%x after the checkpoint handler: %s" % (pc, text.strip()[-300:]))

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
        def __init__(self, name):
            super().__init__(name, gdb.COMMAND_NONE)

        def invoke(self, argument, from_tty):
            try:
                answer = self.perform(gdb.string_to_argv(argument))
                answer["ok"] = True
            except (gdb.error, gdb.GdbError, ValueError) as error:
                answer = {"ok": False, "error": str(error)}
            reply(answer)

    class SnapshotSignal(Command):
        def perform(self, args):
            steps = Steps()
            pc = current_pc()
            run("queue-signal %s" % args[0])
            run("stepi")
            steps.done("handler")
            back_to(pc)
            steps.done("back")
            return {"pc": "%x" % pc, "ms": steps.ms}

    class RestoreBegin(Command):
        def perform(self, args):
            steps = Steps()
            live = gdb.selected_inferior().pid
            if live:
                try:
                    holder.hold(files_to_hold())
                    steps.done("hold")
                    # `detach` + SIGKILL would let the old process's teardown (~10-25 ms at
                    # 512 MiB) overlap the attach, but on 2 loaded CPUs the attach slowed as
                    # much, and a signal gdb holds for the program would be delivered: kill.
                    run("kill")
                    steps.done("kill")
                except BaseException:
                    holder.release()  # no attach will follow to release it
                    raise
            return {"killed": live, "ms": steps.ms}

    class RestoreAttach(Command):
        def perform(self, args):
            steps = Steps()
            pid, pc = int(args[0]), int(args[1], 16)
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
                back_to(pc)
                steps.done("back")
            finally:
                set_signal_handling("SIGSTOP", saved)
            # the stop message gdb gives when it has no reason to name: the adapter reads
            # every command's output for the program's state, and it is stopped now
            gdb.write("Program stopped.\n")
            return {"pid": pid, "ms": steps.ms}

    SnapshotSignal("fred-snapshot-signal")
    RestoreBegin("fred-restore-begin")
    RestoreAttach("fred-restore-attach")


_fred_restore_commands()
