/* fred_hash.c - see fred_hash.h. Pure computation: safe in signal handlers. */
#include "fred_hash.h"

#include <assert.h>
#include <string.h>

#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull
#define P4 0x85EBCA77C2B2AE63ull
#define P5 0x27D4EB2F165667C5ull

static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t load64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline uint32_t load32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t round64(uint64_t acc, uint64_t input)
{
    return rotl(acc + input * P2, 31) * P1;
}
static inline uint64_t merge(uint64_t acc, uint64_t lane)
{
    return (acc ^ round64(0, lane)) * P1 + P4;
}

void fred_hash_init(struct fred_hasher *h)
{
    h->lane[0] = P1 + P2;
    h->lane[1] = P2;
    h->lane[2] = 0;
    h->lane[3] = -P1;
    h->total = 0;
    h->pending_len = 0;
}

static void consume_stripes(struct fred_hasher *h, const uint8_t *p, size_t stripes)
{
    uint64_t a = h->lane[0], b = h->lane[1], c = h->lane[2], d = h->lane[3];
    for (size_t i = 0; i < stripes; i++, p += 32) {
        a = round64(a, load64(p));
        b = round64(b, load64(p + 8));
        c = round64(c, load64(p + 16));
        d = round64(d, load64(p + 24));
    }
    h->lane[0] = a; h->lane[1] = b; h->lane[2] = c; h->lane[3] = d;
}

void fred_hash_update(struct fred_hasher *h, const void *data, size_t len)
{
    const uint8_t *p = data;
    h->total += len;
    if (h->pending_len) {
        size_t take = 32 - h->pending_len;
        if (take > len) take = len;
        memcpy(h->pending + h->pending_len, p, take);
        h->pending_len += take; p += take; len -= take;
        if (h->pending_len < 32) return;
        consume_stripes(h, h->pending, 1);
        h->pending_len = 0;
    }
    consume_stripes(h, p, len / 32);
    p += len / 32 * 32;
    len %= 32;
    memcpy(h->pending, p, len);
    h->pending_len = len;
}

uint64_t fred_hash_final(const struct fred_hasher *h)
{
    uint64_t acc;
    if (h->total >= 32) {
        acc = rotl(h->lane[0], 1) + rotl(h->lane[1], 7) + rotl(h->lane[2], 12) + rotl(h->lane[3], 18);
        for (int i = 0; i < 4; i++) acc = merge(acc, h->lane[i]);
    } else {
        acc = h->lane[2] + P5;
    }
    acc += h->total;
    const uint8_t *p = h->pending;
    size_t len = h->pending_len;
    for (; len >= 8; len -= 8, p += 8) acc = rotl(acc ^ round64(0, load64(p)), 27) * P1 + P4;
    if (len >= 4) { acc = rotl(acc ^ ((uint64_t)load32(p) * P1), 23) * P2 + P3; p += 4; len -= 4; }
    for (; len; len--, p++) acc = rotl(acc ^ (*p * P5), 11) * P1;
    acc ^= acc >> 33; acc *= P2; acc ^= acc >> 29; acc *= P3; acc ^= acc >> 32;
    return acc;
}

uint64_t fred_hash(const void *data, size_t len)
{
    struct fred_hasher h;
    fred_hash_init(&h);
    fred_hash_update(&h, data, len);
    return fred_hash_final(&h);
}

/* --- data checksum (see fred_hash.h) --- */

static const uint64_t lane_key[8] = {
    0xbe4ba423396cfeb8ull, 0x1cad21f72c81017cull, 0xdb979083e96dd4deull, 0x1f67b3b7a4a44072ull,
    0x78e5c0cc4ee679cbull, 0x2172ffcc7dd05a82ull, 0x8e2443f7744608b8ull, 0x4c263a81e69035e0ull,
};
#define STRIPE_STEP 0x9E3779B97F4A7C15ull

/* One clone per vector unit; all compute the same function. */
__attribute__((target_clones("avx512f", "avx2", "default")))
static void accumulate_blocks(uint64_t *restrict acc, const uint64_t *restrict w, size_t blocks)
{
    for (size_t b = 0; b < blocks; b++) {
        for (int s = 0; s < 16; s++, w += 8)
            for (int j = 0; j < 8; j++) {
                uint64_t d = w[j] ^ (lane_key[j] + (uint64_t)s * STRIPE_STEP);
                acc[j] += (d & 0xffffffffu) * (d >> 32) + w[j ^ 1];
            }
        for (int j = 0; j < 8; j++) {
            uint64_t a = acc[j];
            a ^= a >> 47;
            a ^= lane_key[7 - j];
            acc[j] = a * 0x9E3779B1u;
        }
    }
}

static void chunk_reset(uint64_t acc[8])
{
    for (int j = 0; j < 8; j++) acc[j] = lane_key[j] ^ P1;
}

static uint64_t chunk_fold(const uint64_t acc[8], uint64_t bytes)
{
    uint64_t v = bytes * P1;
    for (int j = 0; j < 8; j++) v = merge(v, acc[j]);
    v ^= v >> 33; v *= P2; v ^= v >> 29; v *= P3; v ^= v >> 32;
    return v;
}

void fred_chunk_begin(struct fred_chunk_hasher *c)
{
    chunk_reset(c->acc);
    c->bytes = 0;
}

void fred_chunk_update(struct fred_chunk_hasher *c, const void *data, size_t len)
{
    assert(len % FRED_HASH_BLOCK == 0 && c->bytes + len <= FRED_HASH_CHUNK);
    accumulate_blocks(c->acc, data, len / FRED_HASH_BLOCK);
    c->bytes += len;
}

uint64_t fred_chunk_end(const struct fred_chunk_hasher *c) { return chunk_fold(c->acc, c->bytes); }

void fred_data_hash_init(struct fred_data_hasher *h)
{
    chunk_reset(h->acc);
    h->chunk_bytes = 0;
    fred_hash_init(&h->outer);
}

void fred_data_hash_add_chunk(struct fred_data_hasher *h, uint64_t chunk_hash)
{
    fred_hash_update(&h->outer, &chunk_hash, sizeof chunk_hash);
}

static void finish_chunk(struct fred_data_hasher *h)
{
    fred_data_hash_add_chunk(h, chunk_fold(h->acc, h->chunk_bytes));
    chunk_reset(h->acc);
    h->chunk_bytes = 0;
}

void fred_data_hash_update(struct fred_data_hasher *h, const void *data, size_t len)
{
    assert(len % FRED_HASH_BLOCK == 0);
    const uint8_t *p = data;
    while (len) {
        size_t take = FRED_HASH_CHUNK - h->chunk_bytes;
        if (take > len) take = len;
        accumulate_blocks(h->acc, (const uint64_t *)p, take / FRED_HASH_BLOCK);
        h->chunk_bytes += take;
        p += take;
        len -= take;
        if (h->chunk_bytes == FRED_HASH_CHUNK) finish_chunk(h);
    }
}

uint64_t fred_data_hash_final(struct fred_data_hasher *h)
{
    if (h->chunk_bytes) finish_chunk(h);
    return fred_hash_final(&h->outer);
}
