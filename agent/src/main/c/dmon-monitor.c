/*
 * dmon-monitor: the keeper of one job, so that dmon-agent can stop, crash or be upgraded while
 * the job runs on (conmon's shape). It is the job's parent: it starts each run when the agent
 * asks, reaps it and keeps its exit status; it holds the run's stdout and stderr pipes, so the
 * job never meets SIGPIPE because the agent went away, and writes every line to a store of its
 * own that the agent reads while attached and after it comes back; it listens on a 0600 Unix
 * socket for one agent at a time, reports what happened (runs started, exits, output written)
 * and takes signals, stop, detach and quit. Policy (respawn, -1, -m, -t, load) stays in the
 * agent: while no agent is attached a run that ends stays ended.
 *
 * Why C and static: one monitor runs per job, so its memory and idle wake-ups multiply. A JVM
 * costs ~30 MiB; this program ~0.7 MiB of RSS (most of it its own text, shared between all
 * monitors) and no wake-up at all while idle (one poll() without a timeout). Static, because a
 * dynamically linked build maps libc too (~1 MiB RSS, measured 1016 KiB vs 692 KiB) and nothing
 * here needs NSS: the agent resolves users and groups to numbers before it starts a monitor.
 *
 * Usage (the agent's io.dmon.agent.monitor.MonitorLauncher builds it; the job's environment is
 * this program's environment, passed on unchanged):
 *   dmon-monitor --dir DIR [--path EXE] [--cwd DIR] [--uid N --gid N [--groups N,N...]]
 *                [--limit KIND:SOFT:HARD]... [--join-stderr] [--store-bytes N]
 *                [--segment-bytes N] [--cgroup DIR]... -- ARGV...
 * Each --cgroup DIR is a cgroup every run joins before it runs anything (a run that cannot join
 * is not started: "refused start cgroup-errno-N"); the first is the job's holder, whose whole
 * tree a stop kills after its grace (cgroup.kill, or freeze, SIGKILL each, thaw in a v1
 * freezer). The monitor itself stays outside them, so freezing the job never freezes it.
 * It returns once the monitor is listening, printing "PID STARTTIME" (its /proc start time), or
 * prints one line "dmon-monitor: why" and exits 1 (2 for bad options). The monitor itself lives
 * on in a session of its own, stdin/stdout/stderr on /dev/null, SIGHUP and SIGPIPE ignored.
 *
 * DIR (absolute, created 0700 when missing, empty but for a stale lock): "lock" (held while the
 * monitor lives: one monitor per DIR), "sock" (the agent's socket, 0600), "monitor" (its record:
 * "dmon-monitor 1 PID STARTTIME"), "NNNNNNNNNNNNNNNNNNNN.out" (output segments named by their
 * first seq) and, once the monitor ended in order, "exit" (its last state, in event lines).
 * The protocol and the store format are described in io/dmon/agent/monitor/package-info.java.
 */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <grp.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

#define PROTOCOL 1
/* A line is cut after this many bytes, as the agent's LineSplitter cuts it (MAX_LINE, CUT_MARK). */
#define MAX_LINE 65536
#define CUT_MARK " [cut by dmon]"
#define RECORD_HEAD 80
#define OUT_BUF (MAX_LINE + 16384)
#define MAX_ARGS 4096
#define MAX_GROUPS 1024
#define MAX_LIMITS 32
#define MAX_CGROUPS 8
/* Commands are short: a longer line is garbage, and the agent that sent it is dropped. */
#define CMD_MAX 128
#define EVENT_MAX 256
#define EVENT_BUF 8192
/* Pipes of runs whose lingering children still write: at most this many, newest kept. */
#define MAX_STREAMS 8
#define TERM_GRACE_MS 10000
/* How often a store the disk refused is written again. */
#define RETRY_MS 250

static struct {
    const char *dir;
    const char *path;
    const char *cwd;
    int set_ids;
    uid_t uid;
    gid_t gid;
    int ngroups;
    gid_t groups[MAX_GROUPS];
    int nlimits;
    int limit_kind[MAX_LIMITS];
    struct rlimit limit_value[MAX_LIMITS];
    int join_stderr;
    unsigned long long store_bytes;
    unsigned long long segment_bytes;
    int ncgroups;
    const char *cgroups[MAX_CGROUPS];
    char **argv;
} opt = { .store_bytes = 64ULL << 20, .segment_bytes = 1ULL << 20 };

/* The current (last started) run. */
static struct {
    unsigned run;
    pid_t pid;              /* also its process group */
    unsigned long long start;
    int exec_errno;
    long long started_ms;
    int reaped;
    int status;
    long long exited_ms;
    int open_streams;
    unsigned long long eof_seq; /* valid once open_streams reached 0 */
} cur;

struct stream {
    int fd;                 /* -1: free slot */
    unsigned run;
    char kind;              /* 'o' stdout, 'e' stderr */
    size_t held;
    size_t scanned;         /* buf[0, scanned) holds no newline */
    int eof;                /* the pipe ended; what is held still has to be stored */
    char *buf;              /* MAX_LINE + 1 bytes while open */
};
static struct stream streams[MAX_STREAMS];

struct segment {
    unsigned long long first;
    unsigned long long bytes;
};
static struct {
    int fd;                 /* the segment being written, -1 before the first line */
    struct segment *segs;   /* live segments, oldest first */
    int nsegs, cap;
    unsigned long long live_bytes, next_seq, total_bytes, consumed, dropped, lost;
    char buf[OUT_BUF];
    size_t len;
    unsigned long long buf_first;   /* the seq of the first record in buf */
} store = { .fd = -1, .next_seq = 1 };

static int dir_fd = -1, listen_fd = -1, client_fd = -1, signal_fd = -1, timer_fd = -1, retry_fd = -1;
/* Non-zero while the disk refuses the store's writes (the errno): the pipes are not read meanwhile. */
static int stalled;
/* Set while the monitor ends: a write the disk refuses is given up rather than retried. */
static int ending;
/* Set while the store is full of lines the attached agent has not taken yet: the pipes wait for it. */
static int backlogged;
#define BACKLOG (-1000000)
static char sock_path[sizeof ((struct sockaddr_un *) 0)->sun_path];
static char inbuf[CMD_MAX];
static size_t inlen;
static char evbuf[EVENT_BUF];
static size_t evlen;
static int output_dirty, terminating, stop_armed;
static pid_t self_pid, self_sid;
static mode_t job_umask;

/* ---- small helpers ---- */

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A decimal number of at most 20 digits, no sign, no spaces, at most max; 0 or -1. */
static int parse_num(const char *s, unsigned long long max, unsigned long long *out) {
    unsigned long long v = 0;
    size_t n = 0;
    for (; s[n] != '\0'; n++) {
        if (s[n] < '0' || s[n] > '9' || n >= 20) return -1;
        unsigned d = (unsigned) (s[n] - '0');
        if (v > (ULLONG_MAX - d) / 10) return -1;
        v = v * 10 + d;
    }
    if (n == 0 || v > max) return -1;
    *out = v;
    return 0;
}

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

/* Fields of /proc/PID/stat after the command name (which may hold spaces and parentheses). */
static int proc_stat(pid_t pid, int *pgrp, int *session, unsigned long long *start) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    if (p == NULL) return -1;
    p++;
    /* p: " state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
       cutime cstime priority nice threads itrealvalue starttime" */
    char state;
    int ppid, pg, sid;
    unsigned long long st;
    if (sscanf(p, " %c %d %d %d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
               &state, &ppid, &pg, &sid, &st) != 5) return -1;
    if (pgrp) *pgrp = pg;
    if (session) *session = sid;
    if (start) *start = st;
    return 0;
}

/*
 * True while the current run's process group has a member. Once its leader is reaped its pid
 * may be reused: a process with that group id counts only inside our own session, where every
 * process descends from this monitor, so a stranger's group is never signalled.
 */
static int group_alive(void) {
    if (cur.pid <= 0) return 0;
    if (!cur.reaped) return 1;
    DIR *d = opendir("/proc");
    if (d == NULL) return 0;
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        unsigned long long pid;
        int pg, sid;
        if (parse_num(e->d_name, INT_MAX, &pid) == 0 && proc_stat((pid_t) pid, &pg, &sid, NULL) == 0
            && pg == cur.pid && sid == self_sid) found = 1;
    }
    closedir(d);
    return found;
}

static int signal_group(int sig) {
    if (!group_alive()) return ESRCH;
    return kill(-cur.pid, sig) == 0 ? 0 : errno;
}

/* ---- events to the agent ---- */

static void drop_client(void) {
    if (client_fd >= 0) close(client_fd);
    client_fd = -1;
    inlen = 0;
    evlen = 0;
}

static void flush_events(void) {
    while (client_fd >= 0 && evlen > 0) {
        ssize_t w = send(client_fd, evbuf, evlen, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN) drop_client();
            return;
        }
        memmove(evbuf, evbuf + w, evlen - (size_t) w);
        evlen -= (size_t) w;
    }
}

/*
 * Queues one event line. An agent that does not read loses its connection rather than our
 * memory: it gets the whole state again when it attaches anew.
 */
static void event(const char *fmt, ...) {
    if (client_fd < 0) return;
    char line[EVENT_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t) n >= sizeof line - 1) n = (int) sizeof line - 2;
    line[n++] = '\n';
    if (evlen + (size_t) n > sizeof evbuf) {
        drop_client();
        return;
    }
    memcpy(evbuf + evlen, line, (size_t) n);
    evlen += (size_t) n;
}

/* The seq of the last line in the store's files (lines still in the buffer wait for a write). */
static unsigned long long stored_seq(void) {
    return store.len > 0 ? store.buf_first - 1 : store.next_seq - 1;
}

/* The state as event lines, for an agent that attaches and for the exit file. */
static int state_lines(char *out, size_t cap) {
    int n = snprintf(out, cap, "output %llu %llu %llu %llu\n", stored_seq(), store.total_bytes,
                     store.dropped, store.lost);
    if (cur.run > 0) {
        n += snprintf(out + n, cap - (size_t) n, "run %u %d %llu %d %lld\n", cur.run, (int) cur.pid, cur.start,
                      cur.exec_errno, cur.started_ms);
        if (cur.reaped)
            n += snprintf(out + n, cap - (size_t) n, "exit %u %d %lld\n", cur.run, cur.status, cur.exited_ms);
        if (cur.open_streams == 0)
            n += snprintf(out + n, cap - (size_t) n, "eof %u %llu\n", cur.run, cur.eof_seq);
    }
    if (stalled) n += snprintf(out + n, cap - (size_t) n, "stalled %d\n", stalled);
    return n;
}

static void send_state(void) {
    char lines[1024];
    int n = state_lines(lines, sizeof lines);
    if (client_fd >= 0 && evlen + (size_t) n <= sizeof evbuf) {
        memcpy(evbuf + evlen, lines, (size_t) n);
        evlen += (size_t) n;
    }
    output_dirty = 0;
}

/* ---- the output store ---- */

static void delete_oldest_segment(void) {
    struct segment *old = &store.segs[0];
    unsigned long long end = store.segs[1].first;  /* first seq after it */
    unsigned long long from = old->first > store.consumed ? old->first : store.consumed + 1;
    if (end > from) store.dropped += end - from;
    char name[32];
    snprintf(name, sizeof name, "%020llu.out", old->first);
    unlinkat(dir_fd, name, 0);
    store.live_bytes -= old->bytes;
    memmove(&store.segs[0], &store.segs[1], (size_t) (store.nsegs - 1) * sizeof *store.segs);
    store.nsegs--;
}

static int open_segment(unsigned long long first) {
    if (store.nsegs == store.cap) delete_oldest_segment();
    char name[32];
    snprintf(name, sizeof name, "%020llu.out", first);
    int fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    if (store.fd >= 0) close(store.fd);
    store.fd = fd;
    store.segs[store.nsegs].first = first;
    store.segs[store.nsegs].bytes = 0;
    store.nsegs++;
    return 0;
}

/* Writes the buffered records; 0, an errno to try again later, or a negative errno when the
   segment could not be cut back (nothing can be appended to it any more). */
static int store_write(void) {
    if (store.fd < 0 || (store.segs[store.nsegs - 1].bytes > 0
                         && store.segs[store.nsegs - 1].bytes + store.len > opt.segment_bytes)) {
        errno = 0;
        if (open_segment(store.buf_first) != 0) return errno != 0 ? errno : EIO;
    }
    while (store.nsegs > 1 && store.live_bytes + store.len > opt.store_bytes) {
        /* An attached agent takes the lines: wait for it, as a pipe would. Without one the oldest
           go, so that a job is never held back for an agent that may not come back. */
        if (client_fd >= 0 && !ending) return BACKLOG;
        delete_oldest_segment();
    }
    struct segment *s = &store.segs[store.nsegs - 1];
    if (write_all(store.fd, store.buf, store.len) == 0) {
        s->bytes += store.len;
        store.live_bytes += store.len;
        store.total_bytes += store.len;
        return 0;
    }
    int e = errno != 0 ? errno : EIO;
    /* A torn record must not stay in front of the next ones. */
    if (ftruncate(store.fd, (off_t) s->bytes) != 0) {
        close(store.fd);
        store.fd = -1;
        return -e;
    }
    return e;
}

/* The buffered lines are given up: counted as lost, their seqs given again (the store stays
   contiguous). Only when they cannot be kept: the monitor ends, or the segment broke. */
static void store_give_up(void) {
    store.lost += store.next_seq - store.buf_first;
    store.next_seq = store.buf_first;
    store.len = 0;
    output_dirty = 1;
}

static void arm_retry(void) {
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_nsec = RETRY_MS * 1000000L;
    timerfd_settime(retry_fd, 0, &its, NULL);
}

/*
 * Writes the buffered records. When the disk refuses them (full, read-only) they stay in the
 * buffer, the runs' pipes are not read until a retry goes in, and the agent is told ("stalled
 * ERRNO", then "resumed"): the job waits on its output, as it would on a full pipe, and no line is
 * lost. Returns 0 when the buffer is empty.
 */
static int store_flush(void) {
    if (store.len == 0) return 0;
    int e = store_write();
    backlogged = e == BACKLOG;
    if (backlogged) return -1;
    if (e == 0) {
        store.len = 0;
        output_dirty = 1;
        if (stalled) {
            stalled = 0;
            event("resumed");
        }
        return 0;
    }
    if (e < 0 || ending) {
        store_give_up();
        if (stalled) {
            stalled = 0;
            event("resumed");
        }
        return 0;
    }
    if (!stalled) {
        stalled = e;
        event("stalled %d", e);
    }
    arm_retry();
    return -1;
}

/* One record: "SEQ UNIX_MS RUN KIND DATA\n"; -1 when the store is stalled with a full buffer
   (the caller keeps the line for later). */
static int store_line(unsigned run, char kind, const char *data, size_t len, int cut, long long ms) {
    size_t need = RECORD_HEAD + len + (cut ? sizeof CUT_MARK : 0) + 1;
    /* A batch ends where the segment would pass its size, so that segments keep to it (but for
       one record larger than a segment, alone in its own). */
    unsigned long long seg = store.fd >= 0 ? store.segs[store.nsegs - 1].bytes : 0;
    if (store.len + need > sizeof store.buf || (store.len > 0 && seg + store.len + need > opt.segment_bytes)) {
        if (store_flush() != 0) return -1;
    }
    if (store.len == 0) store.buf_first = store.next_seq;
    char *p = store.buf + store.len;
    int h = snprintf(p, RECORD_HEAD, "%llu %lld %u %c ", store.next_seq, ms, run, kind);
    memcpy(p + h, data, len);
    size_t n = (size_t) h + len;
    if (cut) {
        memcpy(p + n, CUT_MARK, sizeof CUT_MARK - 1);
        n += sizeof CUT_MARK - 1;
    }
    p[n++] = '\n';
    store.len += n;
    store.next_seq++;
    return 0;
}

/* Deletes the segments whose lines the agent took (never the one being written). */
static void store_consumed(unsigned long long seq) {
    if (seq > store.consumed) store.consumed = seq;
    while (store.nsegs > 1 && store.segs[1].first - 1 <= store.consumed) {
        char name[32];
        snprintf(name, sizeof name, "%020llu.out", store.segs[0].first);
        unlinkat(dir_fd, name, 0);
        store.live_bytes -= store.segs[0].bytes;
        memmove(&store.segs[0], &store.segs[1], (size_t) (store.nsegs - 1) * sizeof *store.segs);
        store.nsegs--;
    }
}

/* ---- the runs' pipes ---- */

static void close_stream(struct stream *s) {
    close(s->fd);
    s->fd = -1;
    free(s->buf);
    s->buf = NULL;
    if (s->run == cur.run && --cur.open_streams == 0) {
        store_flush();
        cur.eof_seq = store.next_seq - 1;
        event("eof %u %llu", cur.run, cur.eof_seq);
    } else if (s->run != cur.run) {
        /* Lines of an older run stop here: no event, the agent moved on to the current run. */
        store_flush();
    }
}

/*
 * Hands the whole lines of s->buf[0, s->held) to the store, cutting a line that reached MAX_LINE
 * (and, at end of file, storing a last partial one). -1 when the store stalled: what is left stays
 * in the buffer, to be stored once the disk takes writes again.
 */
static int split(struct stream *s, long long ms) {
    size_t start = 0, end = s->held;
    for (size_t i = s->scanned; i < end; i++) {
        if (s->buf[i] == '\n') {
            if (store_line(s->run, s->kind, s->buf + start, i - start, 0, ms) != 0) goto stall;
            start = i + 1;
        }
    }
    size_t rest = end - start;
    if (rest > MAX_LINE) {
        if (store_line(s->run, s->kind, s->buf + start, MAX_LINE, 1, ms) != 0) goto stall;
        start += MAX_LINE;
        rest -= MAX_LINE;
    }
    if (s->eof && rest > 0) {
        if (store_line(s->run, s->kind, s->buf + start, rest, 0, ms) != 0) goto stall;
        rest = 0;
    }
    memmove(s->buf, s->buf + start, rest);
    s->held = rest;
    s->scanned = rest;
    return 0;
stall:
    memmove(s->buf, s->buf + start, end - start);
    s->held = end - start;
    s->scanned = 0;
    return -1;
}

/* Reads what the pipe holds now, unless the store is stalled; at end of file the pending partial
   line becomes a line and the stream closes. */
static void pump(struct stream *s, int until_empty) {
    long long ms = now_ms();
    for (;;) {
        if (stalled || backlogged) return;
        if (s->held > MAX_LINE && split(s, ms) != 0) return;
        if (!s->eof) {
            ssize_t n = read(s->fd, s->buf + s->held, MAX_LINE + 1 - s->held);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) break;
            if (n <= 0) s->eof = 1;
            else s->held += (size_t) n;
        }
        if (split(s, ms) != 0) return;
        if (s->eof) {
            if (store_flush() != 0) return;
            close_stream(s);
            return;
        }
        if (!until_empty) break;
    }
    store_flush();
}

/* The store takes writes again: the lines the streams kept meanwhile go in first. */
static void resume_streams(void) {
    for (int i = 0; i < MAX_STREAMS && !stalled && !backlogged; i++) {
        struct stream *s = &streams[i];
        if (s->fd < 0 || split(s, now_ms()) != 0) continue;
        if (s->eof && store_flush() == 0) close_stream(s);
    }
    store_flush();
}

static int add_stream(int fd, unsigned run, char kind) {
    struct stream *slot = NULL, *oldest = NULL;
    for (int i = 0; i < MAX_STREAMS; i++) {
        if (streams[i].fd < 0) { slot = &streams[i]; break; }
        if (oldest == NULL || streams[i].run < oldest->run) oldest = &streams[i];
    }
    if (slot == NULL) {
        /* Too many lingering writers: the oldest run's pipe goes (its writers get EPIPE). */
        pump(oldest, 1);
        if (oldest->fd >= 0) close_stream(oldest);
        slot = oldest;
    }
    slot->buf = malloc(MAX_LINE + 1);
    if (slot->buf == NULL) return -1;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    slot->fd = fd;
    slot->run = run;
    slot->kind = kind;
    slot->held = 0;
    slot->scanned = 0;
    slot->eof = 0;
    return 0;
}

/* ---- runs ---- */

/* The child's report: {errno, stage}; stage 0 at or before execve, 1 + i joining cgroups[i]. */
static void child_fail_at(int err_fd, int err, int stage) {
    int e[2] = { err, stage };
    while (write(err_fd, e, sizeof e) < 0 && errno == EINTR) {}
    _exit(111);
}

static void child_fail(int err_fd, int err) {
    child_fail_at(err_fd, err, 0);
}

/* Writes `text` to DIR/NAME in one write; 0 or an errno. */
static int write_cgroup_file(const char *dir, const char *name, const char *text) {
    char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t) n >= sizeof path) return ENAMETOOLONG;
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    ssize_t w;
    do { w = write(fd, text, strlen(text)); } while (w < 0 && errno == EINTR);
    int e = w < 0 ? errno : 0;
    close(fd);
    return e;
}

/* True while a process is left in the job's holder cgroup. */
static int cgroup_populated(void) {
    if (opt.ncgroups == 0) return 0;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/cgroup.procs", opt.cgroups[0]);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char c;
    ssize_t n = read(fd, &c, 1);
    close(fd);
    return n == 1;
}

/*
 * Kills every process in the job's holder cgroup: cgroup.kill where there is one (v2), else
 * freeze, SIGKILL each pid listed, thaw (v1 freezer; a frozen process dies once thawed).
 */
static void kill_cgroup(void) {
    if (opt.ncgroups == 0) return;
    const char *dir = opt.cgroups[0];
    if (write_cgroup_file(dir, "cgroup.kill", "1") == 0) return;
    int v2 = write_cgroup_file(dir, "cgroup.freeze", "1") == 0;
    if (!v2) write_cgroup_file(dir, "freezer.state", "FROZEN");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    for (int round = 0; round < 3; round++) {
        FILE *f = fopen(path, "re");
        if (f == NULL) break;
        int pid, any = 0;
        while (fscanf(f, "%d", &pid) == 1) {
            kill(pid, SIGKILL);
            any = 1;
        }
        fclose(f);
        if (!any) break;
    }
    if (v2) write_cgroup_file(dir, "cgroup.freeze", "0");
    else write_cgroup_file(dir, "freezer.state", "THAWED");
}

/*
 * Every signal back to its default. Through the system call itself: glibc's sigaction refuses
 * its two internal real-time signals (32 and 33), and an ignored one would stay ignored in the
 * job (the JVM that started this monitor may leave them so). A zeroed kernel sigaction is
 * SIG_DFL with no flags and an empty mask, whatever the architecture's layout.
 */
static void reset_signals(void) {
    unsigned long ksa[4] = { 0, 0, 0, 0 };
    for (int sig = 1; sig <= 64; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) syscall(SYS_rt_sigaction, sig, ksa, NULL, 8);
    }
}

/* In the forked child: the same set-up as dmonposix.c's spawn, then the program. */
static void child_exec(int out_fd, int err_fd, int report_fd) {
    reset_signals();
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* First, while still root: the job never runs a moment outside its cgroups. */
    for (int i = 0; i < opt.ncgroups; i++) {
        char pid[24];
        snprintf(pid, sizeof pid, "%d\n", (int) getpid());
        int e = write_cgroup_file(opt.cgroups[i], "cgroup.procs", pid);
        if (e != 0) child_fail_at(report_fd, e, 1 + i);
    }
    if (setpgid(0, 0) < 0) child_fail(report_fd, errno);
    int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_fd < 0) child_fail(report_fd, errno);
    /* The monitor's 0, 1 and 2 are /dev/null, so every pipe here is above 2. */
    if (dup2(null_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) child_fail(report_fd, errno);
    if (report_fd > 3) syscall(SYS_close_range, 3, report_fd - 1, 0);
    syscall(SYS_close_range, report_fd + 1, ~0U, 0);
    for (int i = 0; i < opt.nlimits; i++) {
        if (setrlimit(opt.limit_kind[i], &opt.limit_value[i]) < 0) child_fail(report_fd, errno);
    }
    if (opt.cwd != NULL && chdir(opt.cwd) < 0) child_fail(report_fd, errno);
    if (opt.set_ids) {
        if (setgroups((size_t) opt.ngroups, opt.groups) < 0) child_fail(report_fd, errno);
        if (setresgid(opt.gid, opt.gid, opt.gid) < 0) child_fail(report_fd, errno);
        if (setresuid(opt.uid, opt.uid, opt.uid) < 0) child_fail(report_fd, errno);
    }
    /* After the ids (changing them clears it): the run dies with its monitor, never orphaned
       and unsupervised, so a lost monitor's job is not run twice once the agent starts it anew. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) child_fail(report_fd, errno);
    if (getppid() != self_pid) _exit(111);
    umask(job_umask);
    extern char **environ;
    execve(opt.path, opt.argv, environ);
    child_fail(report_fd, errno);
}

/* Starts run `run`; 0, an errno when no process could be made, or minus the errno with which
   the child could not join its cgroups. */
static int start_run(unsigned run) {
    int out[2], err[2] = { -1, -1 }, rep[2];
    if (pipe2(out, O_CLOEXEC) < 0) return errno;
    if (!opt.join_stderr && pipe2(err, O_CLOEXEC) < 0) {
        int e = errno;
        close(out[0]); close(out[1]);
        return e;
    }
    if (pipe2(rep, O_CLOEXEC) < 0) {
        int e = errno;
        close(out[0]); close(out[1]);
        if (err[0] >= 0) { close(err[0]); close(err[1]); }
        return e;
    }
    pid_t pid = fork();
    if (pid == 0) child_exec(out[1], opt.join_stderr ? out[1] : err[1], rep[1]);
    int fork_errno = errno;
    close(out[1]);
    if (err[1] >= 0) close(err[1]);
    close(rep[1]);
    if (pid < 0) {
        close(out[0]);
        if (err[0] >= 0) close(err[0]);
        close(rep[0]);
        return fork_errno;
    }
    int child_err[2] = { 0, 0 };
    ssize_t r;
    do { r = read(rep[0], child_err, sizeof child_err); } while (r < 0 && errno == EINTR);
    close(rep[0]);
    if (r == (ssize_t) sizeof child_err && child_err[1] > 0) {
        /* Fail closed: it ran nothing, and is not a run. */
        close(out[0]);
        if (err[0] >= 0) close(err[0]);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        return -child_err[0];
    }
    memset(&cur, 0, sizeof cur);
    cur.run = run;
    cur.pid = pid;
    cur.exec_errno = r == (ssize_t) sizeof child_err ? child_err[0] : 0;
    cur.started_ms = now_ms();
    proc_stat(pid, NULL, NULL, &cur.start);
    if (add_stream(out[0], run, 'o') == 0) cur.open_streams++;
    else close(out[0]);
    if (err[0] >= 0) {
        if (add_stream(err[0], run, 'e') == 0) cur.open_streams++;
        else close(err[0]);
    }
    if (cur.open_streams == 0) cur.eof_seq = store.next_seq - 1;
    event("run %u %d %llu %d %lld", run, (int) pid, cur.start, cur.exec_errno, cur.started_ms);
    return 0;
}

static void reap(void) {
    int status;
    pid_t pid;
    /* A subreaper: the job's orphaned descendants come here to be reaped too. */
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == cur.pid && !cur.reaped) {
            cur.reaped = 1;
            cur.status = status;
            cur.exited_ms = now_ms();
            event("exit %u %d %lld", cur.run, status, cur.exited_ms);
        }
    }
}

static void arm_timer(long long ms) {
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = ms / 1000;
    its.it_value.tv_nsec = (ms % 1000) * 1000000 + (ms == 0 ? 1 : 0);
    timerfd_settime(timer_fd, 0, &its, NULL);
    stop_armed = 1;
}

/* TERM and CONT to the run's group now, KILL after the grace period if any of it is left. */
static void stop_run(long long grace_ms) {
    if (signal_group(SIGTERM) == 0) {
        signal_group(SIGCONT);
        arm_timer(grace_ms);
    } else if (cgroup_populated()) {
        /* The group is gone but what left it (setsid, a daemon) is still in the job's cgroup. */
        arm_timer(grace_ms);
    }
}

/* ---- ending ---- */

static void write_exit_file(void) {
    char lines[1024];
    int n = state_lines(lines, sizeof lines);
    int fd = openat(dir_fd, "exit.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return;
    int ok = write_all(fd, lines, (size_t) n) == 0;
    close(fd);
    if (ok) renameat(dir_fd, "exit.tmp", dir_fd, "exit");
}

static void finish(void) {
    /* Nothing of the job outlives its monitor. */
    kill_cgroup();
    /* Ending: what the disk still refuses is given up (counted as lost), not waited for. */
    ending = 1;
    stalled = 0;
    backlogged = 0;
    for (int i = 0; i < MAX_STREAMS; i++) {
        struct stream *s = &streams[i];
        if (s->fd >= 0) {
            pump(s, 1);
            if (s->fd >= 0) {
                s->eof = 1;
                split(s, now_ms());
                close_stream(s);
            }
        }
    }
    store_flush();
    flush_events();
    write_exit_file();
    unlink(sock_path);
    _exit(0);
}

/* Ends the monitor once its job is over: after quit, or after a TERM stopped the job. */
static void maybe_finish(void) {
    if (terminating && (cur.pid == 0 || cur.reaped) && (!stop_armed || (!group_alive() && !cgroup_populated())))
        finish();
}

/* ---- commands from the agent ---- */

static void protocol_error(const char *why) {
    event("error %s", why);
    flush_events();
    /* Closing with unread bytes would reset the connection and could lose the error line for
       the peer: discard what it sent, a bounded amount, first. */
    char sink[4096];
    for (int i = 0; i < 16 && client_fd >= 0 && recv(client_fd, sink, sizeof sink, MSG_DONTWAIT) > 0; i++) {}
    drop_client();
}

static void command(char *line, size_t len) {
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char) line[i] < 0x20 || (unsigned char) line[i] > 0x7e) {
            protocol_error("bad byte in command");
            return;
        }
    }
    line[len] = '\0';
    char *word = line, *arg = strchr(line, ' ');
    if (arg != NULL) *arg++ = '\0';
    if (arg != NULL && strchr(arg, ' ') != NULL) {
        protocol_error("too many words");
        return;
    }
    unsigned long long n = 0;
    int needs_arg = strcmp(word, "start") == 0 || strcmp(word, "signal") == 0 || strcmp(word, "group") == 0
                    || strcmp(word, "stop") == 0 || strcmp(word, "consumed") == 0;
    int no_arg = strcmp(word, "ping") == 0 || strcmp(word, "detach") == 0 || strcmp(word, "quit") == 0;
    if (!needs_arg && !no_arg) {
        protocol_error("unknown command");
        return;
    }
    if (needs_arg != (arg != NULL)) {
        protocol_error(needs_arg ? "missing number" : "unexpected argument");
        return;
    }
    if (needs_arg) {
        unsigned long long max = strcmp(word, "start") == 0 ? INT_MAX
                : strcmp(word, "stop") == 0 ? 3600000ULL
                : strcmp(word, "consumed") == 0 ? (unsigned long long) LLONG_MAX : 64;
        if (parse_num(arg, max, &n) != 0) {
            protocol_error("bad number");
            return;
        }
    }
    if (strcmp(word, "ping") == 0) {
        event("pong");
    } else if (strcmp(word, "detach") == 0) {
        event("bye");
        flush_events();
        drop_client();
    } else if (strcmp(word, "start") == 0) {
        if (n <= cur.run) {
            event("refused start order");
        } else if (cur.pid > 0 && !cur.reaped) {
            event("refused start running");
        } else if (terminating) {
            event("refused start ending");
        } else {
            int e = start_run((unsigned) n);
            if (e < 0) event("refused start cgroup-errno-%d", -e);
            else if (e != 0) event("refused start errno-%d", e);
            else event("ok start");
        }
    } else if (strcmp(word, "signal") == 0) {
        if (cur.pid <= 0 || cur.reaped) event("refused signal gone");
        else if (kill(cur.pid, (int) n) != 0) event("refused signal errno-%d", errno);
        else event("ok signal");
    } else if (strcmp(word, "group") == 0) {
        int e = signal_group((int) n);
        if (e == ESRCH) event("refused group gone");
        else if (e != 0) event("refused group errno-%d", e);
        else event("ok group");
    } else if (strcmp(word, "stop") == 0) {
        stop_run((long long) n);
        event("ok stop");
    } else if (strcmp(word, "consumed") == 0) {
        if (n >= store.next_seq) {
            protocol_error("consumed beyond the last line");
            return;
        }
        store_consumed(n);
        event("ok consumed");
    } else if (strcmp(word, "quit") == 0) {
        if ((cur.pid > 0 && !cur.reaped) || group_alive()) {
            event("refused quit running");
        } else {
            event("ok quit");
            terminating = 1;
            finish();
        }
    }
}

static void client_readable(void) {
    ssize_t n = recv(client_fd, inbuf + inlen, sizeof inbuf - inlen, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) {
        drop_client();
        return;
    }
    inlen += (size_t) n;
    for (;;) {
        char *nl = memchr(inbuf, '\n', inlen);
        if (nl == NULL) break;
        size_t len = (size_t) (nl - inbuf);
        command(inbuf, len);
        if (client_fd < 0) return;
        memmove(inbuf, nl + 1, inlen - len - 1);
        inlen -= len + 1;
    }
    if (inlen == sizeof inbuf) protocol_error("command too long");
}

static void accept_client(void) {
    int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0
        || (cred.uid != geteuid() && cred.uid != 0)) {
        close(fd);
        return;
    }
    /* One agent at a time: the newcomer takes over (the old one is gone or being replaced). */
    drop_client();
    client_fd = fd;
    /* The hello names this monitor by pid and start time, as its record does. */
    unsigned long long start = 0;
    proc_stat(self_pid, NULL, NULL, &start);
    event("hello %d %d %llu", PROTOCOL, (int) self_pid, start);
    send_state();
}

/* ---- start-up ---- */

static void die(int code, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "dmon-monitor: %s\n", msg);
    exit(code);
}

static void parse_ids(const char *text) {
    char buf[16 * MAX_GROUPS];
    if (strlen(text) >= sizeof buf) die(2, "--groups: too long");
    strcpy(buf, text);
    opt.ngroups = 0;
    if (buf[0] == '\0') return;
    for (char *tok = strtok(buf, ","); tok != NULL; tok = strtok(NULL, ",")) {
        unsigned long long g;
        if (opt.ngroups == MAX_GROUPS) die(2, "--groups: more than %d groups", MAX_GROUPS);
        if (parse_num(tok, UINT_MAX - 1, &g) != 0) die(2, "--groups: bad group id '%s'", tok);
        opt.groups[opt.ngroups++] = (gid_t) g;
    }
}

/* KIND:SOFT:HARD, -1 meaning unlimited. */
static void parse_limit(const char *text) {
    if (opt.nlimits == MAX_LIMITS) die(2, "--limit: more than %d limits", MAX_LIMITS);
    char buf[96];
    if (strlen(text) >= sizeof buf) die(2, "--limit: bad limit '%.40s...'", text);
    strcpy(buf, text);
    char *kind = buf, *soft = strchr(kind, ':'), *hard = soft ? strchr(soft + 1, ':') : NULL;
    if (soft == NULL || hard == NULL) die(2, "--limit: '%s' is not KIND:SOFT:HARD", text);
    *soft++ = '\0';
    *hard++ = '\0';
    unsigned long long k, s = 0, h = 0;
    if (parse_num(kind, RLIMIT_NLIMITS - 1, &k) != 0) die(2, "--limit: bad kind '%s'", kind);
    int s_inf = strcmp(soft, "-1") == 0, h_inf = strcmp(hard, "-1") == 0;
    if ((!s_inf && parse_num(soft, ULLONG_MAX - 1, &s) != 0) || (!h_inf && parse_num(hard, ULLONG_MAX - 1, &h) != 0))
        die(2, "--limit: bad value in '%s'", text);
    opt.limit_kind[opt.nlimits] = (int) k;
    opt.limit_value[opt.nlimits].rlim_cur = s_inf ? RLIM_INFINITY : (rlim_t) s;
    opt.limit_value[opt.nlimits].rlim_max = h_inf ? RLIM_INFINITY : (rlim_t) h;
    opt.nlimits++;
}

static void parse_options(int argc, char **argv) {
    int have_uid = 0, have_gid = 0, have_groups = 0, i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) { i++; break; }
        if (strcmp(a, "--join-stderr") == 0) { opt.join_stderr = 1; continue; }
        if (i + 1 >= argc) die(2, "missing value for %s", a);
        const char *v = argv[++i];
        unsigned long long n;
        if (strcmp(a, "--dir") == 0) opt.dir = v;
        else if (strcmp(a, "--path") == 0) opt.path = v;
        else if (strcmp(a, "--cwd") == 0) opt.cwd = v;
        else if (strcmp(a, "--cgroup") == 0) {
            if (opt.ncgroups == MAX_CGROUPS) die(2, "--cgroup: more than %d cgroups", MAX_CGROUPS);
            if (v[0] != '/') die(2, "--cgroup must be absolute: '%s'", v);
            opt.cgroups[opt.ncgroups++] = v;
        }
        else if (strcmp(a, "--uid") == 0) {
            if (parse_num(v, UINT_MAX - 1, &n) != 0) die(2, "--uid: bad user id '%s'", v);
            opt.uid = (uid_t) n;
            have_uid = 1;
        } else if (strcmp(a, "--gid") == 0) {
            if (parse_num(v, UINT_MAX - 1, &n) != 0) die(2, "--gid: bad group id '%s'", v);
            opt.gid = (gid_t) n;
            have_gid = 1;
        } else if (strcmp(a, "--groups") == 0) {
            parse_ids(v);
            have_groups = 1;
        } else if (strcmp(a, "--limit") == 0) parse_limit(v);
        else if (strcmp(a, "--store-bytes") == 0) {
            if (parse_num(v, 1ULL << 40, &n) != 0) die(2, "--store-bytes: bad size '%s'", v);
            opt.store_bytes = n;
        } else if (strcmp(a, "--segment-bytes") == 0) {
            if (parse_num(v, 1ULL << 30, &n) != 0 || n < 4096) die(2, "--segment-bytes: bad size '%s' (at least 4096)", v);
            opt.segment_bytes = n;
        } else die(2, "unknown option '%s'", a);
    }
    if (opt.dir == NULL) die(2, "--dir is required");
    if (opt.dir[0] != '/') die(2, "--dir must be absolute: '%s'", opt.dir);
    if (have_uid != have_gid || (have_groups && !have_uid)) die(2, "--uid and --gid go together (and --groups with them)");
    opt.set_ids = have_uid;
    if (i >= argc) die(2, "no command after --");
    if (argc - i >= MAX_ARGS) die(2, "more than %d arguments", MAX_ARGS);
    opt.argv = argv + i;
    if (opt.path == NULL) opt.path = opt.argv[0];
    if (opt.store_bytes < 2 * opt.segment_bytes) die(2, "--store-bytes must be at least twice --segment-bytes");
    if (opt.store_bytes / opt.segment_bytes > 65536) die(2, "--store-bytes over 65536 segments");
    int n = snprintf(sock_path, sizeof sock_path, "%s/sock", opt.dir);
    if (n < 0 || (size_t) n >= sizeof sock_path)
        die(2, "--dir too long for a socket path (%zu bytes at most): '%s'", sizeof sock_path - 6, opt.dir);
}

/* Makes DIR, takes its lock, and checks that no earlier monitor's files are in it. */
static void claim_dir(void) {
    if (mkdir(opt.dir, 0700) < 0 && errno != EEXIST) die(1, "cannot make %s: %s", opt.dir, strerror(errno));
    dir_fd = open(opt.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) die(1, "cannot open %s: %s", opt.dir, strerror(errno));
    int lock = openat(dir_fd, "lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0) die(1, "cannot make %s/lock: %s", opt.dir, strerror(errno));
    if (flock(lock, LOCK_EX | LOCK_NB) < 0) die(1, "%s is in use by another monitor", opt.dir);
    /* The lock's descriptor stays open (close-on-exec) for the monitor's whole life. */
    int scan = dup(dir_fd);
    DIR *d = scan < 0 ? NULL : fdopendir(scan);
    if (d == NULL) die(1, "cannot list %s: %s", opt.dir, strerror(errno));
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "lock")
            && strcmp(e->d_name, "sock") && strcmp(e->d_name, "monitor"))
            die(1, "%s holds an earlier monitor's files ('%s'): take them and empty it first", opt.dir, e->d_name);
    }
    closedir(d);
}

static int write_record(void) {
    char text[128];
    unsigned long long start = 0;
    if (proc_stat(self_pid, NULL, NULL, &start) != 0) return -1;
    int n = snprintf(text, sizeof text, "dmon-monitor %d %d %llu\n", PROTOCOL, (int) self_pid, start);
    int fd = openat(dir_fd, "monitor.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    int ok = write_all(fd, text, (size_t) n) == 0;
    close(fd);
    return ok && renameat(dir_fd, "monitor.tmp", dir_fd, "monitor") == 0 ? 0 : -1;
}

/* In the daemon: everything that must work before the caller is told the monitor is ready. */
static const char *become_monitor(char *why, size_t cap) {
    /* Nothing inherited from whoever started us: an ignored SIGCHLD would even reap the runs. */
    reset_signals();
    setsid();
    self_pid = getpid();
    self_sid = getsid(0);
    /* The job's descendants that lose their parent come to us, not to init. */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    retry_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (signal_fd < 0 || timer_fd < 0 || retry_fd < 0) {
        snprintf(why, cap, "signalfd/timerfd: %s", strerror(errno));
        return why;
    }
    store.cap = (int) (opt.store_bytes / opt.segment_bytes) + 2;
    store.segs = calloc((size_t) store.cap, sizeof *store.segs);
    if (store.segs == NULL) { snprintf(why, cap, "out of memory"); return why; }
    for (int i = 0; i < MAX_STREAMS; i++) streams[i].fd = -1;

    listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (listen_fd < 0) { snprintf(why, cap, "socket: %s", strerror(errno)); return why; }
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, sock_path, strlen(sock_path));
    unlink(sock_path);  /* a dead monitor's: we hold the lock */
    /* Created 0600 at once: no moment in which another user could connect. */
    mode_t old = umask(0177);
    int r = bind(listen_fd, (struct sockaddr *) &addr, sizeof addr);
    umask(old);
    if (r < 0 || listen(listen_fd, 8) < 0) { snprintf(why, cap, "cannot listen on %s: %s", sock_path, strerror(errno)); return why; }
    if (write_record() != 0) { snprintf(why, cap, "cannot write %s/monitor: %s", opt.dir, strerror(errno)); return why; }
    if (chdir("/") < 0) { snprintf(why, cap, "chdir /: %s", strerror(errno)); return why; }
    int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(null_fd, 1) < 0 || dup2(null_fd, 2) < 0) {
        snprintf(why, cap, "/dev/null: %s", strerror(errno));
        return why;
    }
    if (null_fd > 2) close(null_fd);
    return NULL;
}

static void loop(void) {
    for (;;) {
        struct pollfd p[5 + MAX_STREAMS];
        int n = 0;
        p[n++] = (struct pollfd) { .fd = signal_fd, .events = POLLIN };
        p[n++] = (struct pollfd) { .fd = timer_fd, .events = POLLIN };
        p[n++] = (struct pollfd) { .fd = listen_fd, .events = POLLIN };
        p[n++] = (struct pollfd) { .fd = client_fd, .events = (short) (POLLIN | (evlen > 0 ? POLLOUT : 0)) };
        /* While the store is stalled or backlogged the pipes are left unread: the job waits on them. */
        for (int i = 0; i < MAX_STREAMS; i++)
            p[n++] = (struct pollfd) { .fd = stalled || backlogged ? -1 : streams[i].fd, .events = POLLIN };
        p[n++] = (struct pollfd) { .fd = retry_fd, .events = POLLIN };
        if (poll(p, (nfds_t) n, -1) < 0) {
            if (errno == EINTR) continue;
            _exit(3);
        }
        for (int i = 0; i < MAX_STREAMS; i++) {
            if (streams[i].fd >= 0 && p[4 + i].revents) pump(&streams[i], 0);
        }
        if (p[4 + MAX_STREAMS].revents) {
            unsigned long long ticks;
            if (read(retry_fd, &ticks, sizeof ticks) > 0 && store_flush() == 0) resume_streams();
        }
        if (p[0].revents) {
            struct signalfd_siginfo si;
            while (read(signal_fd, &si, sizeof si) == (ssize_t) sizeof si) {
                if (si.ssi_signo == SIGCHLD) {
                    reap();
                } else if (!terminating) {
                    terminating = 1;
                    stop_run(TERM_GRACE_MS);
                }
            }
        }
        if (p[1].revents) {
            unsigned long long ticks;
            if (read(timer_fd, &ticks, sizeof ticks) > 0) {
                stop_armed = 0;
                signal_group(SIGKILL);
                kill_cgroup();
            }
        }
        if (client_fd >= 0 && p[3].fd == client_fd && (p[3].revents & (POLLIN | POLLHUP | POLLERR))) client_readable();
        if (p[2].revents) accept_client();
        /* The agent took lines, or went away: the store may take the waiting ones now. */
        if (backlogged && !stalled && store_flush() == 0) resume_streams();
        flush_events();
        /* At most one output event unread at a time: a chatty job costs the agent one line per
           batch it reads, not one per line. A pending one goes once the socket drained. */
        if (output_dirty && evlen == 0 && client_fd >= 0) {
            event("output %llu %llu %llu %llu", stored_seq(), store.total_bytes, store.dropped, store.lost);
            output_dirty = 0;
            flush_events();
        }
        maybe_finish();
    }
}

int main(int argc, char **argv) {
    /* Descriptors the starter leaked (a shell's, a pipe it waits on) would live as long as we do. */
    syscall(SYS_close_range, 3, ~0U, 0);
    parse_options(argc, argv);
    job_umask = umask(077);
    claim_dir();
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) < 0) die(1, "pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) die(1, "fork: %s", strerror(errno));
    if (pid > 0) {
        /* The caller's process: say whether the monitor is ready, then leave it to itself. */
        close(ready[1]);
        char msg[600];
        size_t len = 0;
        ssize_t r;
        while (len < sizeof msg - 1 && ((r = read(ready[0], msg + len, sizeof msg - 1 - len)) > 0 || (r < 0 && errno == EINTR)))
            if (r > 0) len += (size_t) r;
        msg[len] = '\0';
        if (strncmp(msg, "ok ", 3) == 0) {
            fputs(msg + 3, stdout);
            return fflush(stdout) == 0 ? 0 : 1;
        }
        if (len == 0) die(1, "the monitor ended while starting");
        die(1, "%s", msg);
    }
    close(ready[0]);
    char why[512];
    const char *failed = become_monitor(why, sizeof why);
    if (failed != NULL) {
        write_all(ready[1], failed, strlen(failed));
        unlink(sock_path);
        _exit(1);
    }
    unsigned long long start = 0;
    proc_stat(self_pid, NULL, NULL, &start);
    char ok[64];
    int n = snprintf(ok, sizeof ok, "ok %d %llu\n", (int) self_pid, start);
    write_all(ready[1], ok, (size_t) n);
    close(ready[1]);
    loop();
    return 0;
}
