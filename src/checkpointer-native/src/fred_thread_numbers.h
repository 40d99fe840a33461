/*
 * fred_thread_numbers.h - the number the debugger shows for each thread, kept stable
 * across restores. gdb numbers threads in the order it discovers them: in a plain run
 * that is the order of creation (main 1, then each pthread_create). A restored copy is
 * discovered in another order (the threads as the library started them again), so its
 * numbers differ. The library numbers threads in creation order itself and keeps the numbers in
 * the program's memory (so every snapshot and image has them); fred's gdb side reads the
 * table (fredGdbThreads.py) and shows the user these numbers instead of gdb's.
 *
 * The table is exported: gdb finds it by name (fred_thread_numbers).
 */
#ifndef FRED_THREAD_NUMBERS_H
#define FRED_THREAD_NUMBERS_H

#include <stdint.h>

#define FRED_NUMBERED_THREADS 1024

/* One thread: its pthread_t (the address of its descriptor, the same in every copy). */
struct fred_thread_number {
    uint64_t handle;
    uint64_t number;
};

/* The number the next thread created will have (1 is the main thread's). */
uint64_t fred_thread_numbers_claim(void);
/* The last number claimed: every thread numbered so far has one up to it. */
uint64_t fred_thread_numbers_last(void);
/* The calling thread has this number (a handle reused by a new thread is renumbered). */
void fred_thread_numbers_register(uint64_t number);

#endif
