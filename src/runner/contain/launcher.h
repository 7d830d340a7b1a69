/*
 * What the launcher's three translation units share (compiled together: launcher.c, the options,
 * the status lines and the loop; launcher-tree.c, which processes are below the launcher;
 * launcher-signals.c, signalling them without ever hitting a stranger).
 */
#ifndef HANGTIME_LAUNCHER_H
#define HANGTIME_LAUNCHER_H

#define _GNU_SOURCE
#include <stddef.h>
#include <sys/types.h>

/* One process below the launcher, as one read of /proc/PID/stat saw it. */
struct proc { pid_t pid; pid_t ppid; unsigned long long start; char state; };
/* A walk of the tree: every process below the launcher, in the order they were found. */
struct tree { struct proc *p; size_t n, cap; };

/* The launcher's own pid: the root of the tree. */
extern pid_t self;

/* launcher.c */
unsigned long long now_ns(void);
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int reap(void);

/* launcher-tree.c */
void tree_setup(void);
int read_stat(pid_t pid, struct proc *out);
int in_tree(const struct tree *t, pid_t pid);
void list_tree(struct tree *t);

/* launcher-signals.c */
int signals_setup(void);
int stop_tree(void);
int kill_tree(void);
int term_tree(void);
/* After "empty": until the engine closes `control` (or 5 s), answering commands with 0. */
void linger(int control);

#endif
