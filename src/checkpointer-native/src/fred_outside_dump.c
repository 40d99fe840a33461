/* fred_outside_dump.c - see fred_outside_dump.h. */
#define _GNU_SOURCE
#include "fred_outside_dump.h"
#include "fred_state_outside.h"

#include <stdlib.h>
#include <sys/mman.h>

int fred_outside_dump(struct fred_tracee *t, const char *path, const char *restored_from, uint64_t started_ns,
                      struct fred_write_result *out, struct fred_error *err)
{
    /* large (files, handlers, XSAVE): off the stack */
    struct fred_state *st = fred_map(sizeof *st);
    struct fred_outside_record *rec = fred_map(sizeof *rec);
    int rc = -1;
    if (!st || !rec) {
        fred_error_set(err, "out of memory");
        goto out;
    }
    if (fred_state_capture_outside(t, st, rec, err) < 0) goto out;
    struct fred_resume_context no_resume = { 0 };   /* resumed by ptrace, not by a handler */
    struct fred_write_request req = { path, st, &no_resume, 0, restored_from, started_ns, NULL, 0 };
    struct fred_write_target target = { t->pid, &rec->state };
    rc = fred_image_write_outside(&req, &target, out, err);
out:
    fred_unmap(st, sizeof *st);
    fred_unmap(rec, sizeof *rec);
    return rc;
}
