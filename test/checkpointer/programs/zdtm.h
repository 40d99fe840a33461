/*
 * zdtm.h - the protocol of fred's checkpoint test programs (zdtm style): a program sets
 * up some state, prints "ready <pid>", and blocks reading stdin. The harness checkpoints
 * it, kills it, restarts the image and writes "check" to the restored process, which
 * checks its state and prints "PASS" or "FAIL <what>" and exits (0 or 1).
 */
#ifndef ZDTM_H
#define ZDTM_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void zdtm_ready(void)
{
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
}

/* Blocks in read(0) until the harness says "check"; exits 3 on end of input. */
static void zdtm_wait_check(void)
{
    char line[64];
    while (fgets(line, sizeof line, stdin))
        if (strncmp(line, "check", 5) == 0) return;
    exit(3);
}

__attribute__((format(printf, 1, 2), noreturn)) static void zdtm_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
    exit(1);
}

__attribute__((noreturn)) static void zdtm_pass(void)
{
    printf("PASS\n");
    fflush(stdout);
    exit(0);
}

#define ZDTM_CHECK(cond, ...) do { if (!(cond)) zdtm_fail(__VA_ARGS__); } while (0)

#endif
