/*
 * fred_outside_dump.h - write an image of a stopped process from outside: its state by
 * ptrace and /proc (fred_state_outside.h), its memory through /proc/PID/mem, in the same
 * format as the preload library's images, so info, verify and restart read it unchanged.
 * The process is left in the same stop.
 */
#ifndef FRED_OUTSIDE_DUMP_H
#define FRED_OUTSIDE_DUMP_H

#include "fred_image_write.h"
#include "fred_ptrace.h"

/* restored_from: the image the process was restarted from ("" if none). -1 with err. */
int fred_outside_dump(struct fred_tracee *t, const char *path, const char *restored_from, uint64_t started_ns,
                      struct fred_write_result *out, struct fred_error *err);

#endif
