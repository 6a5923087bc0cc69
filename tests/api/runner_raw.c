/*
 * runner_raw.c - raw HTTP on a socket, for what a well-behaved client
 * library would never send: two Content-Length headers, Content-Length
 * beside Transfer-Encoding, a second request smuggled in a body, a request
 * line the HTTP library refuses by itself.  The step sends its bytes as
 * they are, reads until the server closes the connection or stays silent
 * for a while, and checks how many answers came back and what they held.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runner.h"
#include "base/mem.h"
#include "base/status.h"

#define RAW_QUIET_MS 1500 /* silence after which the answers are complete */
#define RAW_MAX (256u * 1024u)

/* Connects to the server, sends data and reads what comes back into got.
 * *closed tells whether the server closed the connection. */
static bool exchange(const runner *r, const char *data, size_t len, buf *got, bool *closed,
                     buf *msg)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        runner_note(msg, "socket: %s", strerror(errno));
        return false;
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)r->port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        runner_note(msg, "connect: %s", strerror(errno));
        close(fd);
        return false;
    }
    for (size_t sent = 0; sent < len;) {
        ssize_t n = send(fd, data + sent, len - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break; /* the server may close early; read what it said */
        sent += (size_t)n;
    }
    *closed = false;
    char chunk[4096];
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int ready = poll(&p, 1, RAW_QUIET_MS);
        if (ready <= 0)
            break;
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
            *closed = true;
            break;
        }
        if (buf_append(got, chunk, (size_t)n) != SG_OK) {
            runner_note(msg, "the answer is larger than %u bytes", RAW_MAX);
            break;
        }
    }
    close(fd);
    return true;
}

/* Number of status lines ("HTTP/1.x NNN") at the start of a line. */
static int count_answers(const char *text)
{
    int n = 0;
    for (const char *p = text; p && *p; p = strchr(p, '\n')) {
        if (*p == '\n')
            p++;
        if (strncmp(p, "HTTP/1.", 7) == 0)
            n++;
    }
    return n;
}

static void check_strings(json_t *list, const char *text, bool want, buf *msg)
{
    size_t i;
    json_t *s;
    if (json_is_string(list)) {
        const char *v = json_string_value(list);
        if ((strstr(text, v) != NULL) != want)
            runner_note(msg, "the answer %s \"%s\"", want ? "lacks" : "holds", v);
        return;
    }
    json_array_foreach(list, i, s) check_strings(s, text, want, msg);
}

void runner_step_raw(runner *r, json_t *step, buf *msg)
{
    char *data = runner_subst(r, json_string_value(json_object_get(step, "raw")), msg);
    if (!data)
        return;
    buf got;
    buf_init(&got, RAW_MAX);
    bool closed = false;
    if (exchange(r, data, strlen(data), &got, &closed, msg)) {
        const char *text = got.data ? got.data : "";
        json_t *expect = json_object_get(step, "raw_expect");
        json_t *answers = json_object_get(expect, "answers");
        int n = count_answers(text);
        if (answers && n != (int)json_integer_value(answers))
            runner_note(msg, "expected %d answer(s), got %d", (int)json_integer_value(answers), n);
        json_t *want_closed = json_object_get(expect, "closed");
        if (json_is_boolean(want_closed) && json_is_true(want_closed) != closed)
            runner_note(msg, "the server %s the connection", closed ? "closed" : "kept");
        check_strings(json_object_get(expect, "contains"), text, true, msg);
        check_strings(json_object_get(expect, "not_contains"), text, false, msg);
        if (msg->len > 0) {
            runner_note(msg, "answer: ");
            runner_note_snippet(msg, text, strlen(text), 600);
        }
    }
    buf_free(&got);
    sg_free(data);
}
