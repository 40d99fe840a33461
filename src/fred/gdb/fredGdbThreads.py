# fredGdbThreads.py - the gdb side of fred's thread numbers (src/fred/gdb/threadNumbers.ts).
# gdb sources this file at session start.
#
#   fred-threads      each thread of the program: gdb's number, the number fred's library
#                     gave it (its place in the order of creation, main 1; null when the
#                     library did not number it), its LWP (gdb's "[Thread ... exited]"
#                     names it so) and whether it is the selected one;
#                     one line "fred-control: {json}"
#   $_fred_thread()   the forward run's number of the thread gdb has selected (in a
#                     breakpoint's condition: the thread that hit it); gdb's number for a
#                     thread the library did not number. fred puts it where the user's
#                     conditions say $_thread (src/fred/gdb/threadBreakpoints.ts)
#   $_fred_in_thread(N)  1 when that thread is the forward run's thread N: `break LOC
#                     thread N` becomes this condition, which survives restores (gdb deletes
#                     a thread-specific breakpoint with the process) and means the same
#                     thread in every copy
#
# The library's table (fred_thread_numbers.h) pairs each thread's pthread_t with its
# number; gdb knows a thread's pthread_t through libthread_db (InferiorThread.handle()).


def _fred_thread_commands():
    import json
    import re

    import gdb

    MARK = "fred-control: "
    ENTRY_BYTES = 16
    MAX_ENTRIES = 1024

    def reply(answer):
        gdb.write(MARK + json.dumps(answer) + "\n")
        gdb.flush()

    def address_of(name):
        """The address of a global of the library. `info address` answers in ~0.01 ms once
        gdb's symbol cache has it; parse_and_eval("&name") took 3-8 ms every time (this
        command runs several times per reverse command in a threaded program)."""
        text = gdb.execute("info address %s" % name, to_string=True)
        found = re.search(r"\b0x[0-9a-f]+", text)
        if found is None:
            raise gdb.error("no address for %s: %s" % (name, text.strip()))
        return int(found.group(0), 16)

    def library_table(inferior):
        """{pthread_t: number} from the library's table, {} when it is not loaded."""
        try:
            used = int.from_bytes(bytes(inferior.read_memory(address_of("fred_thread_numbers_used"), 4)), "little")
            start = address_of("fred_thread_numbers")
        except (gdb.error, gdb.MemoryError):
            return {}
        count = min(used, MAX_ENTRIES)
        if count <= 0:
            return {}
        data = bytes(inferior.read_memory(start, count * ENTRY_BYTES))
        table = {}
        for i in range(count):
            handle = int.from_bytes(data[i * ENTRY_BYTES:i * ENTRY_BYTES + 8], "little")
            number = int.from_bytes(data[i * ENTRY_BYTES + 8:i * ENTRY_BYTES + 16], "little")
            if handle:
                table[handle] = number
        return table

    def handle_of(thread):
        try:
            handle = thread.handle()
        except (gdb.error, RuntimeError):
            return None
        return int.from_bytes(bytes(handle), "little") if handle is not None else None

    def way_out():
        """The level of the frame whose `finish` takes the selected thread back into the
        program's code (the innermost frame of the main program; for a thread that has not
        entered its start function yet, the frame start_thread called). None when the
        thread is there already; with it, the frame it comes back to. Reverse commands step
        a thread blocked in a library (its turn, a lock) from there
        (src/history/threadSwitch.ts)."""
        try:
            frame = gdb.newest_frame()
        except gdb.error:
            return None
        program = gdb.current_progspace().filename
        level = 0
        while frame is not None:
            symtab = frame.find_sal().symtab
            older = frame.older()
            in_program = symtab is not None and symtab.objfile.filename == program
            if in_program or (older is not None and older.name() == "start_thread"):
                return (level - 1, frame) if level > 0 else None
            frame = older
            level += 1
        return None

    def waits_in(frame):
        """The line of the program's code a thread waiting in a library is in (the caller's
        line, as bt shows it), that frame's id (its CFA, as fredGdbHelpers.py's location
        gives frame 0's) and depth: where reverse commands on that thread start from
        (src/history/selectedThread.ts)."""
        sal = frame.find_sal()
        text = gdb.execute("info frame level %d" % frame.level(), to_string=True)
        cfa = re.search(r"frame at (0x[0-9a-fA-F]+)", text)
        depth = 0
        walk = frame
        while walk is not None:
            depth += 1
            try:
                walk = walk.older()
            except gdb.error:
                break
        answer = {"depth": depth}
        if sal.symtab is not None:
            answer["line"] = sal.line
        if cfa:
            answer["frameId"] = cfa.group(1)
        return answer

    class Threads(gdb.Command):
        def __init__(self):
            super().__init__("fred-threads", gdb.COMMAND_NONE)

        def invoke(self, argument, from_tty):
            inferior = gdb.selected_inferior()
            if not inferior.pid:
                reply({"ok": True, "threads": []})
                return
            try:
                table = library_table(inferior)
                selected = gdb.selected_thread()
                threads = []
                for thread in inferior.threads():
                    handle = handle_of(thread)
                    threads.append({"gdb": thread.num, "user": table.get(handle) if handle else None, "lwp": thread.ptid[1],
                                    "selected": selected is not None and thread.num == selected.num,
                                    "name": thread.name or ""})
                if selected is not None and len(threads) > 1:
                    out = way_out()
                    if out is not None:
                        for t in threads:
                            if t["selected"]:
                                t["wayOut"] = out[0]
                                t["waitsIn"] = waits_in(out[1])
                reply({"ok": True, "threads": sorted(threads, key=lambda t: t["gdb"])})
            except (gdb.error, gdb.MemoryError) as error:
                reply({"ok": False, "error": str(error)})

    def number_of_selected():
        thread = gdb.selected_thread()
        if thread is None:
            raise gdb.GdbError("No thread selected.")
        handle = handle_of(thread)
        number = library_table(thread.inferior).get(handle) if handle else None
        return number if number is not None else thread.num

    class ThreadNumber(gdb.Function):
        def __init__(self):
            super().__init__("_fred_thread")

        def invoke(self):
            return number_of_selected()

    class InThread(gdb.Function):
        def __init__(self):
            super().__init__("_fred_in_thread")

        def invoke(self, number):
            return 1 if number_of_selected() == int(number) else 0

    class ThreadToProgram(gdb.Command):
        """`finish` of the selected thread's wait in a library (its turn, a lock) back into
        the program's code, the frame found when it runs: a restored thread that waits in
        fred's library may stand a few of fred's instructions (and frames) away from where
        it stood when probed, so a frame number written into the history would finish
        another frame in a replay. Nothing to do when the thread is in the program already."""

        def __init__(self):
            super().__init__("fred-thread-to-program", gdb.COMMAND_RUNNING)

        def invoke(self, argument, from_tty):
            out = way_out()
            if out is None:
                return
            out[1].newer().select()   # the frame the program's code (or start_thread) called
            gdb.execute("fred-finish")

    Threads()
    ThreadNumber()
    InThread()
    ThreadToProgram()


_fred_thread_commands()
del _fred_thread_commands
