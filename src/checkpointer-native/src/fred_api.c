/*
 * fred_api.c - checkpoints requested by the program itself (the Python module
 * src/python/fredckpt.py calls these through ctypes; C programs may too). They are the
 * library's interface for programs (fred_api_*, versioned by fred_api_version); they run
 * in the program's ordinary context, never in a signal handler, so libc is fine here.
 *
 * A checkpoint from inside goes through the same door as one from outside: leave an
 * image request for our own pid (include/fred_control.h), raise the checkpoint signal, and wait for the
 * writer's answer. The signal handler returns twice over the life of an image: once now
 * (the image is being written by a copy: wait for it, then "resume"), and once in every
 * process restarted from it (fred_lib.restarts went up: "restart").
 */
#define _GNU_SOURCE
#include "fred_control_files.h"
#include "fred_library.h"
#include "fred_image_read.h"

#include <dlfcn.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FRED_API __attribute__((visibility("default")))
#define FRED_API_VERSION 1
#define ANSWER_TIMEOUT_NS (120ull * 1000000000ull)

enum { FRED_API_ERROR = -1, FRED_API_RESUMED = 1, FRED_API_RESTARTED = 2 };

/* The summary of an image that fredckpt.sessions() shows; the layout is part of the API. */
struct fred_api_image {
    int64_t time_unix_ns;
    int32_t pid;
    int32_t pad;
    char exe[FRED_PATH_MAX];
    char cwd[FRED_PATH_MAX];
    char cmdline[512];
};

static void set_message(char *out, size_t cap, const char *text)
{
    if (out && cap) fred_copy_string(out, text, cap);
}

FRED_API int fred_api_version(void) { return FRED_API_VERSION; }

/* How many times this process was restarted from an image. */
FRED_API unsigned fred_api_restarts(void) { return fred_lib.restarts; }

/* The image this process was last restarted from ("" if none). */
FRED_API const char *fred_api_restored_from(void) { return fred_lib.restored_from; }

/* Where images go by default: FRED_CKPT_DIR, else "" (the caller uses its cwd). */
FRED_API const char *fred_api_image_dir(void) { return fred_lib.image_dir; }

/* The directory holding this library (and fred-exec beside it). */
FRED_API const char *fred_api_native_dir(void)
{
    static char dir[PATH_MAX];
    Dl_info info;
    if (!dir[0] && dladdr((void *)fred_api_native_dir, &info) && info.dli_fname) {
        char copy[PATH_MAX];
        fred_copy_string(copy, info.dli_fname, sizeof copy);
        fred_copy_string(dir, dirname(copy), sizeof dir);
    }
    return dir;
}

static void sleep_ns(long ns)
{
    struct timespec t = { 0, ns };
    nanosleep(&t, NULL);
}

/* The writer's pid from its note in the control directory, or 0. */
static int writer_of(int pid)
{
    char path[600], text[32];
    fred_control_path(path, sizeof path, fred_lib.control_dir, FRED_WRITER_FILE, pid);
    ssize_t n = fred_read_control_file(path, text, sizeof text - 1);
    if (n <= 0) return 0;
    text[n] = 0;
    return atoi(text);
}

/* Wait for pid's answer; 0 with the line, -1 with why not. */
static int await_answer(int pid, char *line, size_t cap, char *err, size_t err_cap)
{
    char path[600];
    fred_control_path(path, sizeof path, fred_lib.control_dir, FRED_ANSWER_FILE, pid);
    uint64_t deadline = fred_now_ns() + ANSWER_TIMEOUT_NS;
    int writer = 0;
    for (long delay = 50000;; delay = delay < 5000000 ? delay * 2 : delay) {
        int taken = fred_control_take_answer(path, line, cap);
        if (taken == 0) return 0;
        if (taken == -2) {
            snprintf(err, err_cap, "the answer in %s is not of control protocol %d", path, FRED_CONTROL_PROTOCOL);
            return -1;
        }
        if (!writer) writer = writer_of(pid);
        if (writer && kill(writer, 0) < 0 && errno == ESRCH && access(path, F_OK) != 0) {
            snprintf(err, err_cap, "the copy writing the image (pid %d) died before it finished", writer);
            return -1;
        }
        if (fred_now_ns() > deadline) {
            set_message(err, err_cap, "the image was not written within 120 s");
            return -1;
        }
        sleep_ns(delay);
    }
}

/*
 * Write an image of this process to path (absolute). Returns FRED_API_RESUMED here once
 * the image is complete (its path in written), FRED_API_RESTARTED in a process restarted
 * from it, FRED_API_ERROR with a one-line reason in err.
 */
FRED_API int fred_api_checkpoint(const char *path, char *written, size_t written_cap, char *err, size_t err_cap)
{
    set_message(err, err_cap, "");
    if (!path || path[0] != '/') {
        set_message(err, err_cap, "the image path must be absolute");
        return FRED_API_ERROR;
    }
    sigset_t mask;
    sigprocmask(SIG_BLOCK, NULL, &mask);
    if (sigismember(&mask, fred_lib.checkpoint_signal)) {
        snprintf(err, err_cap, "the checkpoint signal (%d) is blocked in this thread", fred_lib.checkpoint_signal);
        return FRED_API_ERROR;
    }
    if (fred_ensure_private_dir(fred_lib.control_dir) < 0) {
        snprintf(err, err_cap, errno == EPERM ? "control directory %s must be a directory of yours with mode 0700 (not a symlink); remove it or set FRED_CKPT_CONTROL"
                 : "cannot create the control directory %s: %s", fred_lib.control_dir, strerror(errno));
        return FRED_API_ERROR;
    }
    int pid = getpid();
    char file[600], request[FRED_PATH_MAX + 16];
    fred_control_path(file, sizeof file, fred_lib.control_dir, FRED_ANSWER_FILE, pid);
    unlink(file);
    fred_control_path(file, sizeof file, fred_lib.control_dir, FRED_WRITER_FILE, pid);
    unlink(file);
    fred_control_path(file, sizeof file, fred_lib.control_dir, FRED_REQUEST_FILE, pid);
    snprintf(request, sizeof request, FRED_REQ_IMAGE " %s\n", path);
    if (fred_write_file_atomic(file, request) < 0) {
        snprintf(err, err_cap, "cannot write the request %s: %s", file, strerror(errno));
        return FRED_API_ERROR;
    }
    volatile unsigned restarts_before = fred_lib.restarts;
    raise(fred_lib.checkpoint_signal);          /* the handler runs before raise returns */
    if (fred_lib.restarts != restarts_before) return FRED_API_RESTARTED;
    char line[FRED_PATH_MAX + 128];
    if (await_answer(pid, line, sizeof line, err, err_cap) < 0) return FRED_API_ERROR;
    static const char error[] = FRED_ANS_ERROR " ", ok[] = FRED_ANS_OK " " FRED_REQ_IMAGE " ";
    if (strncmp(line, error, strlen(error)) == 0) {
        set_message(err, err_cap, line + strlen(error));
        return FRED_API_ERROR;
    }
    /* ok image PATH BYTES NS: the path may hold spaces */
    char *end = strrchr(line, ' ');
    if (end) *end = 0;
    end = strrchr(line, ' ');
    if (strncmp(line, ok, strlen(ok)) != 0 || !end) {
        snprintf(err, err_cap, "unexpected answer from the image writer: %s", line);
        return FRED_API_ERROR;
    }
    *end = 0;
    set_message(written, written_cap, line + strlen(ok));
    return FRED_API_RESUMED;
}

/* Read an image's header (checksummed); 0, or -1 with a one-line reason in err. */
FRED_API int fred_api_image_info(const char *path, struct fred_api_image *out, char *err, size_t err_cap)
{
    struct fred_image img;
    struct fred_error e = { { 0 } };
    if (fred_image_open(path, &img, &e) < 0) {
        set_message(err, err_cap, e.message);
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->time_unix_ns = (int64_t)img.header.time_unix_ns;
    out->pid = img.header.pid;
    fred_copy_string(out->exe, img.header.exe, sizeof out->exe);
    fred_copy_string(out->cwd, img.header.cwd, sizeof out->cwd);
    fred_copy_string(out->cmdline, img.header.cmdline, sizeof out->cmdline);
    fred_image_close(&img);
    return 0;
}

/* Can this image be restarted here (valid, executable and mapped files unchanged)? */
FRED_API int fred_api_image_check(const char *path, char *err, size_t err_cap)
{
    struct fred_image img;
    struct fred_error e = { { 0 } };
    int rc = fred_image_open(path, &img, &e);
    if (rc == 0) {
        rc = fred_image_check_environment(&img, &e);
        fred_image_close(&img);
    }
    if (rc < 0) set_message(err, err_cap, e.message);
    return rc;
}
