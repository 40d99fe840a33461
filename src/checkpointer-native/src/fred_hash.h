/*
 * fred_hash.h - the checksum of image data: a 64-bit, four-lane multiply-rotate hash
 * (the xxHash64 construction), fast enough to run while the data is being written.
 */
#ifndef FRED_HASH_H
#define FRED_HASH_H

#include <stddef.h>
#include <stdint.h>

struct fred_hasher {
    uint64_t lane[4];
    uint64_t total;
    uint8_t pending[32];
    size_t pending_len;
};

void fred_hash_init(struct fred_hasher *h);
void fred_hash_update(struct fred_hasher *h, const void *data, size_t len);
uint64_t fred_hash_final(const struct fred_hasher *h);
uint64_t fred_hash(const void *data, size_t len);

#endif
