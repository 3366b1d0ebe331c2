/*
 * dmonposix.c: the few POSIX calls the JDK cannot make, for io.dmon.agent.process.Posix.
 *
 * Why our own JNI instead of jnr-posix: loading jnr-posix costs 250-450 ms and ~20 MB of
 * resident memory in a JVM whose whole start-up budget is 100 ms and whose RSS budget is
 * 32 MB; and posix_spawn, the only spawn path jnr-posix offers that is safe in a JVM, cannot
 * set credentials, resource limits or a working directory in the child. vfork + execve, as
 * the JDK's own ProcessBuilder does, can.
 *
 * Rules in the vfork child (it shares the JVM's memory until execve): no malloc, no locks,
 * no glibc wrappers that touch other threads (setuid & co. broadcast to every thread of the
 * parent, so credentials go through raw syscalls), only async-signal-safe calls.
 *
 * One error convention: a call that fails throws io.dmon.agent.process.PosixException with the
 * errno and the call's name, through fail() and nothing else; its return value is then
 * meaningless. What is an answer rather than a failure stays a return value: an unknown user or
 * group, no datagram within the timeout, and the errno with which a spawned child failed to
 * run its program (the child exists and must still be reaped).
 */
#define _GNU_SOURCE 1
#include <jni.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

#define MAX_ARGS 4096
#define MAX_LIMITS 32
#define MAX_GROUPS 1024
#define MAX_CGROUPS 8

static void fail(JNIEnv *env, int err, const char *what) {
    jclass cls = (*env)->FindClass(env, "io/dmon/agent/process/PosixException");
    if (cls == NULL) return;
    jmethodID ctor = (*env)->GetMethodID(env, cls, "<init>", "(ILjava/lang/String;)V");
    if (ctor == NULL) return;
    jstring msg = (*env)->NewStringUTF(env, what);
    jobject ex = (*env)->NewObject(env, cls, ctor, (jint) err, msg);
    if (ex != NULL) (*env)->Throw(env, (jthrowable) ex);
}

/* Copies a Java byte[][] of NUL-terminated strings into a malloc'd char*[]; NULL on failure. */
static char **to_cstrings(JNIEnv *env, jobjectArray arr, jbyteArray **pins, jbyte ***bufs) {
    jsize n = (*env)->GetArrayLength(env, arr);
    if (n >= MAX_ARGS) return NULL;
    char **out = calloc((size_t) n + 1, sizeof(char *));
    *pins = calloc((size_t) n + 1, sizeof(jbyteArray));
    *bufs = calloc((size_t) n + 1, sizeof(jbyte *));
    if (!out || !*pins || !*bufs) return NULL;
    for (jsize i = 0; i < n; i++) {
        jbyteArray b = (jbyteArray) (*env)->GetObjectArrayElement(env, arr, i);
        (*pins)[i] = b;
        (*bufs)[i] = (*env)->GetByteArrayElements(env, b, NULL);
        out[i] = (char *) (*bufs)[i];
    }
    out[n] = NULL;
    return out;
}

static void release_cstrings(JNIEnv *env, jobjectArray arr, char **strs, jbyteArray *pins, jbyte **bufs) {
    if (arr != NULL && pins != NULL && bufs != NULL) {
        jsize n = (*env)->GetArrayLength(env, arr);
        for (jsize i = 0; i < n; i++) {
            if (bufs[i]) (*env)->ReleaseByteArrayElements(env, pins[i], bufs[i], JNI_ABORT);
            if (pins[i]) (*env)->DeleteLocalRef(env, pins[i]);
        }
    }
    free(strs);
    free(pins);
    free(bufs);
}

struct child_setup {
    const char *path;
    char **argv;
    char **envp;
    int fds[3];
    int pgroup;         /* 0: stay in ours; 1: new process group; 2: new session */
    const char *cwd;
    int set_ids;
    uid_t uid;
    gid_t gid;
    int ngroups;
    gid_t groups[MAX_GROUPS];
    int nlimits;
    int limit_kind[MAX_LIMITS];
    struct rlimit limit_value[MAX_LIMITS];
    int ncgroups;
    const char *cgroup_procs[MAX_CGROUPS];  /* cgroup.procs files the child joins before anything else */
    int err_fd;
};

/* What the child reports on its error pipe: the errno, where it failed (0: at or before execve;
   1 + i: joining cgroup_procs[i]). */
static void child_fail_at(int err_fd, int err, int stage) {
    int e[2] = { err, stage };
    while (write(err_fd, e, sizeof e) < 0 && errno == EINTR) {}
    _exit(111);
}

static void child_fail(int err_fd, int err) {
    child_fail_at(err_fd, err, 0);
}

/*
 * Moves the calling process into the cgroup whose cgroup.procs file is `file`, by writing its own
 * pid there (async-signal-safe: no stdio, no malloc). Returns 0 or an errno.
 */
static int join_cgroup(const char *file) {
    char digits[16];
    int n = 0;
    long pid = syscall(SYS_getpid);
    char rev[16];
    do { rev[n++] = (char) ('0' + pid % 10); pid /= 10; } while (pid > 0 && n < 15);
    for (int i = 0; i < n; i++) digits[i] = rev[n - 1 - i];
    digits[n] = '\n';
    int fd = open(file, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    ssize_t w;
    do { w = write(fd, digits, (size_t) n + 1); } while (w < 0 && errno == EINTR);
    int err = w < 0 ? errno : 0;
    close(fd);
    return err;
}

/* Runs in the vfork child: see the rules at the top of the file. */
static void child_exec(struct child_setup *s) {
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &dfl, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    /* First of all, while still root: a job never runs a moment outside the cgroups it was given. */
    for (int i = 0; i < s->ncgroups; i++) {
        int e = join_cgroup(s->cgroup_procs[i]);
        if (e != 0) child_fail_at(s->err_fd, e, 1 + i);
    }

    if (s->pgroup == 2) {
        if (setsid() < 0) child_fail(s->err_fd, errno);
    } else if (s->pgroup == 1) {
        if (setpgid(0, 0) < 0) child_fail(s->err_fd, errno);
    }

    /* Move descriptors out of 0..2 first so that dup2 never clobbers one still needed. */
    int moved[3];
    for (int i = 0; i < 3; i++) {
        int fd = s->fds[i];
        if (fd < 0) {
            fd = open("/dev/null", O_RDWR | O_CLOEXEC);
            if (fd < 0) child_fail(s->err_fd, errno);
        }
        if (fd < 3 && fd != i) {
            fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
            if (fd < 0) child_fail(s->err_fd, errno);
        }
        moved[i] = fd;
    }
    for (int i = 0; i < 3; i++) {
        if (moved[i] == i) {
            int flags = fcntl(i, F_GETFD);
            if (flags >= 0) fcntl(i, F_SETFD, flags & ~FD_CLOEXEC);
        } else if (dup2(moved[i], i) < 0) {
            child_fail(s->err_fd, errno);
        }
    }
    /* Everything above 2 goes, except the error pipe (close-on-exec already). */
    int err_fd = s->err_fd;
    if (err_fd > 3 && syscall(SYS_close_range, 3, err_fd - 1, 0) == 0 &&
        syscall(SYS_close_range, err_fd + 1, ~0U, 0) == 0) {
        /* closed */
    } else {
        long max = sysconf(_SC_OPEN_MAX);
        if (max < 0 || max > 65536) max = 65536;
        for (int fd = 3; fd < max; fd++) if (fd != err_fd) close(fd);
    }

    for (int i = 0; i < s->nlimits; i++) {
        if (setrlimit(s->limit_kind[i], &s->limit_value[i]) < 0) child_fail(s->err_fd, errno);
    }
    if (s->cwd != NULL && chdir(s->cwd) < 0) child_fail(s->err_fd, errno);
    if (s->set_ids) {
        if (syscall(SYS_setgroups, s->ngroups, s->groups) < 0) child_fail(s->err_fd, errno);
        if (syscall(SYS_setresgid, s->gid, s->gid, s->gid) < 0) child_fail(s->err_fd, errno);
        if (syscall(SYS_setresuid, s->uid, s->uid, s->uid) < 0) child_fail(s->err_fd, errno);
    }
    execve(s->path, s->argv, s->envp);
    child_fail(s->err_fd, errno);
}

/*
 * Returns the child's pid. result[0] receives 0, or the errno that made the child fail before
 * or at execve (the child then exits 111, as DMon's does, and must still be reaped); result[1]
 * 0 when that was at or before execve, 1 + i when the child could not join cgroups[i].
 */
JNIEXPORT jint JNICALL Java_io_dmon_agent_process_Posix_spawn0(
        JNIEnv *env, jclass cls, jbyteArray path, jobjectArray argv, jobjectArray envp,
        jintArray fds, jint pgroup, jbyteArray cwd, jintArray ids, jlongArray limits, jobjectArray cgroups,
        jintArray result) {
    (void) cls;
    /* Heap, not stack: the setup is large and the child runs on our stack. */
    struct child_setup *sp = calloc(1, sizeof *sp);
    if (sp == NULL) { fail(env, ENOMEM, "spawn"); return -1; }

    jbyteArray *apins = NULL, *epins = NULL, *cpins = NULL;
    jbyte **abufs = NULL, **ebufs = NULL, **cbufs = NULL;
    jbyte *pathb = (*env)->GetByteArrayElements(env, path, NULL);
    jbyte *cwdb = cwd ? (*env)->GetByteArrayElements(env, cwd, NULL) : NULL;
    char **cargv = to_cstrings(env, argv, &apins, &abufs);
    char **cenvp = to_cstrings(env, envp, &epins, &ebufs);
    char **ccg = NULL;
    jint pid = -1;
    int err = 0;
    if (cargv == NULL || cenvp == NULL) { err = E2BIG; goto out; }
    if (cgroups != NULL) {
        if ((*env)->GetArrayLength(env, cgroups) > MAX_CGROUPS) { err = EINVAL; goto out; }
        ccg = to_cstrings(env, cgroups, &cpins, &cbufs);
        if (ccg == NULL) { err = ENOMEM; goto out; }
        for (int i = 0; ccg[i] != NULL; i++) sp->cgroup_procs[sp->ncgroups++] = ccg[i];
    }

    sp->path = (const char *) pathb;
    sp->argv = cargv;
    sp->envp = cenvp;
    jint cfds[3];
    (*env)->GetIntArrayRegion(env, fds, 0, 3, cfds);
    for (int i = 0; i < 3; i++) sp->fds[i] = cfds[i];
    sp->pgroup = pgroup;
    sp->cwd = (const char *) cwdb;
    if (ids != NULL) {
        jsize n = (*env)->GetArrayLength(env, ids);
        if (n < 2 || n - 2 > MAX_GROUPS) { err = EINVAL; goto out; }
        jint *idv = (*env)->GetIntArrayElements(env, ids, NULL);
        sp->set_ids = 1;
        sp->uid = (uid_t) idv[0];
        sp->gid = (gid_t) idv[1];
        sp->ngroups = n - 2;
        for (int i = 0; i < n - 2; i++) sp->groups[i] = (gid_t) idv[i + 2];
        (*env)->ReleaseIntArrayElements(env, ids, idv, JNI_ABORT);
    }
    if (limits != NULL) {
        jsize n = (*env)->GetArrayLength(env, limits);
        if (n % 3 != 0 || n / 3 > MAX_LIMITS) { err = EINVAL; goto out; }
        jlong *lv = (*env)->GetLongArrayElements(env, limits, NULL);
        sp->nlimits = n / 3;
        for (int i = 0; i < sp->nlimits; i++) {
            sp->limit_kind[i] = (int) lv[3 * i];
            sp->limit_value[i].rlim_cur = lv[3 * i + 1] < 0 ? RLIM_INFINITY : (rlim_t) lv[3 * i + 1];
            sp->limit_value[i].rlim_max = lv[3 * i + 2] < 0 ? RLIM_INFINITY : (rlim_t) lv[3 * i + 2];
        }
        (*env)->ReleaseLongArrayElements(env, limits, lv, JNI_ABORT);
    }

    int errpipe[2];
    if (pipe2(errpipe, O_CLOEXEC) < 0) { err = errno; goto out; }
    sp->err_fd = errpipe[1];

    /* No JVM signal handler may run in the child while it shares our memory. */
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    pid = vfork();
    if (pid == 0) {
        child_exec(sp);
        _exit(111);
    }
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    close(errpipe[1]);
    if (pid < 0) {
        close(errpipe[0]);
        err = fork_errno;
        goto out;
    }
    int child_err[2] = { 0, 0 };
    ssize_t r;
    do { r = read(errpipe[0], child_err, sizeof child_err); } while (r < 0 && errno == EINTR);
    close(errpipe[0]);
    int got = r == (ssize_t) sizeof child_err;
    jint res[2] = { got ? child_err[0] : 0, got ? child_err[1] : 0 };
    (*env)->SetIntArrayRegion(env, result, 0, 2, res);

out:
    if (pathb) (*env)->ReleaseByteArrayElements(env, path, pathb, JNI_ABORT);
    if (cwdb) (*env)->ReleaseByteArrayElements(env, cwd, cwdb, JNI_ABORT);
    release_cstrings(env, argv, cargv, apins, abufs);
    release_cstrings(env, envp, cenvp, epins, ebufs);
    if (cgroups != NULL) release_cstrings(env, cgroups, ccg, cpins, cbufs);
    free(sp);
    if (err != 0) {
        fail(env, err, "spawn");
        return -1;
    }
    return pid;
}

/* Blocks until the child changes state; returns the raw wait status. */
JNIEXPORT jint JNICALL Java_io_dmon_agent_process_Posix_waitpid0(JNIEnv *env, jclass cls, jint pid) {
    (void) cls;
    int status;
    for (;;) {
        pid_t r = waitpid((pid_t) pid, &status, 0);
        if (r == pid) return status;
        if (r < 0 && errno != EINTR) {
            fail(env, errno, "waitpid");
            return -1;
        }
    }
}

/*
 * Blocks until the child has exited but leaves it a zombie, so its pid cannot be reused until
 * reap: signalling it stays safe right up to the moment we reap.
 */
JNIEXPORT void JNICALL Java_io_dmon_agent_process_Posix_awaitExit0(JNIEnv *env, jclass cls, jint pid) {
    (void) cls;
    siginfo_t info;
    for (;;) {
        memset(&info, 0, sizeof info);
        if (waitid(P_PID, (id_t) pid, &info, WEXITED | WNOWAIT) == 0) return;
        if (errno != EINTR) { fail(env, errno, "waitid"); return; }
    }
}

JNIEXPORT void JNICALL Java_io_dmon_agent_process_Posix_kill0(JNIEnv *env, jclass cls, jint pid, jint sig) {
    (void) cls;
    if (kill((pid_t) pid, sig) < 0) fail(env, errno, "kill");
}

JNIEXPORT void JNICALL Java_io_dmon_agent_process_Posix_pipe0(JNIEnv *env, jclass cls, jintArray out) {
    (void) cls;
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) { fail(env, errno, "pipe"); return; }
    jint v[2] = { p[0], p[1] };
    (*env)->SetIntArrayRegion(env, out, 0, 2, v);
}

/* Returns the size granted. */
JNIEXPORT jint JNICALL Java_io_dmon_agent_process_Posix_setPipeSize0(JNIEnv *env, jclass cls, jint fd, jint size) {
    (void) cls;
    int r = fcntl(fd, F_SETPIPE_SZ, size);
    if (r < 0) fail(env, errno, "fcntl F_SETPIPE_SZ");
    return r;
}

/* Bytes waiting in a pipe (FIONREAD). */
JNIEXPORT jint JNICALL Java_io_dmon_agent_process_Posix_bytesAvailable0(JNIEnv *env, jclass cls, jint fd) {
    (void) cls;
    int n = 0;
    if (ioctl(fd, FIONREAD, &n) < 0) fail(env, errno, "ioctl FIONREAD");
    return n;
}

/*
 * Reports nothing, the one exception to fail(): Linux releases the descriptor whatever close(2)
 * returns (EINTR and EIO included), so a caller has nothing to retry or undo, and retrying could
 * close a descriptor another thread has just been given.
 */
JNIEXPORT void JNICALL Java_io_dmon_agent_process_Posix_close0(JNIEnv *env, jclass cls, jint fd) {
    (void) env; (void) cls;
    close(fd);
}

/* Wraps a raw descriptor in a java.io.FileDescriptor so the JDK's streams and channels can use it. */
JNIEXPORT jobject JNICALL Java_io_dmon_agent_process_Posix_fileDescriptor0(JNIEnv *env, jclass cls, jint fd) {
    (void) cls;
    jclass fdc = (*env)->FindClass(env, "java/io/FileDescriptor");
    if (fdc == NULL) return NULL;
    jmethodID ctor = (*env)->GetMethodID(env, fdc, "<init>", "()V");
    jfieldID field = (*env)->GetFieldID(env, fdc, "fd", "I");
    if (ctor == NULL || field == NULL) return NULL;
    jobject obj = (*env)->NewObject(env, fdc, ctor);
    if (obj != NULL) (*env)->SetIntField(env, obj, field, fd);
    return obj;
}

/* Ends the process now: the JVM's own exit waits up to 300 ms for threads blocked in native calls. */
JNIEXPORT void JNICALL Java_io_dmon_agent_process_Posix_exit0(JNIEnv *env, jclass cls, jint status) {
    (void) env; (void) cls;
    _exit(status);
}

JNIEXPORT jint JNICALL Java_io_dmon_agent_process_Posix_getpid0(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return getpid();
}

JNIEXPORT jint JNICALL Java_io_dmon_agent_process_Posix_geteuid0(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return (jint) geteuid();
}

JNIEXPORT jint JNICALL Java_io_dmon_agent_process_Posix_isatty0(JNIEnv *env, jclass cls, jint fd) {
    (void) env; (void) cls;
    return isatty(fd);
}

/*
 * Looks a user up in the system's databases (NSS). Returns {uid, gid, supplementary groups
 * (initgroups semantics, via getgrouplist)...} or null when unknown. An error of the lookup reads
 * as unknown, not as a failure: getpwnam_r(3) lists ENOENT, ESRCH, EBADF and EPERM as what some
 * NSS back ends return for a name they do not have.
 */
JNIEXPORT jintArray JNICALL Java_io_dmon_agent_process_Posix_lookupUser0(JNIEnv *env, jclass cls, jstring name, jint uidOrMinus) {
    (void) cls;
    struct passwd pw, *res = NULL;
    char buf[16384];
    int rc;
    if (name != NULL) {
        const char *n = (*env)->GetStringUTFChars(env, name, NULL);
        rc = getpwnam_r(n, &pw, buf, sizeof buf, &res);
        (*env)->ReleaseStringUTFChars(env, name, n);
    } else {
        rc = getpwuid_r((uid_t) uidOrMinus, &pw, buf, sizeof buf, &res);
    }
    if (rc != 0 || res == NULL) return NULL;
    gid_t groups[MAX_GROUPS];
    int ng = MAX_GROUPS;
    if (getgrouplist(pw.pw_name, pw.pw_gid, groups, &ng) < 0) ng = 0;
    jintArray out = (*env)->NewIntArray(env, 2 + ng);
    if (out == NULL) return NULL;
    jint head[2] = { (jint) pw.pw_uid, (jint) pw.pw_gid };
    (*env)->SetIntArrayRegion(env, out, 0, 2, head);
    for (int i = 0; i < ng; i++) {
        jint g = (jint) groups[i];
        (*env)->SetIntArrayRegion(env, out, 2 + i, 1, &g);
    }
    return out;
}

/* Returns the gid of a group name, or -1 when unknown (an error of the lookup too, as above). */
JNIEXPORT jint JNICALL Java_io_dmon_agent_process_Posix_lookupGroup0(JNIEnv *env, jclass cls, jstring name) {
    (void) cls;
    struct group gr, *res = NULL;
    char buf[16384];
    const char *n = (*env)->GetStringUTFChars(env, name, NULL);
    int rc = getgrnam_r(n, &gr, buf, sizeof buf, &res);
    (*env)->ReleaseStringUTFChars(env, name, n);
    return (rc != 0 || res == NULL) ? -1 : (jint) gr.gr_gid;
}

/*
 * Replaces this process with another program (denv). Returns only on failure, having thrown.
 * Signals whose bit (1 << (sig - 1)) is set in `ignored` start ignored in the new program, as
 * SIG_IGN survives a plain execve: the caller passes the ones that were ignored before the JVM
 * started (nohup's HUP), which the JVM cannot tell apart from its own settings at this point.
 */
JNIEXPORT void JNICALL Java_io_dmon_agent_process_Posix_execve0(JNIEnv *env, jclass cls, jbyteArray path, jobjectArray argv, jobjectArray envp, jlong ignored) {
    (void) cls;
    jbyteArray *apins = NULL, *epins = NULL;
    jbyte **abufs = NULL, **ebufs = NULL;
    jbyte *p = (*env)->GetByteArrayElements(env, path, NULL);
    char **cargv = to_cstrings(env, argv, &apins, &abufs);
    char **cenvp = to_cstrings(env, envp, &epins, &ebufs);
    int e = E2BIG;
    if (cargv != NULL && cenvp != NULL) {
        /* The JVM blocks and handles signals its own way; the new program starts clean. */
        struct sigaction dfl, ign;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        memset(&ign, 0, sizeof ign);
        ign.sa_handler = SIG_IGN;
        for (int sig = 1; sig < NSIG; sig++) {
            if (sig != SIGKILL && sig != SIGSTOP && sig != SIGSEGV && sig != SIGBUS && sig != SIGFPE && sig != SIGILL) {
                int keep = sig <= 64 && (((unsigned long long) ignored >> (sig - 1)) & 1ULL);
                sigaction(sig, keep ? &ign : &dfl, NULL);
            }
        }
        sigset_t none;
        sigemptyset(&none);
        pthread_sigmask(SIG_SETMASK, &none, NULL);
        execve((const char *) p, cargv, cenvp);
        e = errno;
    }
    (*env)->ReleaseByteArrayElements(env, path, p, JNI_ABORT);
    release_cstrings(env, argv, cargv, apins, abufs);
    release_cstrings(env, envp, cenvp, epins, ebufs);
    fail(env, e, "execve");
}

/* Sets FD_CLOEXEC on a descriptor (denv: the JVM's own files must not leak into the program). */
JNIEXPORT void JNICALL Java_io_dmon_agent_process_Posix_setCloseOnExec0(JNIEnv *env, jclass cls, jint fd) {
    (void) cls;
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0 || fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0) fail(env, errno, "fcntl F_SETFD");
}

/* ---- signals: a self-pipe, so Java reads signal numbers from a descriptor ---- */

static int signal_pipe_w = -1;

static void on_signal(int sig) {
    int saved = errno;
    unsigned char b = (unsigned char) sig;
    ssize_t r = write(signal_pipe_w, &b, 1);
    (void) r;
    errno = saved;
}

/*
 * Routes the given signals to a pipe and returns its read end. Replaces the JVM's own handlers
 * for them (the JVM keeps SIGQUIT for thread dumps and refuses sun.misc.Signal for it, but dmon
 * -s must forward QUIT like DMon does).
 */
JNIEXPORT jint JNICALL Java_io_dmon_agent_process_Posix_routeSignals0(JNIEnv *env, jclass cls, jintArray signals) {
    (void) cls;
    if (signal_pipe_w < 0) {
        int p[2];
        if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) { fail(env, errno, "pipe"); return -1; }
        /* Reads block in Java; only the write end must never block inside a handler. */
        fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) & ~O_NONBLOCK);
        signal_pipe_w = p[1];
        jsize n = (*env)->GetArrayLength(env, signals);
        jint *sv = (*env)->GetIntArrayElements(env, signals, NULL);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sa.sa_flags = SA_RESTART;
        sigfillset(&sa.sa_mask);
        int err = 0;
        for (jsize i = 0; i < n; i++) {
            if (sigaction(sv[i], &sa, NULL) < 0) err = errno;
        }
        (*env)->ReleaseIntArrayElements(env, signals, sv, JNI_ABORT);
        if (err != 0) { fail(env, err, "sigaction"); return -1; }
        return p[0];
    }
    fail(env, EBUSY, "route signals (already routed)");
    return -1;
}

/* ---- AF_UNIX datagrams, for dslog (syslog's /dev/log) ---- */

JNIEXPORT jint JNICALL Java_io_dmon_agent_process_Posix_unixDatagramSocket0(JNIEnv *env, jclass cls) {
    (void) cls;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) fail(env, errno, "socket");
    return fd;
}

/* The address of path; ENAMETOOLONG when it does not fit (or is empty). */
/* A path whose first byte is NUL names an abstract socket (Linux): its length is exactly the name's,
 * so the address is not padded with NULs (which would be part of the name). */
static int fill_addr(JNIEnv *env, jbyteArray path, struct sockaddr_un *addr, socklen_t *len) {
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    jsize n = (*env)->GetArrayLength(env, path);
    if (n <= 0 || (size_t) n >= sizeof addr->sun_path) return ENAMETOOLONG;
    (*env)->GetByteArrayRegion(env, path, 0, n, (jbyte *) addr->sun_path);
    *len = addr->sun_path[0] == '\0' ? (socklen_t) (offsetof(struct sockaddr_un, sun_path) + (size_t) n)
                                     : (socklen_t) sizeof *addr;
    return 0;
}

/* fail() for a call on a socket path: the message names the path (cut at 200 bytes), as in "bind /dev/log". */
static void fail_at(JNIEnv *env, int err, const char *call, jbyteArray path) {
    char name[201] = { 0 };
    jsize n = (*env)->GetArrayLength(env, path);
    (*env)->GetByteArrayRegion(env, path, 0, n < 200 ? n : 200, (jbyte *) name);
    if (n > 0 && name[0] == '\0') name[0] = '@'; /* an abstract name, as systemd writes it */
    char what[240];
    snprintf(what, sizeof what, "%s %s", call, name);
    fail(env, err, what);
}

JNIEXPORT void JNICALL Java_io_dmon_agent_process_Posix_unixDatagramSend0(JNIEnv *env, jclass cls, jint fd, jbyteArray path, jbyteArray buf, jint len) {
    (void) cls;
    struct sockaddr_un addr;
    socklen_t addrlen;
    int e = fill_addr(env, path, &addr, &addrlen);
    if (e) { fail_at(env, e, "send to", path); return; }
    jbyte *b = (*env)->GetByteArrayElements(env, buf, NULL);
    ssize_t r;
    do { r = sendto(fd, b, (size_t) len, 0, (struct sockaddr *) &addr, addrlen); } while (r < 0 && errno == EINTR);
    e = r < 0 ? errno : 0;
    (*env)->ReleaseByteArrayElements(env, buf, b, JNI_ABORT);
    if (e) fail_at(env, e, "send to", path);
}

JNIEXPORT void JNICALL Java_io_dmon_agent_process_Posix_unixDatagramBind0(JNIEnv *env, jclass cls, jint fd, jbyteArray path) {
    (void) cls;
    struct sockaddr_un addr;
    socklen_t addrlen;
    int e = fill_addr(env, path, &addr, &addrlen);
    if (e == 0 && bind(fd, (struct sockaddr *) &addr, addrlen) < 0) e = errno;
    if (e) fail_at(env, e, "bind", path);
}

/* Receives one datagram; returns its length, or -1 when none came within the timeout. */
JNIEXPORT jint JNICALL Java_io_dmon_agent_process_Posix_unixDatagramReceive0(JNIEnv *env, jclass cls, jint fd, jbyteArray buf, jint timeoutMillis) {
    (void) cls;
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    int pr;
    do { pr = poll(&pfd, 1, timeoutMillis); } while (pr < 0 && errno == EINTR);
    if (pr == 0) return -1;
    if (pr < 0) { fail(env, errno, "receive"); return -1; }
    jsize cap = (*env)->GetArrayLength(env, buf);
    jbyte *b = (*env)->GetByteArrayElements(env, buf, NULL);
    ssize_t r = recv(fd, b, (size_t) cap, 0);
    int e = errno;
    (*env)->ReleaseByteArrayElements(env, buf, b, 0);
    if (r < 0) { fail(env, e, "receive"); return -1; }
    return (jint) r;
}

JNIEXPORT jstring JNICALL Java_io_dmon_agent_process_Posix_strerror0(JNIEnv *env, jclass cls, jint err) {
    (void) cls;
    char buf[256];
    const char *msg = strerror_r(err, buf, sizeof buf);
    return (*env)->NewStringUTF(env, msg);
}
