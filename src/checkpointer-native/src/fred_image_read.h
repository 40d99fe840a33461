/*
 * fred_image_read.h - open, validate and decode an image. Used before any restart
 * (nothing is mapped or executed until the header and table check out), by
 * `fred-ckpt info` and `verify` through the addon, and by the fred-exec launcher.
 * Uses libc freely: it never runs inside a signal handler.
 */
#ifndef FRED_IMAGE_READ_H
#define FRED_IMAGE_READ_H

#include "../include/fred_image.h"
#include "fred_util.h"

struct fred_image {
    int fd;
    uint64_t file_size;
    struct fred_image_header header;
    char *table;
    struct fred_area *areas;
    struct fred_run *runs;
    struct fred_file *files;
    struct fred_thread *threads;
    const char *strings;
    const struct fred_outside_state *outside;
    int private_copy;                           /* fd is fred_image_open_private's copy in memory */   /* images taken from outside (FRED_IMAGE_FROM_OUTSIDE), else NULL */
};

/* Checks magic, version, sizes, bounds and the header and table checksums. */
int fred_image_open(const char *path, struct fred_image *img, struct fred_error *err);
/*
 * fred_image_open on a private copy in memory (a memfd) whose checksums all match: later
 * changes to the file (truncated, overwritten) cannot reach a process restored from it.
 */
int fred_image_open_private(const char *path, struct fred_image *img, struct fred_error *err);
/* Reads every stored byte and checks each area's checksum. */
int fred_image_verify(const struct fred_image *img, const char *path, struct fred_error *err);
/* The executable, libraries and working directory are there and unchanged. */
int fred_image_check_environment(const struct fred_image *img, struct fred_error *err);
const char *fred_image_string(const struct fred_image *img, uint32_t offset);
void fred_image_close(struct fred_image *img);

#endif
