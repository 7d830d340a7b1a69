/*
 * Signalling the tree. Signals are sent through pidfd_open + pidfd_send_signal after checking,
 * through the pidfd's open, that the pid still has the start time and a parent seen in the same
 * walk of the tree: a pid reused by a stranger is never signalled. Without pidfds (Linux < 5.3) it
 * checks and then calls kill(2): the pid could be reused in between, which needs the pid space to
 * wrap in microseconds. Also the launcher's last words: lingering until the engine has read them.
 */
#include "launcher.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

#define KILL_LIMIT_NS 5000000000ULL /* give up killing after 5 s (unkillable D-state processes) */

static int has_pidfd = 0;

/* Decides how signals are sent: through pidfds where this kernel has them. Returns 1 if so. */
int signals_setup(void) {
  int probe = (int)syscall(SYS_pidfd_open, self, 0);
  if (probe >= 0) {
    has_pidfd = 1;
    close(probe);
  }
#ifdef HANGTIME_NO_PIDFD
  has_pidfd = 0; /* tests: the path of kernels before 5.3 */
#endif
  return has_pidfd;
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

/* Signals every process of one walk that has not ended (zombies wait to be reaped). */
static int signal_living(const struct tree *t, int sig) {
  int sent = 0;
  for (size_t i = 0; i < t->n; i++)
    if (t->p[i].state != 'Z' && t->p[i].state != 'X') sent += signal_one(t, &t->p[i], sig);
  return sent;
}

static void sleep_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

/* SIGSTOP to every process until none is left running (a fork may race one walk). */
int stop_tree(void) {
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
int kill_tree(void) {
  struct tree t = {0};
  int sent = 0;
  unsigned long long deadline = now_ns() + KILL_LIMIT_NS;
  while (!reap() && now_ns() < deadline) {
    list_tree(&t);
    sent += signal_living(&t, SIGKILL);
    sleep_ms(1);
  }
  free(t.p);
  return sent;
}

/* SIGTERM to every process of one walk. */
int term_tree(void) {
  struct tree t = {0};
  list_tree(&t);
  int sent = signal_living(&t, SIGTERM);
  free(t.p);
  return sent;
}

/* After "empty": waits for the engine to close its end of the control socket (it does once it has
 * read "empty"), answering any command with a count of 0, for at most LINGER_NS. An engine that
 * writes to a launcher already gone gets EPIPE, and its socket, torn down, loses the lines not yet
 * read ("exit", "empty"): the run would seem to have lost its launcher while the program ran. */
#define LINGER_NS 5000000000ULL
void linger(int control) {
  char line[256];
  size_t used = 0;
  unsigned long long deadline = now_ns() + LINGER_NS;
  for (unsigned long long now; (now = now_ns()) < deadline;) {
    struct pollfd p = {control, POLLIN, 0};
    int r = poll(&p, 1, (int)((deadline - now) / 1000000ULL) + 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return;
    ssize_t n = read(control, line + used, sizeof line - 1 - used);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return; /* the engine closed its end: everything said was read */
    used += (size_t)n;
    line[used] = '\0';
    for (char *nl; (nl = strchr(line, '\n'));) {
      *nl = '\0';
      if (strcmp(line, "kill") == 0 || strcmp(line, "stop") == 0 || strcmp(line, "term") == 0) say("signalled %s 0", line);
      used -= (size_t)(nl + 1 - line);
      memmove(line, nl + 1, used + 1);
    }
    if (used == sizeof line - 1) used = 0;
  }
}
