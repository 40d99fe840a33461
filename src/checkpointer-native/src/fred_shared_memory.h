/*
 * fred_shared_memory.h - shared mappings in snapshots. A snapshot is a forked copy: it
 * shares MAP_SHARED pages (shm_open, shared file mappings, System V segments, shared
 * anonymous memory) with the program that goes on, so without help a resumed snapshot
 * would see the latest values. Before each snapshot's fork the program brings a private
 * copy of every such mapping up to date; the frozen copy inherits it, and resuming the
 * snapshot writes it back into the mapping (fred's frozen copies hold the only other
 * mappings, so the result is exact). What cannot be copied is refused at resume time with
 * a message naming the mapping, never left stale.
 */
#ifndef FRED_SHARED_MEMORY_H
#define FRED_SHARED_MEMORY_H

#include <stddef.h>

#include "fred_util.h"

/*
 * Mark [addr, addr+len) as the library's own mapping: never copied nor put back (a record
 * log shared with fred, say). At most 16; returns -1 when full.
 */
int fred_own_mapping_add(void *addr, size_t len);
void fred_own_mapping_remove(void *addr);

/* In the program, just before a snapshot's fork: bring the copies up to date. Only the
 * pages that changed since the last snapshot are written (copy-on-write keeps the older
 * snapshots' versions). No malloc. */
void fred_shared_save(void);

/* Whether a resume of this snapshot may be refused for its shared memory (the snapshot's
 * answer then says "shared": check it before giving up the live program). Read-only
 * views of files on disk (size and mtime kept) do not count: only another process can
 * change them, and the resume itself still refuses then. */
int fred_shared_in_use(void);

/* In a frozen copy, while nobody waits: map the shared pages (fork leaves them to be
 * faulted in one by one), so that a resume only compares. */
void fred_shared_prefault(void);

/* In a frozen copy: 0 if every shared mapping can be put back as it was at snapshot time,
 * else -1 with a message naming the first one that cannot. */
int fred_shared_check(struct fred_error *err);

/* In a frozen copy, before a resume: write the copies back (as fred_shared_check fails). */
int fred_shared_put_back(struct fred_error *err);

#endif
