/* fred_thread_numbers.c - see fred_thread_numbers.h. Threads register themselves as they
 * start (pthread_create's wrapper in fred_record_calls.c), so a thread that stops at a
 * breakpoint before its creator returns already has its number. No malloc, no locks:
 * entries are claimed with atomics. */
#define _GNU_SOURCE
#include "fred_thread_numbers.h"

#include <pthread.h>

#define EXPORT __attribute__((visibility("default"), used))

EXPORT struct fred_thread_number fred_thread_numbers[FRED_NUMBERED_THREADS];
EXPORT uint32_t fred_thread_numbers_used;
static uint64_t last_number = 1;   /* the main thread's */

uint64_t fred_thread_numbers_claim(void)
{
    return __atomic_add_fetch(&last_number, 1, __ATOMIC_SEQ_CST);
}

uint64_t fred_thread_numbers_last(void)
{
    return __atomic_load_n(&last_number, __ATOMIC_SEQ_CST);
}

void fred_thread_numbers_register(uint64_t number)
{
    uint64_t handle = (uint64_t)pthread_self();
    uint32_t used = __atomic_load_n(&fred_thread_numbers_used, __ATOMIC_ACQUIRE);
    for (uint32_t i = 0; i < used && i < FRED_NUMBERED_THREADS; i++)
        if (__atomic_load_n(&fred_thread_numbers[i].handle, __ATOMIC_ACQUIRE) == handle) {
            __atomic_store_n(&fred_thread_numbers[i].number, number, __ATOMIC_RELEASE);
            return;
        }
    uint32_t i = __atomic_fetch_add(&fred_thread_numbers_used, 1, __ATOMIC_ACQ_REL);
    if (i >= FRED_NUMBERED_THREADS) return;   /* gdb's own number is shown for the others */
    __atomic_store_n(&fred_thread_numbers[i].number, number, __ATOMIC_RELEASE);
    __atomic_store_n(&fred_thread_numbers[i].handle, handle, __ATOMIC_RELEASE);
}

__attribute__((constructor)) static void number_the_main_thread(void)
{
    fred_thread_numbers_register(1);
}
