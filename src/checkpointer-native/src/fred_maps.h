/*
 * fred_maps.h - the memory map of the current process, parsed from /proc/self/maps
 * into memory that the caller provides (no malloc: used inside the signal handler).
 */
#ifndef FRED_MAPS_H
#define FRED_MAPS_H

#include <stdint.h>
#include <sys/types.h>

struct fred_mapping {
    uint64_t start, end;
    uint64_t offset;
    uint64_t inode;
    int prot;           /* PROT_READ | PROT_WRITE | PROT_EXEC */
    int shared;         /* 's' in the flags column */
    char path[496];     /* file path, [heap]/[stack]/[vdso]..., or "" */
};

struct fred_maps {
    struct fred_mapping *items;
    int count;
    int capacity;
    size_t bytes;       /* size of the mapping that holds items */
};

/* Reads /proc/self/maps. Returns 0, or -1 with errno. Free with fred_maps_release. */
int fred_maps_read(struct fred_maps *maps);
/* The same for process pid (0: this process). */
int fred_maps_read_pid(struct fred_maps *maps, int pid);
void fred_maps_release(struct fred_maps *maps);
const struct fred_mapping *fred_maps_find(const struct fred_maps *maps, const char *path);

#endif
