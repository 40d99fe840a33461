/*
 * fred_image_write.h - write the calling process's memory and saved kernel state as an
 * image (format in include/fred_image.h). Called in a process forked from the checkpoint
 * handler, so the live program is not held up by the writing: no malloc, no stdio.
 * A ptrace supervisor uses it too, for a stopped process it traces (request.pid).
 */
#ifndef FRED_IMAGE_WRITE_H
#define FRED_IMAGE_WRITE_H

#include "fred_state.h"
#include "fred_util.h"

struct fred_write_request {
    const char *path;                       /* final image path */
    const struct fred_state *state;
    const struct fred_resume_context *resume;
    uint64_t restart_info_addr;
    const char *restored_from;              /* image this process was restarted from, or "" */
    uint64_t started_ns;                    /* when the checkpoint signal arrived */
    const struct fred_thread *threads;      /* the leader first; NULL: one thread (tid state->pid, resume) */
    int thread_count;
};

/* An image taken from outside, by a ptrace supervisor: the stopped process it traces,
 * whose registers (not in its memory) go into the image's register record. */
struct fred_write_target {
    int pid;
    const struct fred_outside_state *outside;
};

struct fred_write_result {
    uint64_t image_bytes;
    uint64_t stored_bytes;
};

/* Returns 0, or -1 with err naming what failed; an earlier image at path stays intact. */
int fred_image_write(const struct fred_write_request *req, struct fred_write_result *out, struct fred_error *err);
/* The same for another process (target), whose memory is read through /proc/PID/mem. */
int fred_image_write_outside(const struct fred_write_request *req, const struct fred_write_target *target,
                             struct fred_write_result *out, struct fred_error *err);

#endif
