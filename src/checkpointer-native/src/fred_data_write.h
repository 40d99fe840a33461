/*
 * fred_data_write.h - write the stored pages of an image and their checksums. Each
 * area's data lies in one contiguous stretch of the file, its runs one after the other;
 * the data is hashed in chunks (fred_hash.h), so chunks can be hashed and written by
 * several CPUs at once, each at its own place in the file.
 */
#ifndef FRED_DATA_WRITE_H
#define FRED_DATA_WRITE_H

#include "../include/fred_image.h"
#include "fred_util.h"

/*
 * Gives every run its data_offset (from data_offset on, page-aligned), writes the data
 * from memory to fd and sets every area's checksum. *end is the end of the data.
 * mem_fd: /proc/PID/mem of the process whose memory is written, -1 for our own.
 * Returns 0, or -1 with err.
 */
int fred_write_data(int fd, int mem_fd, struct fred_area *areas, uint32_t area_count, struct fred_run *runs, uint64_t data_offset,
                    uint64_t *end, struct fred_error *err);

#endif
