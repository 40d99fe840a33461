/*
 * snapper.c - the program the snapshot tests take snapshots of. It holds MIB mebibytes
 * of memory (every page non-zero), an optional file open for reading, and a counter, and
 * answers one-line commands read from its terminal (stdin), each answer in [brackets]
 * so it stands out from the terminal's echo:
 *
 *   inc    counter + 1, and the counter's page of memory changes   -> [n=N]
 *   get    who and where it is   -> [n=N pid=P tty=T fg=F sum=S] (fg: its group owns the terminal)
 *   line   next line of FILE     -> [line=TEXT off=OFFSET]
 *   quit   exit 0
 *
 * usage: snapper MIB [FILE]; prints "ready <pid>" once set up.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static uint64_t checksum(const uint8_t *memory, size_t pages)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < pages; i++) sum = sum * 31 + memory[i * PAGE] + memory[i * PAGE + PAGE - 1];
    return sum;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: snapper MIB [FILE]\n");
        return 2;
    }
    size_t pages = (size_t)atoi(argv[1]) * 256;
    uint8_t *memory = mmap(NULL, pages * PAGE + PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return 1;
    for (size_t i = 0; i < pages; i++) memset(memory + i * PAGE, (int)(i % 251) + 1, PAGE);
    FILE *file = argc > 2 ? fopen(argv[2], "r") : NULL;
    if (file) setvbuf(file, NULL, _IONBF, 0);   /* the offset is the kernel's, not a buffer's */
    int counter = 0;
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    char command[256];
    while (fgets(command, sizeof command, stdin)) {
        command[strcspn(command, "\r\n")] = 0;
        if (strcmp(command, "inc") == 0) {
            counter++;
            if (pages) memory[((size_t)counter % pages) * PAGE] += 1;
            printf("[n=%d]\n", counter);
        } else if (strcmp(command, "get") == 0) {
            printf("[n=%d pid=%d tty=%d fg=%d sum=%llx]\n", counter, (int)getpid(), isatty(0),
                   tcgetpgrp(0) == getpgrp(), (unsigned long long)checksum(memory, pages));
        } else if (strcmp(command, "line") == 0 && file) {
            char text[256] = "";
            size_t n = 0;
            int c;
            while (n < sizeof text - 1 && (c = fgetc(file)) != EOF && c != '\n') text[n++] = (char)c;
            text[n] = 0;
            printf("[line=%s off=%ld]\n", text, (long)lseek(fileno(file), 0, SEEK_CUR));
        } else if (strcmp(command, "quit") == 0) {
            return 0;
        } else if (command[0]) {
            printf("[unknown %s]\n", command);
        }
        fflush(stdout);
    }
    return 0;
}
