# gdbInfcalls.py - lets gdb 13 call the program's functions (`print list_len(head)`) on
# CPUs whose XSAVE area is larger than gdb 13 knows (AMX: Sapphire Rapids and later).
#
# Why: for an inferior call gdb writes the registers back with
# ptrace(PTRACE_SETREGSET, NT_X86_XSTATE) using its own fixed-size buffer; the kernel wants
# exactly its own XSAVE size and answers EFAULT, so every call fails with "Couldn't write
# extended state status: Bad address" (gdb 14 knows AMX). When the NT_X86_XSTATE regset
# cannot be read at all, gdb falls back to PTRACE_GETFPREGS/SETFPREGS (x87 and SSE), which
# work. So, before any program is started or attached, gdb itself gets a seccomp filter
# that answers EIO to exactly ptrace(PTRACE_GETREGSET or PTRACE_SETREGSET, pid,
# NT_X86_XSTATE). Cost: $ymm/$zmm registers are not shown. Everything else passes.
# The filter is inherited by the programs gdb starts; they only lose that same ptrace call.
import ctypes
import struct

import gdb

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SYS_PTRACE = 101
PTRACE_GETREGSET = 0x4204
PTRACE_SETREGSET = 0x4205
NT_X86_XSTATE = 0x202
AUDIT_ARCH_X86_64 = 0xC000003E
LD_W_ABS, JEQ_K, RET_K = 0x20, 0x15, 0x06
ALLOW, ERRNO_EIO = 0x7FFF0000, 0x00050000 | 5
# offsets in struct seccomp_data
NR, ARCH, ARG0, ARG2 = 0, 4, 16, 32


def needed():
    """gdb older than 14 on a CPU with AMX state."""
    major = int(gdb.VERSION.split(".")[0])
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            flags = next((line for line in cpuinfo if line.startswith("flags")), "")
    except OSError:
        return False
    return major < 14 and " amx_tile" in flags


def instruction(code, jump_true, jump_false, k):
    return struct.pack("HBBI", code, jump_true, jump_false, k)


def install():
    program = b"".join([
        instruction(LD_W_ABS, 0, 0, ARCH),
        instruction(JEQ_K, 0, 7, AUDIT_ARCH_X86_64),  # other ABI: allow
        instruction(LD_W_ABS, 0, 0, NR),
        instruction(JEQ_K, 0, 5, SYS_PTRACE),  # not ptrace: allow
        instruction(LD_W_ABS, 0, 0, ARG0),
        instruction(JEQ_K, 1, 0, PTRACE_GETREGSET),
        instruction(JEQ_K, 0, 2, PTRACE_SETREGSET),  # another request: allow
        instruction(LD_W_ABS, 0, 0, ARG2),
        instruction(JEQ_K, 1, 0, NT_X86_XSTATE),
        instruction(RET_K, 0, 0, ALLOW),
        instruction(RET_K, 0, 0, ERRNO_EIO),
    ])

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    buffer = ctypes.create_string_buffer(program)
    fprog = SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        gdb.write("fred: warning: cannot work around gdb's AMX limit (errno %d); "
                  "expressions that call functions will fail\n" % ctypes.get_errno())


# sourced once per gdb; a second filter would only repeat the same answer
if needed() and gdb.convenience_variable("fred_infcalls_fixed") is None:
    install()
    gdb.set_convenience_variable("fred_infcalls_fixed", 1)
