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
 * Compiled together with launcher-tree.c (which processes are below the launcher) and
 * launcher-signals.c (signalling them, never a stranger); launcher.h is what they share.
 */
#include "launcher.h"

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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_KEEP 64

pid_t self;
static int control = -1;
static pid_t program = -1;
static int program_done = 0;

unsigned long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

/* One status line; a vanished engine (EPIPE) is noticed by the control fd's EOF instead. */
void say(const char *fmt, ...) {
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

/* Collects exited children; reports the program's own end. Returns 1 when no child is left. */
int reap(void) {
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

static void die_empty(int code) {
  if (code == 0) {
    say("empty %llu", now_ns());
    linger(control);
  }
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

  int has_pidfd = signals_setup();
  tree_setup();

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
