/* bench/api_client.c — a small HTTP/1.1 load client for a unix socket (bench/api_guard.sh).
 *
 *   api_client -s SOCKET -p PATH [-c CONNECTIONS] [-d SECONDS | -n REQUESTS] [-w WARMUP] [-t TIMEOUT]
 *
 * Opens CONNECTIONS keep-alive connections (default 1) to the unix socket SOCKET. Each sends
 * `GET PATH HTTP/1.1` back to back, one request in flight per connection, and reads each response
 * whole (Content-Length, chunked with trailers, or a body ended by close) before the next. One
 * thread and epoll, so 64 connections cost the machine one client thread, not 64.
 *
 * The run lasts SECONDS (default 5) or until REQUESTS responses have come; the first WARMUP
 * responses (default 0) are not recorded. Latency is from the request's write to the response's
 * last byte. Prints one line of key=value pairs on stdout:
 *
 *   requests=N errors=E reconnects=R seconds=S rps=X mean_us=M p50_us=A p90_us=B p99_us=C max_us=D bytes=Z
 *
 * bytes is the mean size of a response, head included (over all of them, warm-up too).
 * rps counts recorded responses over the time from the end of the warm-up to the last response.
 * Percentiles are nearest-rank. A response whose status is not 2xx counts as an error (and is
 * recorded); a connection the server closes with `Connection: close` or a body ended by close is
 * reopened (counted as reconnects). Exit 0 when every response was 2xx, 1 when some were not or the
 * server broke the protocol, 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { k_buffer = 64 * 1024, k_max_connections = 4096 };

enum state {
    st_head,        /* reading the status line and headers */
    st_length,      /* a body of a known length */
    st_chunk_size,  /* a chunk-size line */
    st_chunk_data,  /* chunk data */
    st_chunk_crlf,  /* the CRLF after chunk data */
    st_trailers,    /* trailer lines up to the empty one */
    st_until_close, /* no framing: the body ends when the server closes */
};

struct connection {
    int fd;
    enum state state;
    char buffer[k_buffer];
    size_t start, end;      /* unparsed bytes are buffer[start, end) */
    uint64_t remaining;     /* body or chunk bytes still to come */
    int status;             /* of the response being read */
    int close_after;        /* the server said Connection: close (or HTTP/1.0 without keep-alive) */
    size_t written;         /* bytes of the request written */
    int64_t sent_ns;        /* when the request's first byte was written */
    int in_flight;
};

static const char* g_program = "api_client";
static const char* g_socket;
static char* g_request;
static size_t g_request_size;
static int g_epoll = -1;

static int64_t* g_latency; /* ns, recorded responses */
static size_t g_recorded, g_capacity;
static uint64_t g_bytes_read, g_completed, g_issued, g_errors, g_reconnects, g_warmup, g_limit;
static int64_t g_window_start, g_last_done, g_deadline;

static void
die(const char* format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "%s: ", g_program);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    exit(1);
}

static int64_t
now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
usage(void)
{
    fprintf(stderr,
            "usage: %s -s SOCKET -p PATH [-c CONNECTIONS] [-d SECONDS | -n REQUESTS] [-w WARMUP] [-t TIMEOUT]\n",
            g_program);
    exit(2);
}

static unsigned long long
number(const char* text, const char* what, unsigned long long min, unsigned long long max)
{
    char* end;
    errno = 0;
    const unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || value < min || value > max) {
        fprintf(stderr, "%s: %s must be an integer from %llu to %llu, not '%s'\n", g_program, what, min, max, text);
        exit(2);
    }
    return value;
}

static void
open_connection(struct connection* c)
{
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    if (strlen(g_socket) >= sizeof address.sun_path) {
        die("socket path too long: %s", g_socket);
    }
    strcpy(address.sun_path, g_socket);
    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        die("socket: %s", strerror(errno));
    }
    if (connect(c->fd, (const struct sockaddr*)&address, sizeof address) != 0) {
        die("connect %s: %s", g_socket, strerror(errno));
    }
    if (fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK) != 0) {
        die("fcntl: %s", strerror(errno));
    }
    struct epoll_event event = {.events = EPOLLIN, .data.ptr = c};
    if (epoll_ctl(g_epoll, EPOLL_CTL_ADD, c->fd, &event) != 0) {
        die("epoll_ctl: %s", strerror(errno));
    }
    c->state = st_head;
    c->start = c->end = 0;
    c->close_after = 0;
    c->in_flight = 0;
}

static void
reopen_connection(struct connection* c)
{
    close(c->fd); /* also leaves the epoll set */
    ++g_reconnects;
    open_connection(c);
}

static void
watch_output(struct connection* c, int want)
{
    struct epoll_event event = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(g_epoll, EPOLL_CTL_MOD, c->fd, &event) != 0) {
        die("epoll_ctl: %s", strerror(errno));
    }
}

/* Writes what is left of the request; asks for EPOLLOUT if the socket is full. */
static void
write_request(struct connection* c)
{
    while (c->written < g_request_size) {
        const ssize_t n = write(c->fd, g_request + c->written, g_request_size - c->written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            watch_output(c, 1);
            return;
        }
        if (n <= 0) {
            die("write: %s", n < 0 ? strerror(errno) : "wrote nothing");
        }
        c->written += (size_t)n;
    }
}

static int
may_issue(void)
{
    return g_limit != 0 ? g_issued < g_limit + g_warmup : now_ns() < g_deadline;
}

static void
send_request(struct connection* c)
{
    if (c->start != c->end) {
        die("protocol error: %zu unexpected bytes after a response", c->end - c->start);
    }
    c->start = c->end = 0;
    c->state = st_head;
    c->written = 0;
    c->in_flight = 1;
    ++g_issued;
    c->sent_ns = now_ns();
    write_request(c);
}

static void
record(int64_t latency)
{
    if (g_recorded == g_capacity) {
        g_capacity = g_capacity != 0 ? g_capacity * 2 : 65536;
        g_latency = realloc(g_latency, g_capacity * sizeof *g_latency);
        if (g_latency == NULL) {
            die("out of memory");
        }
    }
    g_latency[g_recorded++] = latency;
}

/* A whole response has been read. */
static void
response_done(struct connection* c)
{
    const int64_t done = now_ns();
    c->in_flight = 0;
    ++g_completed;
    if (g_completed == g_warmup) {
        g_window_start = done;
    } else if (g_completed > g_warmup) {
        record(done - c->sent_ns);
        g_last_done = done;
        if (c->status < 200 || c->status > 299) {
            if (g_errors == 0) {
                fprintf(stderr, "%s: status %d\n", g_program, c->status);
            }
            ++g_errors;
        }
    }
    if (c->close_after || c->state == st_until_close) {
        reopen_connection(c);
    }
    c->state = st_head;
}

/* Case-insensitive: whether the comma-separated header value has the token. */
static int
has_token(const char* value, size_t length, const char* token)
{
    const size_t token_length = strlen(token);
    size_t i = 0;
    while (i < length) {
        while (i < length && (value[i] == ' ' || value[i] == '\t' || value[i] == ',')) {
            ++i;
        }
        size_t j = i;
        while (j < length && value[j] != ',') {
            ++j;
        }
        size_t k = j;
        while (k > i && (value[k - 1] == ' ' || value[k - 1] == '\t')) {
            --k;
        }
        if (k - i == token_length && strncasecmp(value + i, token, token_length) == 0) {
            return 1;
        }
        i = j;
    }
    return 0;
}

/* Parses the head in buffer[start, start+length) (ending with CRLF CRLF); sets the body state.
 * Returns 0 for a final response, 1 for an interim 1xx one (skipped). */
static int
parse_head(struct connection* c, const char* head, size_t length)
{
    const char* end = head + length;
    int minor;
    if (length < 12 || memcmp(head, "HTTP/1.", 7) != 0 || (head[7] != '0' && head[7] != '1') || head[8] != ' ') {
        die("protocol error: not an HTTP/1.x status line: %.40s", head);
    }
    minor = head[7] - '0';
    if (head[9] < '0' || head[9] > '9' || head[10] < '0' || head[10] > '9' || head[11] < '0' || head[11] > '9') {
        die("protocol error: bad status code");
    }
    c->status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');

    int chunked = 0, have_length = 0, keep_alive = 0, close_token = 0;
    uint64_t content_length = 0;
    const char* line = memchr(head, '\n', length);
    line = line != NULL ? line + 1 : end;
    while (line < end) {
        const char* eol = memchr(line, '\n', (size_t)(end - line));
        if (eol == NULL) {
            eol = end;
        }
        size_t line_length = (size_t)(eol - line);
        if (line_length > 0 && line[line_length - 1] == '\r') {
            --line_length;
        }
        if (line_length == 0) {
            break;
        }
        const char* colon = memchr(line, ':', line_length);
        if (colon == NULL) {
            die("protocol error: a header line without a colon");
        }
        const size_t name_length = (size_t)(colon - line);
        const char* value = colon + 1;
        size_t value_length = line_length - name_length - 1;
        while (value_length > 0 && (*value == ' ' || *value == '\t')) {
            ++value;
            --value_length;
        }
        while (value_length > 0 && (value[value_length - 1] == ' ' || value[value_length - 1] == '\t')) {
            --value_length;
        }
        if (name_length == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
            uint64_t v = 0;
            if (value_length == 0) {
                die("protocol error: empty Content-Length");
            }
            for (size_t i = 0; i < value_length; ++i) {
                if (value[i] < '0' || value[i] > '9' || v > (UINT64_MAX - 9) / 10) {
                    die("protocol error: bad Content-Length");
                }
                v = v * 10 + (uint64_t)(value[i] - '0');
            }
            if (have_length && v != content_length) {
                die("protocol error: conflicting Content-Length values");
            }
            have_length = 1;
            content_length = v;
        } else if (name_length == 17 && strncasecmp(line, "Transfer-Encoding", 17) == 0) {
            /* chunked must be the last coding; anything else is read until close (RFC 9112 6.3) */
            chunked = has_token(value, value_length, "chunked") ? 1 : -1;
        } else if (name_length == 10 && strncasecmp(line, "Connection", 10) == 0) {
            close_token |= has_token(value, value_length, "close");
            keep_alive |= has_token(value, value_length, "keep-alive");
        }
        line = eol + 1;
    }

    if (c->status >= 100 && c->status <= 199) {
        if (c->status == 101) {
            die("protocol error: unexpected 101 Switching Protocols");
        }
        return 1;
    }
    c->close_after = close_token || (minor == 0 && !keep_alive);
    if (c->status == 204 || c->status == 304) { /* never a body (a GET, never a HEAD, is sent) */
        c->state = st_length;
        c->remaining = 0;
    } else if (chunked == 1) {
        c->state = st_chunk_size;
    } else if (chunked == -1) {
        c->state = st_until_close;
    } else if (have_length) {
        c->state = st_length;
        c->remaining = content_length;
    } else {
        c->state = st_until_close;
    }
    return 0;
}

/* Finds a CRLF-ended (or LF-ended) line in the unparsed bytes; returns its length without the
 * ending and sets *next past it, or returns -1 when the line is not complete yet. */
static long
take_line(struct connection* c, size_t* next)
{
    const char* p = memchr(c->buffer + c->start, '\n', c->end - c->start);
    if (p == NULL) {
        if (c->end - c->start >= 8192) {
            die("protocol error: a chunk or trailer line over 8 KiB");
        }
        return -1;
    }
    size_t length = (size_t)(p - (c->buffer + c->start));
    *next = c->start + length + 1;
    if (length > 0 && c->buffer[c->start + length - 1] == '\r') {
        --length;
    }
    return (long)length;
}

/* Parses what the buffer holds; calls response_done when a response is complete. */
static void
parse(struct connection* c)
{
    for (;;) {
        const size_t available = c->end - c->start;
        size_t next;
        long length;
        switch (c->state) {
        case st_head: {
            if (!c->in_flight) {
                if (available != 0) {
                    die("protocol error: %zu bytes with no request in flight", available);
                }
                return;
            }
            const char* head = c->buffer + c->start;
            const char* found = memmem(head, available, "\r\n\r\n", 4);
            if (found == NULL) {
                if (available == k_buffer) {
                    die("protocol error: response head over %d bytes", k_buffer);
                }
                return;
            }
            const size_t head_length = (size_t)(found - head) + 4;
            const int interim = parse_head(c, head, head_length);
            c->start += head_length;
            if (interim) {
                c->state = st_head;
            }
            continue;
        }
        case st_length: {
            const size_t take = available < c->remaining ? available : (size_t)c->remaining;
            c->start += take;
            c->remaining -= take;
            if (c->remaining != 0) {
                return;
            }
            response_done(c);
            return;
        }
        case st_chunk_size: {
            if ((length = take_line(c, &next)) < 0) {
                return;
            }
            const char* p = c->buffer + c->start;
            uint64_t size = 0;
            long i = 0;
            for (; i < length; ++i) {
                const char ch = p[i];
                int digit;
                if (ch >= '0' && ch <= '9') {
                    digit = ch - '0';
                } else if (ch >= 'a' && ch <= 'f') {
                    digit = ch - 'a' + 10;
                } else if (ch >= 'A' && ch <= 'F') {
                    digit = ch - 'A' + 10;
                } else {
                    break;
                }
                if (size > (UINT64_MAX >> 4)) {
                    die("protocol error: chunk size overflows");
                }
                size = size * 16 + (uint64_t)digit;
            }
            if (i == 0 || (i < length && p[i] != ';' && p[i] != ' ' && p[i] != '\t')) {
                die("protocol error: bad chunk-size line");
            }
            c->start = next;
            c->remaining = size;
            c->state = size == 0 ? st_trailers : st_chunk_data;
            continue;
        }
        case st_chunk_data: {
            const size_t take = available < c->remaining ? available : (size_t)c->remaining;
            c->start += take;
            c->remaining -= take;
            if (c->remaining != 0) {
                return;
            }
            c->state = st_chunk_crlf;
            continue;
        }
        case st_chunk_crlf:
            if ((length = take_line(c, &next)) < 0) {
                return;
            }
            if (length != 0) {
                die("protocol error: chunk data longer than its size");
            }
            c->start = next;
            c->state = st_chunk_size;
            continue;
        case st_trailers:
            if ((length = take_line(c, &next)) < 0) {
                return;
            }
            c->start = next;
            if (length == 0) {
                response_done(c);
                return;
            }
            continue;
        case st_until_close:
            c->start = c->end; /* the body runs to the close */
            return;
        }
    }
}

/* Reads what the socket has and parses it. Returns when the socket is drained. */
static void
on_readable(struct connection* c)
{
    for (;;) {
        if (c->start == c->end) {
            c->start = c->end = 0;
        } else if (c->end == k_buffer && c->start > 0) {
            memmove(c->buffer, c->buffer + c->start, c->end - c->start);
            c->end -= c->start;
            c->start = 0;
        }
        const ssize_t n = read(c->fd, c->buffer + c->end, k_buffer - c->end);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        if (n < 0) {
            die("read: %s", strerror(errno));
        }
        if (n == 0) {
            if (c->in_flight && c->state == st_until_close) {
                response_done(c); /* reopens */
                if (may_issue()) {
                    send_request(c);
                }
                return;
            }
            die("the server closed the connection %s", c->in_flight ? "mid-response" : "between requests");
        }
        c->end += (size_t)n;
        g_bytes_read += (uint64_t)n;
        const int was_in_flight = c->in_flight;
        parse(c);
        if (was_in_flight && !c->in_flight) {
            if (!may_issue()) {
                return;
            }
            send_request(c);
            return; /* the answer cannot be here yet; epoll says when */
        }
    }
}

static int
compare(const void* a, const void* b)
{
    const int64_t x = *(const int64_t*)a, y = *(const int64_t*)b;
    return (x > y) - (x < y);
}

/* Nearest rank: the smallest value with at least p% of the values at or below it. */
static double
percentile(unsigned p)
{
    size_t rank = (g_recorded * p + 99) / 100;
    if (rank < 1) {
        rank = 1;
    }
    if (rank > g_recorded) {
        rank = g_recorded;
    }
    return (double)g_latency[rank - 1] / 1000.0;
}

int
main(int argc, char** argv)
{
    const char* path = NULL;
    unsigned long long connections = 1, seconds = 5, timeout = 10;
    int opt;
    g_program = argv[0][0] != '\0' ? argv[0] : g_program;
    while ((opt = getopt(argc, argv, "s:p:c:d:n:w:t:")) != -1) {
        switch (opt) {
        case 's': g_socket = optarg; break;
        case 'p': path = optarg; break;
        case 'c': connections = number(optarg, "CONNECTIONS", 1, k_max_connections); break;
        case 'd': seconds = number(optarg, "SECONDS", 1, 86400); break;
        case 'n': g_limit = number(optarg, "REQUESTS", 1, 1000000000); break;
        case 'w': g_warmup = number(optarg, "WARMUP", 0, 1000000000); break;
        case 't': timeout = number(optarg, "TIMEOUT", 1, 3600); break;
        default: usage();
        }
    }
    if (optind != argc || g_socket == NULL || path == NULL || path[0] != '/' || strpbrk(path, " \r\n") != NULL) {
        usage();
    }
    signal(SIGPIPE, SIG_IGN);

    const int size = snprintf(NULL, 0, "GET %s HTTP/1.1\r\nHost: docker\r\nUser-Agent: sd-api-client/1\r\n\r\n", path);
    g_request = malloc((size_t)size + 1);
    if (g_request == NULL) {
        die("out of memory");
    }
    snprintf(g_request, (size_t)size + 1, "GET %s HTTP/1.1\r\nHost: docker\r\nUser-Agent: sd-api-client/1\r\n\r\n", path);
    g_request_size = (size_t)size;

    g_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (g_epoll < 0) {
        die("epoll_create1: %s", strerror(errno));
    }
    struct connection* pool = calloc(connections, sizeof *pool);
    if (pool == NULL) {
        die("out of memory");
    }
    for (size_t i = 0; i < connections; ++i) {
        open_connection(&pool[i]);
    }

    const int64_t start = now_ns();
    g_deadline = start + (int64_t)seconds * 1000000000; /* warm-up included; unused with -n */
    if (g_warmup == 0) {
        g_window_start = start;
    }
    for (size_t i = 0; i < connections && may_issue(); ++i) {
        send_request(&pool[i]);
    }

    struct epoll_event events[256];
    for (;;) {
        int busy = 0;
        const int64_t now = now_ns();
        for (size_t i = 0; i < connections; ++i) {
            if (pool[i].in_flight) {
                busy = 1;
                if (now - pool[i].sent_ns > (int64_t)timeout * 1000000000) {
                    die("no complete response within %llu s", timeout);
                }
            }
        }
        if (!busy) {
            break;
        }
        const int n = epoll_wait(g_epoll, events, (int)(sizeof events / sizeof events[0]), 1000);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            die("epoll_wait: %s", strerror(errno));
        }
        for (int i = 0; i < n; ++i) {
            struct connection* c = events[i].data.ptr;
            if (events[i].events & EPOLLOUT) {
                watch_output(c, 0);
                write_request(c);
            }
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                on_readable(c);
            }
        }
    }

    if (g_recorded == 0) {
        die("no response recorded (warm-up %llu, completed %llu)", (unsigned long long)g_warmup,
            (unsigned long long)g_completed);
    }
    qsort(g_latency, g_recorded, sizeof *g_latency, compare);
    double sum = 0;
    for (size_t i = 0; i < g_recorded; ++i) {
        sum += (double)g_latency[i];
    }
    const double elapsed = (double)(g_last_done - g_window_start) / 1e9;
    printf("requests=%zu errors=%llu reconnects=%llu seconds=%.3f rps=%.0f mean_us=%.1f p50_us=%.1f p90_us=%.1f "
           "p99_us=%.1f max_us=%.1f bytes=%.0f\n",
           g_recorded, (unsigned long long)g_errors, (unsigned long long)g_reconnects, elapsed,
           elapsed > 0 ? (double)g_recorded / elapsed : 0.0, sum / (double)g_recorded / 1000.0, percentile(50),
           percentile(90), percentile(99), percentile(100), (double)g_bytes_read / (double)g_completed);
    return g_errors != 0 ? 1 : 0;
}
