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

/*
 * The checksum of an area's stored data: the data is cut into chunks of
 * FRED_HASH_CHUNK bytes; each chunk is hashed by eight vectorizable lanes of
 * multiply-accumulate over 64-byte stripes (scrambled every 1 KiB block, stripe
 * positions keyed so reordering is caught), and the chunk hashes are hashed in order
 * with fred_hash. Chunks are independent, so they can be hashed in any order or in
 * parallel; the result does not depend on the CPU's vector unit.
 * Lengths passed to fred_data_hash_update must be multiples of FRED_HASH_BLOCK.
 */
#define FRED_HASH_BLOCK 1024u
#define FRED_HASH_CHUNK (1u << 20)

struct fred_data_hasher {
    uint64_t acc[8];            /* the current chunk (as in struct fred_chunk_hasher) */
    uint64_t chunk_bytes;
    struct fred_hasher outer;   /* over the chunk hashes */
};

void fred_data_hash_init(struct fred_data_hasher *h);
void fred_data_hash_update(struct fred_data_hasher *h, const void *data, size_t len);
uint64_t fred_data_hash_final(struct fred_data_hasher *h);
/* One chunk hashed piece by piece (pieces: multiples of FRED_HASH_BLOCK, at most
 * FRED_HASH_CHUNK bytes in all); fred_chunk_end's result goes to fred_data_hash_add_chunk. */
struct fred_chunk_hasher {
    uint64_t acc[8];
    uint64_t bytes;
};
void fred_chunk_begin(struct fred_chunk_hasher *c);
void fred_chunk_update(struct fred_chunk_hasher *c, const void *data, size_t len);
uint64_t fred_chunk_end(const struct fred_chunk_hasher *c);
/* Adds a chunk hash computed elsewhere (fred_chunk_end) to h, in order. */
void fred_data_hash_add_chunk(struct fred_data_hasher *h, uint64_t chunk_hash);

#endif
