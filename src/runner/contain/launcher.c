/*
 * hangtime-launcher: holds every process of one run below itself, reports the program's exit,
 * and kills the whole tree on request or when the engine goes away.
 *
 * Why a child subreaper. Measured on the build machine kind (Linux 6.18, 2 cores shared with other
 * work, load 2-6; bench/containment-candidates.ts and bench/containment.ts, medians of 40-60 runs
 * of /bin/true, added to a plain spawn's 4-6 ms), as root and as an unprivileged user:
 *   - PR_SET_CHILD_SUBREAPER in this launcher: holds the escapee (fork, setsid, fork, execve
 *     /bin/sleep 47 with an empty environment): the orphan reparents here, not to PID 1.
 *     +0.8 to +2.6 ms, unprivileged on any Linux >= 3.4, and the program sees what it would see
 *     anyway: its pid is the one in /proc, its uid is the user's (only its parent is us).
 *   - a PID namespace (unshare --pid --fork, --kill-child): holds it (everything dies with the
 *     namespace's init), +1.7 to +4.4 ms. But the program becomes PID 1 of the namespace: getpid()
 *     no longer names its /proc entry unless /proc is remounted (a mount namespace more), PID 1
 *     ignores signals it has no handler for, and unprivileged it needs a user namespace (allowed
 *     here, forbidden by some distributions' policy). The chapters show real pids and /proc.
 *   - a cgroup: root only here (cgroup v1 hybrid; the v2 'unified' hierarchy is mounted with no
 *     controllers and nothing is delegated to users). v2 leaf: holds it, +16 ms (removing the
 *     cgroup waits for the killed processes); v1 pids: holds it, +0.5 to +3.7 ms. A reader has none.
 *   - a subreaper in Python (ctypes prctl), for a machine without a C compiler: holds it, but
 *     +29 to +48 ms a run (the interpreter's start).
 *   - the old way (process group, then HANGTIME_RUN_ID in the environment): the escapee is lost.
 * What a subreaper does not stop: a program that kills this launcher (kill -9 $PPID) or stops it
 * (kill -STOP $PPID). The engine sees the launcher die before "empty" and must report the run as
 * not contained; a stopped launcher it can SIGCONT.
 *
 * usage: hangtime-launcher --control FD [--keep FD]... -- PROGRAM [ARG]...
 *
 * FD is a socket (Node's stdio 'pipe' is a socketpair): the launcher writes status lines on
 * it and reads commands from it. Its end of file is the engine's death: the launcher then
 * kills the tree and exits (an fd closes however its holder dies, SIGKILL included; a
 * PR_SET_PDEATHSIG would fire when the spawning *thread* exits, which in Node can be a worker).
 *
 * Status lines (times are CLOCK_MONOTONIC ns, Node's process.hrtime.bigint()):
 *   started PID STARTTICKS NS pidfd=0|1     the program was exec'd
 *   exec-failed ERRNO MESSAGE               it could not be (an "exit ... code 127" follows)
 *   exit PID code N NS | exit PID signal N NS   the program itself ended
 *   signalled WHAT COUNT                    reply to a command
 *   empty NS                                nothing is left below the launcher; it exits 0
 *   error MESSAGE                           the launcher cannot work; it exits 125
 * Commands (one a line): "term" (SIGTERM to all), "stop" (SIGSTOP to all until none runs),
 * "kill" (SIGKILL to all until none is left; then "empty").
 *
 * Signals are sent through pidfd_open + pidfd_send_signal after checking, through the pidfd's
 * open, that the pid still has the start time and a parent seen in the same walk of the tree:
 * a pid reused by a stranger is never signalled. Without pidfds (Linux < 5.3) it checks and then
 * calls kill(2): the pid could be reused in between, which needs the pid space to wrap in
 * microseconds.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

#define MAX_KEEP 64
#define KILL_LIMIT_NS 5000000000ULL /* give up killing after 5 s (unkillable D-state processes) */

struct proc { pid_t pid; pid_t ppid; unsigned long long start; char state; };
struct tree { struct proc *p; size_t n, cap; };

static int control = -1;
static pid_t self;
static pid_t program = -1;
static int program_done = 0;
static int has_pidfd = 0;
static int walk_children = 1; /* /proc/PID/task/TID/children exists (CONFIG_PROC_CHILDREN) */

static unsigned long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

/* One status line; a vanished engine (EPIPE) is noticed by the control fd's EOF instead. */
static void say(const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof buf - 2) n = (int)sizeof buf - 2;
  buf[n++] = '\n';
  if (write(control, buf, (size_t)n) < 0) { /* engine gone */ }
}

/* Reads state, ppid and start time (field 22) of /proc/PID/stat. 0 on success. */
static int read_stat(pid_t pid, struct proc *out) {
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
  /* fields 3 (state) and 4 (ppid), skip 5..21, then 22 (starttime) */
  if (sscanf(close_paren + 2, "%c %d %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu",
             &state, &ppid, &start) != 3)
    return -1;
  out->pid = pid;
  out->ppid = ppid;
  out->state = state;
  out->start = start;
  return 0;
}

static int in_tree(const struct tree *t, pid_t pid) {
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

/* Every descendant, walked through /proc/PID/task/TID/children (a child belongs to the thread that forked it). */
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

static void list_tree(struct tree *t) {
  if (walk_children) walk_tree(t); else scan_tree(t);
}

/*
 * Signals one process of the tree, never a stranger: the pidfd is opened first, then the pid is
 * checked to still hold the start time and a parent of this walk (or us, after a reparenting). If
 * the pid had been reused before the open, the check fails; if after, the pidfd names the dead
 * process and the signal goes nowhere. Returns 1 when the signal was sent.
 */
static int signal_one(const struct tree *t, const struct proc *p, int sig) {
  int pidfd = -1;
  if (has_pidfd) {
    pidfd = (int)syscall(SYS_pidfd_open, p->pid, 0);
    if (pidfd < 0) return 0; /* gone */
  }
  struct proc now;
  int ours = read_stat(p->pid, &now) == 0 && now.start == p->start && (now.ppid == self || in_tree(t, now.ppid));
  int sent = 0;
  if (ours) sent = (has_pidfd ? syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) : kill(p->pid, sig)) == 0;
  if (pidfd >= 0) close(pidfd);
  return sent;
}

/* Collects exited children; reports the program's own end. Returns 1 when no child is left. */
static int reap(void) {
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid < 0) return errno == ECHILD;
    if (pid == 0) return 0;
    if (pid == program && !program_done) {
      program_done = 1;
      if (WIFSIGNALED(status)) say("exit %d signal %d %llu", (int)pid, WTERMSIG(status), now_ns());
      else say("exit %d code %d %llu", (int)pid, WEXITSTATUS(status), now_ns());
    }
  }
}

static void sleep_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

/* SIGSTOP to every process until none is left running (a fork may race one walk). */
static int stop_tree(void) {
  struct tree t = {0};
  int sent = 0;
  for (int round = 0; round < 50; round++) {
    list_tree(&t);
    int running = 0;
    for (size_t i = 0; i < t.n; i++) {
      if (t.p[i].state == 'T' || t.p[i].state == 't' || t.p[i].state == 'Z' || t.p[i].state == 'X') continue;
      running++;
      sent += signal_one(&t, &t.p[i], SIGSTOP);
    }
    if (!running) break;
    sleep_ms(1);
  }
  free(t.p);
  return sent;
}

/* SIGKILL to every process, reaping, until nothing is left below us. */
static int kill_tree(void) {
  struct tree t = {0};
  int sent = 0;
  unsigned long long deadline = now_ns() + KILL_LIMIT_NS;
  while (!reap() && now_ns() < deadline) {
    list_tree(&t);
    for (size_t i = 0; i < t.n; i++)
      if (t.p[i].state != 'Z' && t.p[i].state != 'X') sent += signal_one(&t, &t.p[i], SIGKILL);
    sleep_ms(1);
  }
  free(t.p);
  return sent;
}

static int term_tree(void) {
  struct tree t = {0};
  int sent = 0;
  list_tree(&t);
  for (size_t i = 0; i < t.n; i++)
    if (t.p[i].state != 'Z' && t.p[i].state != 'X') sent += signal_one(&t, &t.p[i], SIGTERM);
  free(t.p);
  return sent;
}

static void die_empty(int code) {
  if (code == 0) say("empty %llu", now_ns());
  _exit(code);
}

/* Closes every fd from 3 up except the control fd and the kept ones (stray fds of the engine's parents). */
static void close_strays(const int *keep, int nkeep) {
  int fds[1024], n = 0;
  DIR *d = opendir("/proc/self/fd");
  if (!d) return;
  for (struct dirent *e; (e = readdir(d)) && n < 1024;) {
    int fd = atoi(e->d_name);
    if (e->d_name[0] < '0' || e->d_name[0] > '9' || fd <= 2 || fd == control || fd == dirfd(d)) continue;
    int kept = 0;
    for (int i = 0; i < nkeep; i++) kept |= keep[i] == fd;
    if (!kept) fds[n++] = fd;
  }
  closedir(d);
  for (int i = 0; i < n; i++) close(fds[i]);
}

static void handle_command(const char *line) {
  if (strcmp(line, "kill") == 0) {
    say("signalled kill %d", kill_tree());
    if (reap()) die_empty(0);
  } else if (strcmp(line, "stop") == 0) {
    say("signalled stop %d", stop_tree());
  } else if (strcmp(line, "term") == 0) {
    say("signalled term %d", term_tree());
  } else {
    say("error unknown command '%s'", line);
  }
}

int main(int argc, char **argv) {
  int keep[MAX_KEEP], nkeep = 0, i;
  for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if (strcmp(argv[i], "--control") == 0 && i + 1 < argc) control = atoi(argv[++i]);
    else if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc && nkeep < MAX_KEEP) keep[nkeep++] = atoi(argv[++i]);
    else { fprintf(stderr, "hangtime-launcher: unknown option %s\n", argv[i]); return 125; }
  }
  if (control < 3 || i + 1 >= argc) {
    fprintf(stderr, "usage: hangtime-launcher --control FD [--keep FD]... -- PROGRAM [ARG]...\n");
    return 125;
  }
  char **cmd = argv + i + 1;
  self = getpid();
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) { say("error PR_SET_CHILD_SUBREAPER: %s", strerror(errno)); return 125; }
  close_strays(keep, nkeep);
  fcntl(control, F_SETFD, FD_CLOEXEC);

  int probe = (int)syscall(SYS_pidfd_open, self, 0);
  if (probe >= 0) { has_pidfd = 1; close(probe); }
#ifdef HANGTIME_NO_PIDFD
  has_pidfd = 0; /* tests: the path of kernels before 5.3 */
#endif
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)self, (int)self);
  walk_children = access(path, R_OK) == 0;
#ifdef HANGTIME_SCAN_ONLY
  walk_children = 0; /* tests: the path of kernels without CONFIG_PROC_CHILDREN */
#endif

  /* Signals arrive through a signalfd in the poll loop; the program gets the mask we were given. */
  sigset_t mask, old;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGHUP);
  sigprocmask(SIG_BLOCK, &mask, &old);
  int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  signal(SIGPIPE, SIG_IGN);

  int errpipe[2];
  if (sfd < 0 || pipe2(errpipe, O_CLOEXEC) != 0) { say("error setup: %s", strerror(errno)); return 125; }
  program = fork();
  if (program < 0) { say("error fork: %s", strerror(errno)); return 125; }
  if (program == 0) {
    setsid(); /* its own session and group: a terminal's signals and the engine's group stay out */
    signal(SIGPIPE, SIG_DFL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    execvp(cmd[0], cmd);
    int err = errno;
    if (write(errpipe[1], &err, sizeof err) < 0) { /* nothing to tell it with */ }
    _exit(127);
  }
  close(errpipe[1]);
  int err = 0;
  ssize_t got;
  while ((got = read(errpipe[0], &err, sizeof err)) < 0 && errno == EINTR) {}
  close(errpipe[0]);
  struct proc me;
  if (got == (ssize_t)sizeof err) say("exec-failed %d %s", err, strerror(err));
  else say("started %d %llu %llu pidfd=%d", (int)program, read_stat(program, &me) == 0 ? me.start : 0ULL, now_ns(),
           has_pidfd);

  /* The launcher keeps none of the program's streams open: the engine's EOF is the tree's. */
  int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (devnull >= 0) { dup2(devnull, 0); dup2(devnull, 1); dup2(devnull, 2); close(devnull); }
  for (int k = 0; k < nkeep; k++) if (keep[k] > 2 && keep[k] != control) close(keep[k]);

  char line[256];
  size_t used = 0;
  struct pollfd fds[2] = {{control, POLLIN, 0}, {sfd, POLLIN, 0}};
  for (;;) {
    if (reap() && program_done) die_empty(0);
    if (poll(fds, 2, -1) < 0) { if (errno == EINTR) continue; break; }
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo == SIGCHLD) continue; /* reaped at the top of the loop */
        kill_tree(); /* SIGTERM, SIGINT or SIGHUP to the launcher: the run is over */
        die_empty(0);
      }
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(control, line + used, sizeof line - 1 - used);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) { kill_tree(); _exit(0); } /* lifeline: the engine is gone */
      used += (size_t)n;
      line[used] = '\0';
      char *nl;
      while ((nl = strchr(line, '\n'))) {
        *nl = '\0';
        handle_command(line);
        used -= (size_t)(nl + 1 - line);
        memmove(line, nl + 1, used + 1);
      }
      if (used == sizeof line - 1) used = 0; /* an overlong line is dropped */
    }
  }
  kill_tree();
  return 125;
}
