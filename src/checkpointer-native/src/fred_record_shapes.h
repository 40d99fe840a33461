/*
 * fred_record_shapes.h - what each recorded call writes into the program's memory (a list
 * of regions), what must match on replay (its key and size), and how it is named in a
 * message. Pure functions over the call's arguments, no state (fred_record_shapes.c).
 */
#ifndef FRED_RECORD_SHAPES_H
#define FRED_RECORD_SHAPES_H

#include <stddef.h>
#include <stdint.h>

enum { MAX_REGIONS = 64 };

/* Where a call's answer lies: its bytes, in order, are what the log keeps. */
struct regions {
    int count;
    struct { char *ptr; uint64_t len; } r[MAX_REGIONS];
    uint64_t total;
    int too_many;
};

/* Capacities the kernel may fill, read before the call (it rewrites the lengths). */
struct capacities {
    uint32_t name;                  /* recvfrom/recvmsg address buffer */
    uint64_t control;               /* recvmsg ancillary data */
};

/* Only the counters: the region array is 1 KiB, written as regions are added. */
void fred_regions_init(struct regions *rs);
void fred_regions_add(struct regions *rs, void *ptr, uint64_t len);
uint64_t fred_regions_hash(const struct regions *rs);

/* Before the call: the capacities the kernel may fill (it rewrites the lengths). */
void fred_call_capacities(long nr, const long a[6], struct capacities *cap);
/* After a successful call (result >= 0): where its answer is. */
void fred_call_outputs(long nr, const long a[6], long result, const struct capacities *cap, struct regions *rs);
/* What must match on replay: the descriptor (or clock) and the size asked for. */
void fred_call_key(long nr, const long a[6], int64_t *key, int64_t *size);
/* A read of a regular file (fstat on its descriptor). */
int fred_reads_regular_file(long nr, const long a[6]);
/* "read(fd 3, 4096 bytes)", "clock_gettime(clock 1)", "signal 14"... */
int fred_call_describe(char *out, size_t cap, uint32_t call, int64_t key, int64_t size);
/* The call's name in messages ("read", "popen"...). */
const char *fred_call_name(uint32_t call);

#endif
