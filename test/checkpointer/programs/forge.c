/* forge.c - writes a forged copy of a fred image whose checksums are recomputed, so that
 * only the parser's own checks stand between it and the restorer (test/checkpointer/
 * forgedImages.test.ts). Usage: forge IMAGE OUT MUTATION. */
#include "fred_hash.h"
#include "fred_image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: forge IMAGE OUT MUTATION\n"); return 2; }
    FILE *in = fopen(argv[1], "rb");
    if (!in) { perror(argv[1]); return 2; }
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    rewind(in);
    unsigned char *data = malloc((size_t)size);
    if (!data || fread(data, 1, (size_t)size, in) != (size_t)size) { perror("read"); return 2; }
    fclose(in);
    struct fred_image_header *h = (struct fred_image_header *)data;
    unsigned char *table = data + h->table_offset;
    struct fred_area *areas = (struct fred_area *)table;
    struct fred_run *runs = (struct fred_run *)(table + h->area_count * sizeof *areas);
    const char *m = argv[3];
    if (!strcmp(m, "run-data-offset-wraps")) runs[0].data_offset = (uint64_t)-4096;
    else if (!strcmp(m, "run-length-wraps")) { runs[0].length = (uint64_t)-4096; }
    else if (!strcmp(m, "run-offset-wraps")) runs[0].offset = (uint64_t)-4096;
    else if (!strcmp(m, "areas-overlap")) areas[1].start = areas[0].start;
    else if (!strcmp(m, "area-in-kernel-space")) areas[h->area_count - 1].end = 0xffff800000000000ull;
    else if (!strcmp(m, "auxv-words-huge")) h->auxv_words = 100000;
    else if (!strcmp(m, "run-count-huge")) areas[0].run_count = 0xffffffffu;
    else if (!strcmp(m, "strings-unterminated")) table[h->strings_offset + h->strings_size - 1] = 'x';
    else { fprintf(stderr, "unknown mutation %s\n", m); return 2; }
    h->table_checksum = fred_hash(table, h->table_size);
    h->header_checksum = 0;
    h->header_checksum = fred_hash(h, sizeof *h);
    FILE *out = fopen(argv[2], "wb");
    if (!out || fwrite(data, 1, (size_t)size, out) != (size_t)size || fclose(out) != 0) { perror(argv[2]); return 2; }
    return 0;
}
