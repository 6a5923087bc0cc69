/*
 * runner_proc.c - child processes, the server's life and the work
 * directory.
 *
 * Children are started with fork and execv: standard input and output go
 * to files in the work directory (so no pipe can fill up and stall), and on
 * Linux a child is killed when the runner dies, so that a runner killed by
 * ctest's timeout leaves no server behind.  SIGPIPE, which the runner
 * ignores, is reset to its default in every child.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "runner.h"

#define MARKER ".api-runner-workdir"
#define LOG_TAIL_LINES 40

void runner_sleep_ms(long ms)
{
    nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

char *runner_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = sg_malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

char *runner_read_file(const char *path, size_t max, size_t *len)
{
    buf b;
    char chunk[65536];
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf_init(&b, max);
    bool ok = buf_append(&b, "", 0) == SG_OK;
    while (ok) {
        size_t n = fread(chunk, 1, sizeof chunk, f);
        if (n == 0)
            break;
        ok = buf_append(&b, chunk, n) == SG_OK;
    }
    ok = ok && !ferror(f);
    fclose(f);
    if (len)
        *len = b.len;
    char *data = ok ? buf_detach(&b) : NULL;
    buf_free(&b);
    return data;
}

/* --- the work directory ------------------------------------------------ */

static int remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    int rc = 0;
    while (rc == 0) {
        struct dirent *e = readdir(dir);
        if (!e)
            break;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *child = runner_path_join(path, e->d_name);
        rc = child ? remove_tree(child) : -1;
        sg_free(child);
    }
    closedir(dir);
    return rc == 0 ? rmdir(path) : rc;
}

static bool dir_is_empty(const char *path)
{
    DIR *dir = opendir(path);
    bool empty = true;
    if (!dir)
        return true;
    while (empty) {
        struct dirent *e = readdir(dir);
        if (!e)
            break;
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    }
    closedir(dir);
    return empty;
}

/* Creates path and its missing parents. */
static int make_dirs(const char *path)
{
    char *copy = sg_strdup(path);
    int rc = copy ? 0 : -1;
    for (char *p = copy ? copy + 1 : NULL; p && *p && rc == 0; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0755) != 0 && errno != EEXIST)
            rc = -1;
        *p = '/';
    }
    if (rc == 0 && mkdir(path, 0700) != 0 && errno != EEXIST)
        rc = -1;
    sg_free(copy);
    return rc;
}

bool runner_workdir_prepare(runner *r, const char *path, buf *msg)
{
    struct stat st;
    char cwd[PATH_MAX];
    char resolved[2 * PATH_MAX + 2] = "";
    char *marker = runner_path_join(path, MARKER);
    FILE *f = NULL;
    bool ok = false;
    if (!marker || !path[0] || strcmp(path, "/") == 0) {
        runner_note(msg, "refusing work directory \"%s\"", path);
        goto out;
    }
    /* A safety net against a mistyped --workdir: only a directory this
     * runner made (it holds the marker) or an empty one is cleared. */
    if (stat(path, &st) == 0) {
        if (!S_ISDIR(st.st_mode) || (!dir_is_empty(path) && access(marker, F_OK) != 0)) {
            runner_note(msg,
                        "%s exists and is not a runner work directory (no %s in it); "
                        "remove it yourself",
                        path, MARKER);
            goto out;
        }
        if (remove_tree(path) != 0) {
            runner_note(msg, "cannot remove %s: %s", path, strerror(errno));
            goto out;
        }
    }
    if (path[0] == '/')
        snprintf(resolved, sizeof resolved, "%s", path);
    else if (getcwd(cwd, sizeof cwd))
        snprintf(resolved, sizeof resolved, "%s/%s", cwd, path);
    if (!resolved[0] || make_dirs(resolved) != 0) {
        runner_note(msg, "cannot create %s: %s", path, strerror(errno));
        goto out;
    }
    f = fopen(marker, "w");
    if (!f || fclose(f) != 0) {
        runner_note(msg, "cannot create %s: %s", marker, strerror(errno));
        goto out;
    }
    r->workdir = sg_strdup(resolved);
    r->db_path = runner_path_join(resolved, "signaal.db");
    r->log_path = runner_path_join(resolved, "server.log");
    ok = r->workdir && r->db_path && r->log_path;
    if (!ok)
        runner_note(msg, "out of memory");
out:
    sg_free(marker);
    return ok;
}

void runner_workdir_remove(runner *r)
{
    if (r->workdir && remove_tree(r->workdir) != 0)
        fprintf(stderr, "api_runner: cannot remove %s: %s\n", r->workdir, strerror(errno));
}

/* --- processes --------------------------------------------------------- */

/* Starts the binary with args; stdin from in_path, stdout to out_path and
 * stderr to err_path (NULL: the same file as stdout, opened for append).
 * Only async-signal-safe calls happen between fork and exec. */
static pid_t spawn(runner *r, const char *const *args, const char *in_path, const char *out_path,
                   const char *err_path, buf *msg)
{
    size_t n = 0;
    while (args[n])
        n++;
    const char **argv = sg_calloc(n + 2, sizeof *argv);
    if (!argv) {
        runner_note(msg, "out of memory");
        return -1;
    }
    argv[0] = r->binary;
    memcpy(argv + 1, args, n * sizeof *argv);
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigaction(SIGPIPE, &dfl, NULL);
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(126);
#endif
        int out_flags = O_WRONLY | O_CREAT | (err_path ? O_TRUNC : O_APPEND);
        int in = open(in_path, O_RDONLY);
        int out = open(out_path, out_flags, 0600);
        int err = err_path ? open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600) : dup(out);
        if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
            _exit(126);
        for (int fd = 3; fd <= in || fd <= out || fd <= err; fd++)
            if (fd == in || fd == out || fd == err)
                close(fd);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    (void)parent;
    sg_free(argv);
    if (pid < 0)
        runner_note(msg, "fork: %s", strerror(errno));
    return pid;
}

/* Waits up to timeout_ms for pid; true with *status when it exited. */
static bool wait_for(pid_t pid, long timeout_ms, int *status)
{
    long long deadline = clock_mono_ms() + timeout_ms;
    for (;;) {
        pid_t got = waitpid(pid, status, WNOHANG);
        if (got == pid)
            return true;
        if (got < 0 && errno != EINTR)
            return false;
        if (clock_mono_ms() >= deadline)
            return false;
        runner_sleep_ms(10);
    }
}

static void kill_and_reap(pid_t pid)
{
    int status;
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

void runner_status_text(int status, char out[64])
{
    if (WIFEXITED(status))
        snprintf(out, 64, "exit status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(out, 64, "signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(out, 64, "wait status %#x", (unsigned)status);
}

static bool write_file(const char *path, const char *text, buf *msg)
{
    FILE *f = fopen(path, "wb");
    size_t len = text ? strlen(text) : 0;
    bool ok = f && fwrite(text ? text : "", 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok)
        runner_note(msg, "cannot write %s: %s", path, strerror(errno));
    return ok;
}

bool runner_cli(runner *r, const char *const *args, const char *stdin_text, int *status, char **out,
                char **err, buf *msg)
{
    char *in_path = runner_path_join(r->workdir, "cli.stdin");
    char *out_path = runner_path_join(r->workdir, "cli.stdout");
    char *err_path = runner_path_join(r->workdir, "cli.stderr");
    bool ok = false;
    *out = *err = NULL;
    if (!in_path || !out_path || !err_path) {
        runner_note(msg, "out of memory");
        goto out;
    }
    if (!write_file(in_path, stdin_text, msg))
        goto out;
    pid_t pid = spawn(r, args, in_path, out_path, err_path, msg);
    if (pid < 0)
        goto out;
    if (!wait_for(pid, RUNNER_CLI_TIMEOUT_S * 1000L, status)) {
        kill_and_reap(pid);
        runner_note(msg, "signaal %s did not finish within %d s", args[0], RUNNER_CLI_TIMEOUT_S);
        goto out;
    }
    *out = runner_read_file(out_path, RUNNER_BODY_MAX, NULL);
    *err = runner_read_file(err_path, RUNNER_BODY_MAX, NULL);
    ok = *out && *err;
    if (!ok)
        runner_note(msg, "cannot read the output of signaal %s", args[0]);
out:
    if (!ok) {
        sg_free(*out);
        sg_free(*err);
        *out = *err = NULL;
    }
    sg_free(in_path);
    sg_free(out_path);
    sg_free(err_path);
    return ok;
}

/* --- the server -------------------------------------------------------- */

/* Reads the port file once it holds a whole line; 0 until then. */
static int read_port(const char *path)
{
    size_t len = 0;
    char *text = runner_read_file(path, 64, &len);
    int port = 0;
    if (text && len > 1 && text[len - 1] == '\n') {
        char *end;
        long v = strtol(text, &end, 10);
        if (*end == '\n' && v > 0 && v < 65536)
            port = (int)v;
        else
            port = -1;
    }
    sg_free(text);
    return port;
}

bool runner_server_start(runner *r, buf *msg)
{
    json_t *extra = json_object_get(r->scenario, "serve_args");
    size_t n = json_array_size(extra);
    char *port_path = runner_path_join(r->workdir, "port");
    const char **args = sg_calloc(n + 8, sizeof *args);
    char **owned = sg_calloc(n + 1, sizeof *owned);
    long long deadline = clock_mono_ms() + RUNNER_SERVER_WAIT_S * 1000LL;
    char url[64];
    json_t *port, *base;
    bool ok = false;
    if (!port_path || !args || !owned) {
        runner_note(msg, "out of memory");
        goto out;
    }
    const char *fixed[] = {"serve",       "--db",        r->db,    "--listen",
                           "127.0.0.1:0", "--port-file", port_path};
    memcpy(args, fixed, sizeof fixed);
    for (size_t i = 0; i < n; i++) {
        owned[i] = runner_subst(r, json_string_value(json_array_get(extra, i)), msg);
        if (!owned[i])
            goto out;
        args[7 + i] = owned[i];
    }
    if (unlink(port_path) != 0 && errno != ENOENT) {
        runner_note(msg, "cannot remove %s: %s", port_path, strerror(errno));
        goto out;
    }
    r->port = 0;
    r->server_pid = spawn(r, args, "/dev/null", r->log_path, NULL, msg);
    if (r->server_pid < 0) {
        r->server_pid = 0;
        goto out;
    }
    while (r->port == 0) {
        if (!runner_server_alive(r, 0, msg))
            goto out;
        r->port = read_port(port_path);
        if (r->port < 0) {
            runner_note(msg, "%s does not hold a port number", port_path);
            goto out;
        }
        if (r->port == 0 && clock_mono_ms() >= deadline) {
            runner_note(msg, "no port file within %d s", RUNNER_SERVER_WAIT_S);
            goto out;
        }
        if (r->port == 0)
            runner_sleep_ms(20);
    }
    snprintf(url, sizeof url, "http://127.0.0.1:%d", r->port);
    port = json_integer(r->port);
    base = json_string(url);
    runner_var_set(r, "port", port);
    runner_var_set(r, "base_url", base);
    json_decref(port);
    json_decref(base);
    ok = runner_wait_healthy(r, deadline, msg);
out:
    if (!ok && r->server_pid > 0) {
        kill_and_reap(r->server_pid);
        r->server_pid = 0;
    }
    for (size_t i = 0; owned && i < n; i++)
        sg_free(owned[i]);
    sg_free(owned);
    sg_free(args);
    sg_free(port_path);
    return ok;
}

bool runner_server_stop(runner *r, buf *msg)
{
    char text[64];
    int status = 0;
    pid_t pid = r->server_pid;
    if (pid <= 0)
        return true;
    r->server_pid = 0;
    if (kill(pid, SIGTERM) != 0) {
        runner_note(msg, "cannot signal the server: %s", strerror(errno));
        kill_and_reap(pid);
        return false;
    }
    if (!wait_for(pid, RUNNER_SERVER_WAIT_S * 1000L, &status)) {
        kill_and_reap(pid);
        runner_note(msg, "the server did not exit within %d s of SIGTERM and was killed",
                    RUNNER_SERVER_WAIT_S);
        return false;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return true;
    runner_status_text(status, text);
    runner_note(msg, "the server ended after SIGTERM with %s", text);
    return false;
}

void runner_server_kill(runner *r)
{
    pid_t pid = r->server_pid;
    r->server_pid = 0;
    if (pid > 0)
        kill_and_reap(pid);
}

bool runner_server_alive(runner *r, long wait_ms, buf *msg)
{
    char text[64];
    int status;
    if (r->server_pid <= 0) {
        runner_note(msg, "the server is not running");
        return false;
    }
    if (!wait_for(r->server_pid, wait_ms, &status))
        return true;
    r->server_pid = 0;
    runner_status_text(status, text);
    runner_note(msg, "the server ended unexpectedly with %s", text);
    return false;
}

void runner_print_log_tail(runner *r)
{
    size_t len = 0;
    char *text = r->log_path ? runner_read_file(r->log_path, 64u * 1024u * 1024u, &len) : NULL;
    if (!text)
        return;
    size_t start = len;
    int lines = 0;
    if (start > 0 && text[start - 1] == '\n')
        start--;
    while (start > 0 && lines < LOG_TAIL_LINES) {
        start--;
        if (text[start] == '\n')
            lines++;
    }
    if (text[start] == '\n')
        start++;
    printf("# --- last lines of %s ---\n", r->log_path);
    for (char *line = text + start; *line;) {
        char *nl = strchr(line, '\n');
        int n = nl ? (int)(nl - line) : (int)strlen(line);
        printf("#   %.*s\n", n, line);
        line += n + (nl ? 1 : 0);
    }
    printf("# --- end of %s ---\n", r->log_path);
    fflush(stdout);
    sg_free(text);
}
