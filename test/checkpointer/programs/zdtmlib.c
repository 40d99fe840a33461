/* zdtmlib.c - a shared library for uselib.c: a restart must refuse when it changed. */
int zdtm_library_value(void) { return 42; }
