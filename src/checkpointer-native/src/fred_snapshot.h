/*
 * fred_snapshot.h - snapshots: frozen forked copies of the process, taken inside a signal
 * handler (fred_snapshot.c says how a copy lives and what it answers).
 */
#ifndef FRED_SNAPSHOT_H
#define FRED_SNAPSHOT_H

/* In a signal handler: capture the kernel state and fork a frozen copy, which answers in
 * answer_path unless copy_answers is 0 (then the caller answers with fred_snapshot_answer,
 * and no spare is forked ahead: a series's copies are used once, if at all). The copy's
 * pid in the program, 0 in a live copy resumed later, -1 on failure (said in answer_path). */
int fred_snapshot_here(int id, unsigned long pc, const char *answer_path, int copy_answers);

/* The answer for snapshot id, taken at pc, whose frozen copy is copy_pid. */
void fred_snapshot_answer(const char *answer_path, int id, int copy_pid, unsigned long pc);

#endif
