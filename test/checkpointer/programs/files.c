/*
 * files.c - open files, the working directory and the umask survive a restart.
 * argv[1] is a directory holding "input" (the text "0123456789abcdefghij"); the program
 * opens "input" read-only at offset 5, "log" for appending, "data" read-write at offset
 * 3, "cloexec" with O_CLOEXEC, the directory itself and /dev/null; then it moves into
 * argv[1]/sub and sets umask 027. After the restart it checks offsets and flags, reads
 * on, writes "after" to log and "XY" to data (the harness checks the files).
 */
#define _GNU_SOURCE
#include "zdtm.h"

#include <fcntl.h>
#include <sys/stat.h>

static int open_in(const char *dir, const char *name, int flags)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, flags, 0666);
    if (fd < 0) zdtm_fail("cannot open %s", path);
    return fd;
}

int main(int argc, char **argv)
{
    if (argc < 2) zdtm_fail("usage: files DIR");
    const char *dir = argv[1];
    int input = open_in(dir, "input", O_RDONLY);
    char buf[32];
    if (read(input, buf, 5) != 5) zdtm_fail("short read");
    int log = open_in(dir, "log", O_WRONLY | O_CREAT | O_APPEND);
    if (write(log, "before\n", 7) != 7) zdtm_fail("short write");
    int data = open_in(dir, "data", O_RDWR | O_CREAT | O_TRUNC);
    if (write(data, "abcdefgh", 8) != 8 || lseek(data, 3, SEEK_SET) != 3) zdtm_fail("data setup failed");
    int cloexec = open_in(dir, "input", O_RDONLY | O_CLOEXEC);
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY);
    int devnull = open("/dev/null", O_WRONLY);
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0755);
    if (chdir(sub) < 0) zdtm_fail("chdir failed");
    umask(027);
    zdtm_ready();
    zdtm_wait_check();
    ZDTM_CHECK(lseek(input, 0, SEEK_CUR) == 5, "offset of input is %ld", (long)lseek(input, 0, SEEK_CUR));
    ZDTM_CHECK(read(input, buf, 5) == 5 && memcmp(buf, "56789", 5) == 0, "reading input on gave the wrong bytes");
    ZDTM_CHECK((fcntl(input, F_GETFL) & O_ACCMODE) == O_RDONLY, "input is no longer read-only");
    ZDTM_CHECK(fcntl(log, F_GETFL) & O_APPEND, "log lost O_APPEND");
    ZDTM_CHECK(write(log, "after\n", 6) == 6, "write to log failed");
    ZDTM_CHECK(lseek(data, 0, SEEK_CUR) == 3, "offset of data is %ld", (long)lseek(data, 0, SEEK_CUR));
    ZDTM_CHECK(write(data, "XY", 2) == 2, "write to data failed");
    ZDTM_CHECK(fcntl(cloexec, F_GETFD) & FD_CLOEXEC, "FD_CLOEXEC lost");
    ZDTM_CHECK(!(fcntl(input, F_GETFD) & FD_CLOEXEC), "FD_CLOEXEC appeared on input");
    struct stat a, b;
    ZDTM_CHECK(fstat(dirfd, &a) == 0 && stat(dir, &b) == 0 && a.st_ino == b.st_ino, "directory fd lost");
    ZDTM_CHECK(write(devnull, "x", 1) == 1, "/dev/null fd lost");
    char cwd[4096];
    ZDTM_CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd + strlen(cwd) - 4, "/sub") == 0, "working directory is %s", cwd);
    mode_t old = umask(0);
    ZDTM_CHECK(old == 027, "umask is %03o", (unsigned)old);
    zdtm_pass();
}
