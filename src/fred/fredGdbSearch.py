# fredGdbSearch.py - the gdb side of fred-reverse-watch's full-speed search
# (src/checkpointer-native/src/fred_search.h). gdb sources this file at session start.
# Each command ends with one line "fred-control: {json}", like fredGdbRestore.py's.
#
#   fred-search-arm SIGNAL     enter the checkpoint handler, which reads the request fred
#                              left (a series or a counted stop) and arms it, and run back to
#                              the pc; "stopped": the counted stop was reached on the way
#   fred-line-start            start address of the source line of the innermost frame that
#                              has line information


def _fred_search_commands():
    import json

    import gdb

    MARK = "fred-control: "
    STOP_SIGNAL = "SIG40"

    def reply(answer):
        gdb.write(MARK + json.dumps(answer) + "\n")
        gdb.flush()

    def run(command):
        return gdb.execute(command, to_string=True)

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

    class Arm(Command):
        def perform(self, args):
            pc = int(gdb.selected_frame().pc())
            run("queue-signal %s" % args[0])
            run("stepi")
            stop = gdb.Breakpoint("*0x%x" % pc, internal=True, temporary=True)
            try:
                text = run("continue")
            finally:
                if stop.is_valid():
                    stop.delete()
            if not gdb.selected_inferior().pid:
                raise gdb.GdbError("the program ended in fred's handler: %s" % text.strip()[-300:])
            stopped = STOP_SIGNAL in text
            if not stopped and int(gdb.selected_frame().pc()) != pc:
                raise gdb.GdbError("did not come back to 0x%x after the handler: %s" % (pc, text.strip()[-300:]))
            return {"stopped": stopped}

    class LineStart(Command):
        def perform(self, args):
            frame = gdb.newest_frame()
            while frame is not None:
                sal = frame.find_sal()
                if sal.symtab is not None and sal.pc:
                    return {"address": "%x" % sal.pc}
                frame = frame.older()
            return {}

    Arm("fred-search-arm")
    LineStart("fred-line-start")


_fred_search_commands()
