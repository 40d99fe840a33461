/*
 * fred_page_select.h - which pages of the areas of an image are stored. Anonymous
 * memory: the touched pages that are not all zero (never-touched pages read as zero).
 * Private file mappings: the pages that became private copies; the rest comes from the
 * file. Memory mapped lazily from an earlier image is not "touched" until read, so such
 * areas are read whole. Runs in the image writer; the work is split between CPUs.
 */
#ifndef FRED_PAGE_SELECT_H
#define FRED_PAGE_SELECT_H

#include "../include/fred_image.h"
#include "fred_util.h"

struct fred_select_job {
    uint32_t area;          /* index into the areas; jobs come in area order */
    uint8_t from_file;      /* private file mapping */
    uint8_t read_all;       /* every page, whatever the page tables say */
};

struct fred_run_list {
    struct fred_run *runs;  /* in area order; data_offset left 0 */
    uint32_t count;
    size_t mapped_bytes;    /* release with fred_run_list_release */
};

/* Fills first_run, run_count and stored_bytes of every area and out; -1 with err.
 * pagemap_fd and mem_fd are /proc/PID/pagemap and /proc/PID/mem of another process, or
 * our own pagemap and mem_fd -1 to read our own memory directly. */
int fred_select_pages(int pagemap_fd, int mem_fd, struct fred_area *areas, uint32_t area_count, const struct fred_select_job *jobs,
                      uint32_t job_count, struct fred_run_list *out, struct fred_error *err);
void fred_run_list_release(struct fred_run_list *list);

#endif
