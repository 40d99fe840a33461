/*
 * fred_image.h - the on-disk layout of a fred checkpoint image.
 *
 * Layout (every part starts on a page boundary so data can be mapped lazily):
 *
 *   page 0            struct fred_image_header (exactly one page)
 *   table_offset      struct fred_area[area_count]
 *                     struct fred_run[run_count]     stored page ranges of the areas
 *                     struct fred_file[file_count]   open files (for info and restart checks)
 *                     struct fred_thread[thread_count]
 *                     strings (NUL-terminated, referenced by offset; offset 0 = "")
 *                     struct fred_outside_state      only in images taken from outside (flags)
 *   data_offset       the stored pages, run after run, each run page-aligned
 *
 * All-zero pages of anonymous areas and untouched pages of file-backed areas are not
 * stored. Every area has a checksum of its stored bytes (chunked, see fred_hash.h); the
 * header and the table have their own. Integers are little-endian (x86_64 only).
 *
 * This header is shared by the preload library (writer and restart planner), the
 * freestanding restorer and the Node addon; it must stay free of libc dependencies.
 */
#ifndef FRED_IMAGE_H
#define FRED_IMAGE_H

#include <stdint.h>

#define FRED_IMAGE_MAGIC "FREDIMG"      /* 8 bytes with the NUL */
#define FRED_IMAGE_VERSION 2u          /* 2: data checksums by chunks (fred_hash.h) */
#define FRED_PAGE_SIZE 4096u
#define FRED_PATH_MAX 1024u
#define FRED_IMAGE_COPY_NAME "fred-image"   /* memfd of restart's private copy of an image */

enum fred_area_kind {
    FRED_AREA_ANON = 1,   /* private anonymous memory: stored pages are the non-zero ones */
    FRED_AREA_FILE = 2,   /* private file mapping: stored pages are the modified ones */
    FRED_AREA_HEAP = 3,   /* [heap], anonymous */
    FRED_AREA_STACK = 4,  /* [stack], anonymous, grows down */
};

enum fred_area_flags {
    FRED_AREA_GROWSDOWN = 1u << 0,
    FRED_AREA_EXEC_FROM_FILE = 1u << 1,  /* code: always taken from the file, never from memory */
};

enum fred_image_flags {
    /* taken from outside by a ptrace supervisor (static programs): no library state, the
     * registers and kernel state are in a struct fred_outside_state after the strings */
    FRED_IMAGE_FROM_OUTSIDE = 1u << 0,
};

/* What an image taken from outside holds beyond memory: in the preload library's images
 * this state lives in the library's own memory (struct fred_state). */
struct fred_outside_state {
    uint64_t regs[27];            /* struct user_regs_struct (PTRACE_GETREGS), fs_base included */
    uint64_t sigmask;             /* blocked signals */
    uint64_t pending;             /* signals pending (blocked) at checkpoint time, sent again */
    struct {
        uint64_t handler, flags, restorer, mask;
    } actions[64];                /* the kernel's sigaction of signals 1..64 */
    uint64_t rseq_addr;           /* 0 if rseq was not registered */
    uint32_t rseq_len, rseq_sig;
    uint32_t umask;
    int32_t termios_fd;           /* -1 if no standard stream was a terminal */
    uint8_t termios[64];          /* struct termios of that terminal */
    uint32_t xsave_size;          /* bytes of XSAVE area that follow (NT_X86_XSTATE) */
    uint32_t pad;
    uint8_t xsave[];
};

/* The callee-saved registers of the point where the checkpoint handler resumes. */
struct fred_resume_context {
    uint64_t rsp, rip, rbx, rbp, r12, r13, r14, r15;
};

/* Kernel mm fields given back with prctl(PR_SET_MM_MAP). */
struct fred_mm_fields {
    uint64_t start_code, end_code, start_data, end_data;
    uint64_t start_brk, brk, start_stack;
    uint64_t arg_start, arg_end, env_start, env_end;
};

struct fred_image_header {
    union {
        struct {
    char magic[8];
    uint32_t version;
    uint32_t header_size;         /* sizeof(struct fred_image_header) */
    uint64_t image_size;          /* whole file, to detect truncation */
    uint64_t header_checksum;     /* over this page with this field zero */
    uint64_t table_offset, table_size, table_checksum;
    uint64_t data_offset;
    uint32_t area_count, run_count, file_count, thread_count;
    uint32_t strings_offset;      /* from table_offset */
    uint32_t strings_size;
    int32_t pid;
    uint32_t uid;
    uint32_t personality;         /* ADDR_NO_RANDOMIZE etc. of the checkpointed process */
    uint32_t auxv_words;
    uint64_t time_unix_ns;        /* wall clock at checkpoint */
    uint64_t checkpoint_ns;       /* how long writing took */
    uint64_t stored_bytes;        /* sum of stored data */
    uint64_t mapped_bytes;        /* sum of area sizes */
    uint64_t fs_base;
    uint64_t restart_info_addr;   /* where the library's struct fred_restart_info lives */
    uint64_t rseq_addr;           /* 0 if rseq was not registered */
    uint32_t rseq_len, rseq_sig;
    uint64_t vdso_start, vdso_end, vvar_start, vvar_end, vclock_start, vclock_end;
    uint64_t vdso_checksum;       /* to refuse an image from a different kernel */
    struct fred_mm_fields mm;
    uint64_t auxv[96];
    uint64_t exe_size, exe_mtime_ns;
    char exe[FRED_PATH_MAX];
    char cwd[FRED_PATH_MAX];
    char cmdline[512];            /* argv joined by spaces, for info and ps-like listings */
    uint32_t flags;               /* enum fred_image_flags */
    uint32_t outside_size;        /* bytes of the struct fred_outside_state after the strings, 0 if none */
        };
        uint8_t page[4096];
    };
};

struct fred_area {
    uint64_t start, end;
    uint32_t prot;                /* PROT_* */
    uint32_t kind;                /* enum fred_area_kind */
    uint32_t flags;               /* enum fred_area_flags */
    uint32_t path;                /* string offset of the backing file, 0 if none */
    uint64_t file_offset;         /* offset in the backing file */
    uint32_t first_run, run_count;
    uint64_t stored_bytes;
    uint64_t checksum;            /* of the stored bytes, in run order */
    uint64_t file_size, file_mtime_ns, file_ino;
    uint8_t build_id[20];
    uint32_t build_id_len;
    uint32_t label;               /* string offset of a kernel name like [heap], 0 if none */
    uint32_t pad[3];
};

struct fred_run {
    uint64_t offset;              /* from the area's start */
    uint64_t length;
    uint64_t data_offset;         /* in the image file */
};

enum fred_file_kind {
    FRED_FILE_REGULAR = 1,
    FRED_FILE_DIRECTORY = 2,
    FRED_FILE_TERMINAL = 3,
    FRED_FILE_DEVICE = 4,         /* /dev/null and friends, reopened by path */
    FRED_FILE_STANDARD = 5,       /* fd 0-2 that are not files: taken from the restarting caller */
};

struct fred_file {
    int32_t fd;
    uint32_t kind;
    uint32_t open_flags;
    uint32_t fd_flags;            /* FD_CLOEXEC */
    uint64_t offset;
    uint64_t size, mtime_ns;
    uint32_t path;                /* string offset */
    uint32_t pad;
};

/* One per thread; fred supports one thread today, the format has room for more. */
struct fred_thread {
    int32_t tid;
    uint32_t pad;
    struct fred_resume_context resume;
    uint64_t fs_base;
};

/*
 * Written by the restorer into the restored library's memory just before it resumes,
 * so the library knows it was restarted, from where, and whether to stop for a debugger.
 */
struct fred_restart_info {
    uint32_t restarted;           /* incremented by each restart */
    uint32_t stop;                /* SIGSTOP before resuming user code */
    uint64_t scratch_end;         /* the restorer's code and scratch end here; unmapped after */
    char image[FRED_PATH_MAX];    /* image the process came from */
    /* the restarting environment's settings (FRED_CKPT_CONTROL, FRED_CKPT_SESSION): a
     * restored process belongs to the session that restarted it; "" / 0 = keep its own */
    char control_dir[512];
    int32_t session_pid;
    uint32_t pad;
};

#ifdef __cplusplus
#define FRED_STATIC_ASSERT(c, m) static_assert(c, m)
#else
#define FRED_STATIC_ASSERT(c, m) _Static_assert(c, m)
#endif
FRED_STATIC_ASSERT(sizeof(struct fred_image_header) == 4096, "image header is one page");
FRED_STATIC_ASSERT(sizeof(struct fred_area) == 128, "area record size is part of the format");
FRED_STATIC_ASSERT(sizeof(struct fred_run) == 24, "run record size is part of the format");
FRED_STATIC_ASSERT(sizeof(struct fred_file) == 48, "file record size is part of the format");
FRED_STATIC_ASSERT(sizeof(struct fred_outside_state) == 2376, "outside state record size is part of the format");
FRED_STATIC_ASSERT(sizeof(struct fred_thread) == 80, "thread record size is part of the format");

#endif
