/*
 * fred_handler.h - the body shared by fred's signal handlers (the checkpoint signal's in
 * fred_preload.c, the series signal's in fred_search.c): where a restart from an image
 * and a resumed snapshot come back into the program.
 */
#ifndef FRED_HANDLER_H
#define FRED_HANDLER_H

#include <ucontext.h>

/* Saves the resume point, then take(context). A restart or a resumed copy comes back to
 * that point instead and puts the kernel state back; either way the handler then returns
 * to the program. errno preserved. gdb finds it by name (fredGdbRestore.py). */
void fred_handler_body(void *context, void (*take)(const ucontext_t *));

#endif
