/*
 * fred_control_files.h - the control protocol's files and lines (include/fred_control.h)
 * as the native side reads and writes them: the paths, requests and commands parsed into
 * structs, answers written after the protocol line. Shared by the preload library and
 * fred-exec's supervisor; the lowest layer of the library's control code (it calls only
 * fred_util). Safe in the checkpoint handler: no malloc, no stdio streams.
 */
#ifndef FRED_CONTROL_FILES_H
#define FRED_CONTROL_FILES_H

#include <stddef.h>

#include "../include/fred_control.h"
#include "../include/fred_image.h"

enum fred_control_file {
    FRED_REQUEST_FILE,           /* by pid */
    FRED_ANSWER_FILE,            /* by pid */
    FRED_WRITER_FILE,            /* by pid */
    FRED_SNAPSHOT_COMMAND_FILE,  /* by the frozen copy's pid */
    FRED_SNAPSHOT_ANSWER_FILE,   /* by the frozen copy's pid */
};

/* <dir>/<file of pid> */
void fred_control_path(char *out, size_t cap, const char *dir, enum fred_control_file file, int pid);
/* <dir>/<answer of series snapshot id of pid> */
void fred_control_series_path(char *out, size_t cap, const char *dir, int id, int pid);
/* The default control directory (FRED_CKPT_CONTROL unset). */
void fred_control_default_dir(char *out, size_t cap);

/* Take a one-line request or command: read it, remove the file; 0 with the line (no
 * newline), -1 when there is none. */
int fred_control_take_line(const char *path, char *line, size_t cap);

/* Write an answer (one line, no newline) after the protocol line, atomically; 0 or -1. */
int fred_control_answer(const char *path, const char *line);

/* Take an answer: 0 with its line (the file removed), -1 when there is none yet, -2 when
 * it is not of this protocol's version (left in place). */
int fred_control_take_answer(const char *path, char *line, size_t cap);

enum fred_request_kind {
    FRED_REQUEST_NONE,           /* no request, or words of no request: a bare signal */
    FRED_REQUEST_IMAGE,
    FRED_REQUEST_SNAPSHOT,
    FRED_REQUEST_SERIES,         /* spaced by CPU time (addr 0) or by executions of addr */
    FRED_REQUEST_HITS,
    FRED_REQUEST_COUNT,
    FRED_REQUEST_COUNTREAD,
};

struct fred_request {
    enum fred_request_kind kind;
    int valid;                   /* its arguments were well formed */
    char path[FRED_PATH_MAX];    /* image */
    int id;                      /* snapshot; a series' first id */
    unsigned long addr;          /* series by executions, hits */
    long every;                  /* series: ns of CPU time, or executions of addr */
    int max;                     /* series: snapshots at most */
    long count;                  /* hits */
    unsigned long addrs[FRED_COUNT_MAX];
    int addr_count;              /* count */
};

void fred_control_parse_request(const char *line, struct fred_request *req);

enum fred_command_kind {
    FRED_COMMAND_UNKNOWN,
    FRED_COMMAND_RESUME,
    FRED_COMMAND_RESUME_STOP,
    FRED_COMMAND_CHECK,
    FRED_COMMAND_DISCARD,
    FRED_COMMAND_SPILL,
};

struct fred_command {
    enum fred_command_kind kind;
    const char *path;            /* spill: points into the parsed line */
};

void fred_control_parse_command(const char *line, struct fred_command *cmd);

#endif
