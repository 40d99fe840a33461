/*
 * fred_record.h - the record/replay log: everything the program takes from outside its
 * own memory (clock, random bytes, its pid, input from terminals, pipes and sockets,
 * readiness of descriptors), so that a replay after a restore sees the very values the
 * forward run saw.
 *
 * The log is a file in the session's directory (FRED_RECORD_LOG), mapped MAP_SHARED: it
 * outlives every restore, since all copies of the program share it. The position in it is
 * program state (fred_record.c keeps it in the library's memory), so a copy restored from
 * the past reads the log from the point it was taken at. While the position is short of
 * the log's length, calls are answered from the log (replay); at the end they go to the
 * world and are appended (record). The session decides when the log no longer applies (a
 * new path after going back) and cuts it at the live position.
 *
 * File layout (version 1), shared with src/fred/checkpointer/recordLog.ts, little-endian:
 *   page 0: struct fred_log_header
 *   from FRED_LOG_ENTRIES: entries, each struct fred_log_entry then data_len bytes of
 *           data, padded to 8 bytes.
 */
#ifndef FRED_RECORD_H
#define FRED_RECORD_H

#include <stdint.h>

#define FRED_LOG_MAGIC "FREDLOG1"
#define FRED_LOG_VERSION 1u
#define FRED_LOG_ENTRIES 4096u

struct fred_log_header {
    char magic[8];                  /*   0 */
    uint32_t version;               /*   8 */
    uint32_t full;                  /*  12 the log ran out of room: later calls went unrecorded */
    uint64_t capacity;              /*  16 bytes of the file (entries end there) */
    uint64_t length;                /*  24 end of the last complete entry (a byte offset) */
    uint64_t live_position;         /*  32 where the live program stands in the log */
    uint64_t live_index;            /*  40 the entry number there */
    int32_t program_pid;            /*  48 what getpid()/gettid() answer: the first launch's */
    int32_t program_ppid;           /*  52 what getppid() answers */
    uint32_t diverged;              /*  56 the program asked for other than the log holds */
    uint32_t pad;                   /*  60 */
    uint64_t diverged_index;        /*  64 the entry where it did */
    char divergence[448];           /*  72 one line: recorded vs now */
    char unrecorded[448];           /* 520 a call the log cannot hold (first one), "" if none */
    uint64_t live_said;             /* 968 entry number + 1 where a live mismatch was said (once) */
};
_Static_assert(sizeof(struct fred_log_header) <= FRED_LOG_ENTRIES, "the header fits its page");

struct fred_log_entry {
    uint32_t call;                  /* system call number, or FRED_CALL_*; | FRED_ENTRY_FILE */
    uint32_t data_len;              /* bytes of data after the entry */
    int64_t key;                    /* what must match on replay: descriptor, clock id... */
    int64_t size;                   /* requested size (or count), must match too */
    int64_t result;                 /* the return value (-errno on failure) */
};
_Static_assert(sizeof(struct fred_log_entry) == 32, "entries are 32 bytes");

/* A read of a regular file: the data is its hash and offset, and a replay reads again. */
#define FRED_ENTRY_FILE 0x80000000u

/* Calls that are not system calls of their own (answered by the vdso or by libc). */
enum {
    FRED_CALL_CLOCK = 10000,        /* clock(): data 8 bytes */
    FRED_CALL_VDSO_CLOCK_GETTIME,   /* clock_gettime() through the vdso: data = timespec */
    FRED_CALL_VDSO_GETTIMEOFDAY,    /* gettimeofday(): data = timeval */
    FRED_CALL_VDSO_TIME,            /* time(): the result */
    FRED_CALL_SIGNAL,               /* a signal reached a handler of the program: key = signal,
                                       size = 1 when it came during a recorded call (a replay
                                       delivers it at the same point), 0 while computing */
    FRED_CALL_TURN,                 /* threads take turns (fred_thread_order.c): the thread numbered
                                       key (fred_thread_numbers.h) runs from here; size = the
                                       sched_yields the previous holder kept the turn over */
    /* children (fred_record_children.c); key: a hash of the command or program */
    FRED_CALL_SPAWN,                /* posix_spawn(): result = its answer, data = the pid */
    FRED_CALL_SYSTEM,               /* system(): data = status and errno */
    FRED_CALL_POPEN,                /* popen(): data = the stream's fd and errno */
    FRED_CALL_PCLOSE,               /* pclose(): key = fd, data = status and errno */
};

/* At load (the constructor): start recording when FRED_RECORD_LOG names a log. */
void fred_record_init(void);
/* A copy of the program was resumed from a snapshot: it stands at its own position. */
void fred_record_resumed(void);
/* Restarted from an image: the log (not part of images) is gone; record nothing more. */
void fred_record_detach(void);
/*
 * Restarted with a signal for the program (fred_notify_restart), at a point where this
 * thread was not returning from a wait: its next wait (through fred's wrappers) returns
 * EINTR at once, as a wait the signal had come during would. Otherwise the signal, handled
 * before the wait began, is lost on a program whose handler only sets a flag that it checks
 * when a wait returns (python3 in readline's select, at pdb's prompt).
 */
void fred_record_interrupt_next_wait(void);
/* context (a signal handler's) stands where a call made through fred's wrappers returns EINTR. */
int fred_record_call_interrupted(const void *context);
/*
 * The order of threads (fred_thread_order.c), kept in the log as FRED_CALL_TURN entries.
 * Only the thread holding the turn calls these, except fred_record_next_turn.
 */
enum fred_order_mode { FRED_ORDER_PASS, FRED_ORDER_RECORD, FRED_ORDER_REPLAY };
enum fred_order_mode fred_record_order_mode(void);
/* Replaying: the thread whose turn the next entry is, 0 when the next entry is another call. */
int64_t fred_record_next_turn(void);
/* Replaying: how many sched_yields the holder passed keeping the turn before the next
 * entry's take (-1 when the next entry is another call). */
int64_t fred_record_next_turn_yields(void);
/* Thread `number` takes the turn, the previous holder having kept it over `yields_kept`
 * sched_yields: recorded, or checked against the log (the number) and passed. */
void fred_record_turn(int64_t number, int64_t yields_kept);
/* A replay cannot follow the recorded order of threads: say why, go live. */
void fred_record_turn_impossible(int64_t number, const char *why);
/* Recording ends here (the log can no longer promise the same order): said once as unrecorded. */
void fred_record_stop(const char *why);
/* fred's own code runs (signal handlers, frozen copies): its calls pass through unrecorded. */
void fred_record_enter_fred(void);
void fred_record_leave_fred(void);

/* Exported for the debugger's side (pdb's helper, through ctypes): while paused, the
 * calls are the debugger's own (reading its commands) and pass through unrecorded. */
__attribute__((visibility("default"))) void fred_record_pause(int paused);

#endif
