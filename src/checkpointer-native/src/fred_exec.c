/*
 * fred_exec.c - the native half of `fred-ckpt launch` and `fred-ckpt restart`: both
 * replace the calling process (exec semantics, so the command's pid is the program's).
 *
 *   fred-exec launch [--dir DIR] [--no-aslr] -- PROG ARGS...
 *       runs PROG with libfredckpt.so preloaded (FRED_CKPT_DIR=DIR for images); a
 *       statically linked PROG, into which nothing can be preloaded, runs under a ptrace
 *       supervisor instead (fred_supervisor.h).
 *   fred-exec restart IMAGE [--stop] [--verify] [--lazy]
 *       (by default the image is copied into memory and every checksum checked before
 *       anything of the program runs; --lazy maps the file itself, --verify then checks it)
 *       checks the image, then re-executes the original program with the library
 *       preloaded and FRED_CKPT_RESTORE=IMAGE; the library restores the image in it.
 *       An image taken from outside (a static program) is restored into the program by
 *       a new supervisor (fred_outside_restore.h).
 *
 * Both close every descriptor above 2 that the caller let the program inherit (as sudo
 * does): fred cannot restore pipes or sockets, and one stray inherited descriptor would
 * make every later checkpoint fail. The program's own files are opened by the program.
 *
 * Exit status: 2 for a usage error or an image/program that cannot be used (one line on
 * stderr says why); 127 when the program cannot be executed.
 */
#define _GNU_SOURCE
#include "fred_image_read.h"
#include "fred_supervisor.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

static void library_path(char *out, size_t cap)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = 0;
    snprintf(out, cap, "%s/libfredckpt.so", dirname(self));
}

/* Inherited descriptors are the caller's, not the program's (see the top comment). */
static void close_inherited_descriptors(void)
{
    if (close_range(3, ~0u, 0) == 0) return;
    for (int fd = 3; fd < 4096; fd++) close(fd);
}

static void close_inherited_descriptors_but(int keep)
{
    if (keep > 3) close_range(3, (unsigned)keep - 1, 0);
    close_range((unsigned)keep + 1, ~0u, 0);
}

/* Where execvp would find prog (a copy of the name if it is not found). */
static void resolve_program(const char *prog, char *out, size_t cap)
{
    snprintf(out, cap, "%s", prog);
    if (strchr(prog, '/')) return;
    const char *path = getenv("PATH");
    if (!path) path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *p = path; *p;) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char candidate[PATH_MAX];
        snprintf(candidate, sizeof candidate, "%.*s/%s", (int)len, len ? p : ".", prog);
        if (access(candidate, X_OK) == 0) { snprintf(out, cap, "%s", candidate); return; }
        if (!end) break;
        p = end + 1;
    }
}

/* An ELF executable without a program interpreter cannot have the library preloaded. */
static int is_static_executable(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    Elf64_Ehdr eh;
    int is_static = 0;
    if (pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh && memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 &&
        eh.e_ident[EI_CLASS] == ELFCLASS64 && (eh.e_type == ET_EXEC || eh.e_type == ET_DYN)) {
        is_static = 1;
        for (int i = 0; i < eh.e_phnum; i++) {
            Elf64_Phdr ph;
            if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (uint64_t)i * eh.e_phentsize)) != (ssize_t)sizeof ph) { is_static = 0; break; }
            if (ph.p_type == PT_INTERP) { is_static = 0; break; }
        }
    }
    close(fd);
    return is_static;
}

/*
 * A program that runs with other privileges (set-user-ID or set-group-ID to someone else,
 * file capabilities) gets LD_PRELOAD ignored by the loader: it would run without fred.
 * NULL if fine, else why not.
 */
static const char *privileged_program(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) < 0) return NULL;            /* execvp says what is wrong */
    if ((sb.st_mode & S_ISUID) && sb.st_uid != geteuid()) return "is set-user-ID";
    if ((sb.st_mode & S_ISGID) && sb.st_gid != getegid()) return "is set-group-ID";
    if (getxattr(path, "security.capability", NULL, 0) > 0) return "has file capabilities";
    return NULL;
}

static int usage(void)
{
    fprintf(stderr, "usage: fred-ckpt launch [--dir DIR] [--no-aslr] -- PROG [ARGS...]\n"
                    "       fred-ckpt restart IMAGE [--stop] [--verify] [--lazy]\n");
    return 2;
}

/* LD_PRELOAD=<library>[:<what was there>] */
static void preload(const char *library, int keep_existing)
{
    const char *old = getenv("LD_PRELOAD");
    char value[PATH_MAX * 2];
    if (keep_existing && old && *old && !strstr(old, library)) snprintf(value, sizeof value, "%s:%s", library, old);
    else snprintf(value, sizeof value, "%s", library);
    setenv("LD_PRELOAD", value, 1);
}

static int launch(int argc, char **argv)
{
    int i = 2, no_aslr = 0;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            char dir[PATH_MAX];
            if (!realpath(argv[++i], dir)) {
                fprintf(stderr, "fred-ckpt launch: image directory %s: %s\n", argv[i], strerror(errno));
                return 2;
            }
            setenv("FRED_CKPT_DIR", dir, 1);
        } else if (strcmp(argv[i], "--no-aslr") == 0) {
            no_aslr = 1;
        } else if (argv[i][0] == '-') {
            return usage();
        } else {
            break;                              /* PROG without "--" */
        }
    }
    if (i < argc && strcmp(argv[i], "--") == 0) i++;
    if (i >= argc) return usage();
    char library[PATH_MAX];
    library_path(library, sizeof library);
    if (access(library, R_OK) != 0) {
        fprintf(stderr, "fred-ckpt launch: %s is missing; run npm install\n", library);
        return 2;
    }
    char program[PATH_MAX];
    resolve_program(argv[i], program, sizeof program);
    const char *privileged = privileged_program(program);
    if (privileged) {
        fprintf(stderr, "fred-ckpt launch: %s %s, so it would run with other privileges and without fred; "
                        "launch a copy without them (cp %s ./copy)\n", program, privileged, program);
        return 2;
    }
    int supervised = is_static_executable(program);
    if (!supervised) preload(library, 1);
    close_inherited_descriptors();
    if (no_aslr) personality((unsigned long)personality(0xffffffff) | ADDR_NO_RANDOMIZE);
    struct fred_error err = { { 0 } };
    if (supervised && fred_supervisor_start(NULL, &err) < 0) {
        fprintf(stderr, "fred-ckpt launch: %s\n", err.message);
        return 2;
    }
    execvp(argv[i], argv + i);
    fprintf(stderr, "fred-ckpt launch: cannot run %s: %s\n", argv[i], strerror(errno));
    return 127;
}

/* An image of a static program: exec it under a supervisor that restores the image into it. */
static int restart_outside(struct fred_image *img, const char *absolute, int stop, int verify)
{
    static struct fred_outside_restart r;             /* the supervisor, a fork of us, reads it */
    struct fred_error err = { { 0 } };
    r.img = *img;
    fred_copy_string(r.image, absolute, sizeof r.image);
    r.stop = stop;
    char exe[FRED_PATH_MAX];
    snprintf(exe, sizeof exe, "%s", img->header.exe);
    close_inherited_descriptors_but(img->fd);
    if ((verify && fred_image_verify(&r.img, absolute, &err) < 0) || fred_outside_restart_prepare(&r, &err) < 0 ||
        fred_supervisor_start(&r, &err) < 0) {
        fprintf(stderr, "fred-ckpt restart: %s\n", err.message);
        return 2;
    }
    char *args[] = { basename(exe), NULL };
    execv(exe, args);
    fprintf(stderr, "fred-ckpt restart: cannot run %s: %s\n", exe, strerror(errno));
    return 127;
}

static int restart(int argc, char **argv)
{
    const char *image = NULL;
    char flags[32] = "";
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--stop") == 0) strcat(flags, "stop,");
        else if (strcmp(argv[i], "--verify") == 0) strcat(flags, "verify,");
        else if (strcmp(argv[i], "--lazy") == 0) strcat(flags, "lazy,");
        else if (argv[i][0] == '-' || image) return usage();
        else image = argv[i];
    }
    if (!image) return usage();
    struct fred_image img;
    struct fred_error err = { { 0 } };
    if (fred_image_open(image, &img, &err) < 0 || fred_image_check_environment(&img, &err) < 0) {
        fprintf(stderr, "fred-ckpt restart: %s\n", err.message);
        return 2;
    }
    char absolute[PATH_MAX], library[PATH_MAX], exe[FRED_PATH_MAX];
    if (!realpath(image, absolute)) snprintf(absolute, sizeof absolute, "%s", image);
    library_path(library, sizeof library);
    snprintf(exe, sizeof exe, "%s", img.header.exe);
    unsigned long persona = (unsigned long)personality(0xffffffff) & ~(unsigned long)ADDR_NO_RANDOMIZE;
    personality(persona | (img.header.personality & ADDR_NO_RANDOMIZE));
    if (img.header.flags & FRED_IMAGE_FROM_OUTSIDE) {
        /* restored from here: the same private, verified copy as the library makes */
        if (!strstr(flags, "lazy")) {
            fred_image_close(&img);
            if (fred_image_open_private(absolute, &img, &err) < 0) {
                fprintf(stderr, "fred-ckpt restart: %s\n", err.message);
                return 2;
            }
        }
        return restart_outside(&img, absolute, strstr(flags, "stop") != NULL, strstr(flags, "verify") != NULL);
    }
    fred_image_close(&img);
    preload(library, 0);
    setenv("FRED_CKPT_RESTORE", absolute, 1);
    setenv("FRED_CKPT_RESTORE_FLAGS", flags, 1);
    char *args[] = { basename(exe), NULL };
    close_inherited_descriptors();
    execv(exe, args);
    fprintf(stderr, "fred-ckpt restart: cannot run %s: %s\n", exe, strerror(errno));
    return 127;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "launch") == 0) return launch(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "restart") == 0) return restart(argc, argv);
    return usage();
}
