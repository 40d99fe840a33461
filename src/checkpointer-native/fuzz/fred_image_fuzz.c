/*
 * fred_image_fuzz.c - a libFuzzer target over the image parser (fred_image_open,
 * fred_image_verify, fred_image_string): no input may crash it, hang it or read out of
 * bounds. The header and table checksums are recomputed after every mutation, so the
 * fuzzer reaches the checks behind them, as a forger who knows the format would.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address fred_image_fuzz.c ../src/fred_image_read.c \
 *         ../src/fred_hash.c ../src/fred_util.c -o fred_image_fuzz
 *   ./fred_image_fuzz -runs=100000 corpus/
 *
 * Built with -DFRED_RESEAL_MAIN (no fuzzer) it is `fred-image-reseal FILE`: recompute a
 * forged image's checksums in place, for the forged-image tests.
 */
#define _GNU_SOURCE
#include "../src/fred_image_read.h"
#include "../src/fred_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Make the header and table checksums match whatever the bytes now say. */
static void reseal(uint8_t *buf, size_t size)
{
    struct fred_image_header *h = (struct fred_image_header *)buf;
    if (size < sizeof *h) return;
    if (h->table_offset == FRED_PAGE_SIZE && h->table_size <= size - FRED_PAGE_SIZE)
        h->table_checksum = fred_hash(buf + FRED_PAGE_SIZE, h->table_size);
    h->header_checksum = 0;
    h->header_checksum = fred_hash(h, sizeof *h);
}

#ifdef FRED_RESEAL_MAIN
int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: fred-image-reseal FILE\n"); return 2; }
    FILE *f = fopen(argv[1], "r+b");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    uint8_t *buf = malloc((size_t)size + 1);
    rewind(f);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) { perror(argv[1]); return 1; }
    reseal(buf, (size_t)size);
    rewind(f);
    fwrite(buf, 1, (size_t)size < FRED_PAGE_SIZE ? (size_t)size : FRED_PAGE_SIZE, f);
    return fclose(f) == 0 ? 0 : 1;
}
#else
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char name[64];
    if (fd < 0) {
        fd = memfd_create("fred-fuzz-image", 0);
        snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
    }
    size_t n = size < FRED_PAGE_SIZE ? FRED_PAGE_SIZE : size;
    uint8_t *buf = calloc(n, 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    reseal(buf, n);
    if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, n, 0) != (ssize_t)n) abort();
    free(buf);
    struct fred_image img;
    struct fred_error err = { { 0 } };
    if (fred_image_open(name, &img, &err) == 0) {
        /* everything a caller may touch once the image is accepted */
        fred_image_verify(&img, name, &err);
        size_t total = 0;
        for (uint32_t i = 0; i < img.header.area_count; i++)
            total += strlen(fred_image_string(&img, img.areas[i].path)) + strlen(fred_image_string(&img, img.areas[i].label));
        for (uint32_t i = 0; i < img.header.file_count; i++) total += strlen(fred_image_string(&img, img.files[i].path));
        total += img.threads[0].fs_base != 0;
        if (img.outside && img.outside->xsave_size) total += img.outside->xsave[img.outside->xsave_size - 1];
        (void)total;
        fred_image_close(&img);
    } else if (!memchr(err.message, 0, sizeof err.message) || err.message[0] == 0) {
        abort();                                   /* a refusal always says why */
    }
    return 0;
}
#endif
