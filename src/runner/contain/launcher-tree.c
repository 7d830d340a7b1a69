/*
 * Which processes are below the launcher: every descendant, found through the children files
 * (/proc/PID/task/TID/children, CONFIG_PROC_CHILDREN) or, on a kernel without them, by reading
 * every process on the machine and keeping those whose parent is in the tree.
 */
#include "launcher.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int walk_children = 1; /* /proc/PID/task/TID/children exists (CONFIG_PROC_CHILDREN) */

/* Decides how the tree is listed: through children files where this kernel has them. */
void tree_setup(void) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)self, (int)self);
  walk_children = access(path, R_OK) == 0;
#ifdef HANGTIME_SCAN_ONLY
  walk_children = 0; /* tests: the path of kernels without CONFIG_PROC_CHILDREN */
#endif
}

/* Reads state, ppid and start time (field 22) of /proc/PID/stat. 0 on success. */
int read_stat(pid_t pid, struct proc *out) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = '\0';
  char *close_paren = strrchr(buf, ')'); /* comm may hold spaces and parentheses */
  if (!close_paren) return -1;
  int ppid;
  char state;
  unsigned long long start;
  /* fields 3 (state) and 4 (ppid), skip 5..21 (17 fields), then 22 (starttime) */
  const char *format = "%c %d"
                       " %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s"
                       " %llu";
  if (sscanf(close_paren + 2, format, &state, &ppid, &start) != 3) return -1;
  out->pid = pid;
  out->ppid = ppid;
  out->state = state;
  out->start = start;
  return 0;
}

int in_tree(const struct tree *t, pid_t pid) {
  for (size_t i = 0; i < t->n; i++)
    if (t->p[i].pid == pid) return 1;
  return 0;
}

static void add(struct tree *t, const struct proc *p) {
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    struct proc *q = realloc(t->p, cap * sizeof *q);
    if (!q) return; /* out of memory: this walk misses some; the next one retries */
    t->p = q;
    t->cap = cap;
  }
  t->p[t->n++] = *p;
}

/* Adds the children listed in one children file, if each is still a child of `parent`. (A thread
 * with more children than fit in the buffer has the rest found by the next walk: stop and kill walk
 * until nothing is left.) */
static void add_children_file(struct tree *t, const char *path, pid_t parent) {
  char buf[8192];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return;
  buf[n] = '\0';
  for (char *s = buf, *end; *s; s = end) {
    long pid = strtol(s, &end, 10);
    if (end == s) break;
    struct proc p;
    if (pid > 0 && !in_tree(t, (pid_t)pid) && read_stat((pid_t)pid, &p) == 0 && p.ppid == parent) add(t, &p);
  }
}

/* Every descendant, walked through /proc/PID/task/TID/children (a child belongs to the thread
 * that forked it). */
static void walk_tree(struct tree *t) {
  t->n = 0;
  char path[96];
  for (size_t i = 0; i <= t->n; i++) {
    pid_t pid = i == 0 ? self : t->p[i - 1].pid;
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    if (!d) continue;
    for (struct dirent *e; (e = readdir(d));) {
      if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
      snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, atoi(e->d_name));
      add_children_file(t, path, pid);
    }
    closedir(d);
  }
}

/* Without children files: every process on the machine, kept when its parent is in the tree. */
static void scan_tree(struct tree *t) {
  struct tree all = {0};
  DIR *d = opendir("/proc");
  if (!d) return;
  for (struct dirent *e; (e = readdir(d));) {
    struct proc p;
    if (e->d_name[0] >= '0' && e->d_name[0] <= '9' && read_stat((pid_t)atoi(e->d_name), &p) == 0) add(&all, &p);
  }
  closedir(d);
  t->n = 0;
  for (int grew = 1; grew;) {
    grew = 0;
    for (size_t i = 0; i < all.n; i++)
      if ((all.p[i].ppid == self || in_tree(t, all.p[i].ppid)) && !in_tree(t, all.p[i].pid)) {
        add(t, &all.p[i]);
        grew = 1;
      }
  }
  free(all.p);
}

/* Lists every process below the launcher into `t` (its earlier content is replaced). */
void list_tree(struct tree *t) {
  if (walk_children) walk_tree(t); else scan_tree(t);
}
