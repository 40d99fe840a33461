/*
 * fred_control.h - the control protocol between fred (TypeScript: src/fred/checkpointer/controlProtocol.ts)
 * and the native checkpointer (libfredckpt.so in the program, the frozen copies it forks
 * for snapshots, and fred-exec's supervisor of statically linked programs). Every word,
 * file name and number of the protocol is defined here and only here on the C side;
 * test/unit/controlProtocol.test.ts reads this file and checks that the TypeScript module
 * defines the same ones (a #define added here must be added there).
 *
 * The exchange, through files in the control directory (FRED_CKPT_CONTROL, default
 * FRED_CONTROL_DIR_DEFAULT with the uid, mode 0700):
 *   - fred leaves a one-line request in FRED_FILE_REQUEST (pid) and sends the checkpoint
 *     signal; the process takes the request (removing it) and answers in FRED_FILE_ANSWER:
 *       image PATH                       -> ok image PATH BYTES NS   (written by a copy,
 *                                           whose pid is in FRED_FILE_WRITER meanwhile)
 *       snapshot ID                      -> ok snapshot ID COPY_PID PC_HEX [shared]
 *       series FIRST_ID DELTA_NS MAX     -> ok series, then each snapshot it takes answers
 *       hitseries FIRST_ID ADDR EVERY MAX   in FRED_FILE_SERIES_ANSWER (id, pid) as above
 *       hits ADDR COUNT                  -> ok hits
 *       count ADDR... (FRED_COUNT_MAX)   -> ok count
 *       countread                        -> ok counts N...
 *     (addresses in hex without 0x). No request (a bare signal): an image at the default
 *     path, no answer.
 *   - a frozen copy takes a command from FRED_FILE_SNAPSHOT_COMMAND (its pid), sent the
 *     same way, and answers in FRED_FILE_SNAPSHOT_ANSWER:
 *       resume | resume-stop             -> ok resumed PID
 *       check                            -> ok checked
 *       discard                          -> ok discarded
 *       spill PATH                       -> ok spilled PATH BYTES
 *   - any of them may answer "error WHY" instead (one line for the user).
 * Every answer file is two lines: the protocol line "fred-control VERSION", then the
 * answer. fred refuses an answer without it or with another version (the native part
 * was not rebuilt with the TypeScript: npm install). Files are written under a temporary
 * name and renamed, so a reader never sees half of one.
 */
#ifndef FRED_CONTROL_H
#define FRED_CONTROL_H

/* 1: unversioned answers (before the protocol line existed); 2: answers begin with it. */
#define FRED_CONTROL_PROTOCOL 2
#define FRED_CONTROL_HELLO "fred-control"

/* The control directory when FRED_CKPT_CONTROL is not set (printf pattern: uid). */
#define FRED_CONTROL_DIR_DEFAULT "/tmp/fred-ckpt-%u"

/* The image of a bare signal (no request), in FRED_CKPT_DIR or the working directory
 * (printf pattern: the program's name, pid); fred-ckpt checkpoint names its image so too. */
#define FRED_IMAGE_DEFAULT_NAME "fred-%s-%d.img"

/* Files in the control directory (printf patterns). */
#define FRED_FILE_REQUEST "req.%d"                 /* pid */
#define FRED_FILE_ANSWER "res.%d"                  /* pid */
#define FRED_FILE_WRITER "wrk.%d"                  /* pid: holds the pid of the copy writing its image */
#define FRED_FILE_SERIES_ANSWER "ser.%d.%d"        /* snapshot id, pid */
#define FRED_FILE_SNAPSHOT_COMMAND "snap.%d.cmd"   /* pid of the frozen copy */
#define FRED_FILE_SNAPSHOT_ANSWER "snap.%d.res"    /* pid of the frozen copy */

/* Requests (first word). */
#define FRED_REQ_IMAGE "image"
#define FRED_REQ_SNAPSHOT "snapshot"
#define FRED_REQ_SERIES "series"
#define FRED_REQ_HITSERIES "hitseries"
#define FRED_REQ_HITS "hits"
#define FRED_REQ_COUNT "count"
#define FRED_REQ_COUNTREAD "countread"
#define FRED_COUNT_MAX 4                           /* addresses in one count request */

/* Commands to a frozen copy (first word). */
#define FRED_CMD_RESUME "resume"
#define FRED_CMD_RESUME_STOP "resume-stop"
#define FRED_CMD_CHECK "check"
#define FRED_CMD_DISCARD "discard"
#define FRED_CMD_SPILL "spill"

/* Answers: "ok" and the request's word (or one of these), or "error" and why. */
#define FRED_ANS_OK "ok"
#define FRED_ANS_ERROR "error"
#define FRED_ANS_SHARED "shared"                   /* last word of a snapshot's answer: it holds shared memory */
#define FRED_ANS_COUNTS "counts"
#define FRED_ANS_RESUMED "resumed"
#define FRED_ANS_CHECKED "checked"
#define FRED_ANS_DISCARDED "discarded"
#define FRED_ANS_SPILLED "spilled"

/* Signals: the checkpoint signal's default (FRED_CKPT_SIGNAL changes it; SIGUSR2), the
 * series' signal (passed silently) and the one that stops a search (the debugger stops
 * on it and does not pass it). */
#define FRED_SIGNAL_CHECKPOINT 12
#define FRED_SIGNAL_SERIES 41
#define FRED_SIGNAL_STOP 40

#endif
