/* fred_control_files.c - see fred_control_files.h; the words are in include/fred_control.h. */
#define _GNU_SOURCE
#include "fred_control_files.h"
#include "fred_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROTOCOL_LINE_FORMAT FRED_CONTROL_HELLO " %d\n"

void fred_control_path(char *out, size_t cap, const char *dir, enum fred_control_file file, int pid)
{
    switch (file) {
    case FRED_REQUEST_FILE: snprintf(out, cap, "%s/" FRED_FILE_REQUEST, dir, pid); break;
    case FRED_ANSWER_FILE: snprintf(out, cap, "%s/" FRED_FILE_ANSWER, dir, pid); break;
    case FRED_WRITER_FILE: snprintf(out, cap, "%s/" FRED_FILE_WRITER, dir, pid); break;
    case FRED_SNAPSHOT_COMMAND_FILE: snprintf(out, cap, "%s/" FRED_FILE_SNAPSHOT_COMMAND, dir, pid); break;
    case FRED_SNAPSHOT_ANSWER_FILE: snprintf(out, cap, "%s/" FRED_FILE_SNAPSHOT_ANSWER, dir, pid); break;
    }
}

void fred_control_series_path(char *out, size_t cap, const char *dir, int id, int pid)
{
    snprintf(out, cap, "%s/" FRED_FILE_SERIES_ANSWER, dir, id, pid);
}

void fred_control_default_dir(char *out, size_t cap)
{
    snprintf(out, cap, FRED_CONTROL_DIR_DEFAULT, (unsigned)getuid());
}

int fred_control_take_line(const char *path, char *line, size_t cap)
{
    ssize_t n = fred_read_control_file(path, line, cap - 1);
    if (n <= 0) return -1;
    unlink(path);
    line[n] = 0;
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    return 0;
}

int fred_control_answer(const char *path, const char *line)
{
    char text[FRED_PATH_MAX + 1200];
    snprintf(text, sizeof text, PROTOCOL_LINE_FORMAT "%s\n", FRED_CONTROL_PROTOCOL, line);
    return fred_write_file_atomic(path, text);
}

int fred_control_take_answer(const char *path, char *line, size_t cap)
{
    char text[FRED_PATH_MAX + 1200], protocol[64];
    ssize_t n = fred_read_control_file(path, text, sizeof text - 1);
    if (n <= 0) return -1;
    text[n] = 0;
    snprintf(protocol, sizeof protocol, PROTOCOL_LINE_FORMAT, FRED_CONTROL_PROTOCOL);
    if (strncmp(text, protocol, strlen(protocol)) != 0) return -2;
    unlink(path);
    fred_copy_string(line, text + strlen(protocol), cap);
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    return 0;
}

/* The arguments after "WORD " at the start of line, or NULL. */
static const char *after_word(const char *line, const char *word)
{
    size_t len = strlen(word);
    return strncmp(line, word, len) == 0 && line[len] == ' ' ? line + len + 1 : NULL;
}

void fred_control_parse_request(const char *line, struct fred_request *req)
{
    memset(req, 0, sizeof *req);
    const char *args;
    if ((args = after_word(line, FRED_REQ_IMAGE))) {
        req->kind = FRED_REQUEST_IMAGE;
        req->valid = 1;
        fred_copy_string(req->path, args, sizeof req->path);
    } else if ((args = after_word(line, FRED_REQ_SNAPSHOT))) {
        req->kind = FRED_REQUEST_SNAPSHOT;
        req->valid = 1;
        req->id = atoi(args);
    } else if ((args = after_word(line, FRED_REQ_SERIES))) {
        req->kind = FRED_REQUEST_SERIES;
        req->valid = sscanf(args, "%d %ld %d", &req->id, &req->every, &req->max) == 3 && req->max > 0 && req->every > 0;
    } else if ((args = after_word(line, FRED_REQ_HITSERIES))) {
        req->kind = FRED_REQUEST_SERIES;
        req->valid = sscanf(args, "%d %lx %ld %d", &req->id, &req->addr, &req->every, &req->max) == 4 &&
                     req->max > 0 && req->every > 0 && req->addr;
    } else if ((args = after_word(line, FRED_REQ_HITS))) {
        req->kind = FRED_REQUEST_HITS;
        req->valid = sscanf(args, "%lx %ld", &req->addr, &req->count) == 2 && req->count > 0;
    } else if ((args = after_word(line, FRED_REQ_COUNT))) {
        req->kind = FRED_REQUEST_COUNT;
        for (char *end; req->addr_count < FRED_COUNT_MAX; args = end) {
            unsigned long addr = strtoul(args, &end, 16);
            if (end == args) break;
            req->addrs[req->addr_count++] = addr;
        }
        req->valid = req->addr_count > 0;
    } else if (strcmp(line, FRED_REQ_COUNTREAD) == 0) {
        req->kind = FRED_REQUEST_COUNTREAD;
        req->valid = 1;
    }
}

void fred_control_parse_command(const char *line, struct fred_command *cmd)
{
    cmd->path = NULL;
    if (strcmp(line, FRED_CMD_RESUME) == 0) cmd->kind = FRED_COMMAND_RESUME;
    else if (strcmp(line, FRED_CMD_RESUME_STOP) == 0) cmd->kind = FRED_COMMAND_RESUME_STOP;
    else if (strcmp(line, FRED_CMD_CHECK) == 0) cmd->kind = FRED_COMMAND_CHECK;
    else if (strcmp(line, FRED_CMD_DISCARD) == 0) cmd->kind = FRED_COMMAND_DISCARD;
    else if ((cmd->path = after_word(line, FRED_CMD_SPILL))) cmd->kind = FRED_COMMAND_SPILL;
    else cmd->kind = FRED_COMMAND_UNKNOWN;
}
