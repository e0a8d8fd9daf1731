/* A fake docker daemon for tests: a tiny HTTP server on a unix socket or on 127.0.0.1.
 *
 *   fake-daemon ADDRESS MODE
 *
 * ADDRESS is a socket path, or tcp:PORT for 127.0.0.1:PORT (0: any free port). MODE:
 *   ok       GET and HEAD /_ping (and /vX.Y/_ping) answer 200 "OK" with Api-Version: 1.41 and
 *            Server: Docker/fake; other paths 404
 *   hang     accepts connections and never answers
 *   refuse   nothing listens: a socket path is created as a plain file; a tcp port is bound
 *            and closed again; then it exits
 *   fail500  every request answers 500
 * Once listening it prints "ready unix://PATH" or "ready tcp://127.0.0.1:PORT" on stdout, then
 * serves connections one at a time until SIGTERM or SIGINT, and removes its socket file.
 *
 * With FAKE_DAEMON_LOG=FILE in the environment it appends one line to FILE per request it reads,
 * "METHOD PATH" (e.g. "GET /_ping"), and in hang mode one line "HELD" per connection it holds,
 * each line with one write to a file opened O_APPEND, so a test can count the probes it got. */

#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

enum mode { MODE_OK, MODE_HANG, MODE_REFUSE, MODE_FAIL500 };

static volatile sig_atomic_t stopping = 0;

static void
on_stop(int sig)
{
  (void)sig;
  stopping = 1;
}

static int
usage(void)
{
  fprintf(stderr, "usage: fake-daemon SOCKET_PATH|tcp:PORT ok|hang|refuse|fail500\n");
  return 2;
}

static void
write_all(int fd, const char *data, size_t size)
{
  while (size > 0) {
    ssize_t wrote = write(fd, data, size);
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote <= 0) {
      return;
    }
    data += wrote;
    size -= (size_t)wrote;
  }
}

/* Reads the request head; returns its length, or -1. */
static ssize_t
read_request(int fd, char *buffer, size_t size)
{
  size_t have = 0;
  while (have + 1 < size) {
    ssize_t got = read(fd, buffer + have, size - 1 - have);
    if (got < 0 && errno == EINTR) {
      if (stopping) {
        return -1;
      }
      continue;
    }
    if (got <= 0) {
      return -1;
    }
    have += (size_t)got;
    buffer[have] = '\0';
    if (strstr(buffer, "\r\n\r\n") != NULL) {
      return (ssize_t)have;
    }
  }
  return -1;
}

/* The request log (FAKE_DAEMON_LOG), or NULL. */
static const char *request_log = NULL;

static void
log_line(const char *text, size_t size)
{
  if (request_log == NULL) {
    return;
  }
  const int fd = open(request_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    perror("fake-daemon: FAKE_DAEMON_LOG");
    return;
  }
  write_all(fd, text, size);
  close(fd);
}

/* Logs "METHOD PATH" of the request line that starts REQUEST. */
static void
log_request(const char *request)
{
  const char *line_end = strstr(request, "\r\n");
  const char *method_end = strchr(request, ' ');
  if (line_end == NULL || method_end == NULL || method_end > line_end) {
    log_line("? ?\n", 4);
    return;
  }
  const char *path_end = strchr(method_end + 1, ' ');
  if (path_end == NULL || path_end > line_end) {
    path_end = line_end;
  }
  char line[1024];
  const size_t method_size = (size_t)(method_end - request);
  const size_t path_size = (size_t)(path_end - method_end - 1);
  const int length = snprintf(line, sizeof line, "%.*s %.*s\n", (int)(method_size < 64 ? method_size : 64), request,
                              (int)(path_size < 900 ? path_size : 900), method_end + 1);
  if (length > 0) {
    log_line(line, (size_t)length < sizeof line ? (size_t)length : sizeof line - 1);
  }
}

static int
is_ping_path(const char *path, size_t length)
{
  static const char ping[] = "/_ping";
  const size_t ping_length = sizeof ping - 1;
  if (length == ping_length) {
    return memcmp(path, ping, ping_length) == 0;
  }
  /* /vX.Y/_ping */
  return length > ping_length + 2 && path[0] == '/' && path[1] == 'v'
         && memcmp(path + length - ping_length, ping, ping_length) == 0;
}

static void
serve(int client, enum mode mode)
{
  char request[8192];
  if (read_request(client, request, sizeof request) < 0) {
    return;
  }
  log_request(request);
  const int head = strncmp(request, "HEAD ", 5) == 0;
  const char *path = strchr(request, ' ');
  const char *path_end = path != NULL ? strchr(path + 1, ' ') : NULL;
  const int ping = path_end != NULL && is_ping_path(path + 1, (size_t)(path_end - path - 1));
  const char *status = "200 OK";
  const char *body = "OK";
  if (mode == MODE_FAIL500) {
    status = "500 Internal Server Error";
    body = "fake: internal error\n";
  } else if (!ping) {
    status = "404 Not Found";
    body = "page not found\n";
  }
  char response[512];
  const int length = snprintf(response, sizeof response,
                              "HTTP/1.1 %s\r\nApi-Version: 1.41\r\nServer: Docker/fake\r\n"
                              "Content-Type: text/plain; charset=utf-8\r\nContent-Length: %zu\r\n"
                              "Connection: close\r\n\r\n%s",
                              status, strlen(body), head ? "" : body);
  if (length > 0 && (size_t)length < sizeof response) {
    write_all(client, response, (size_t)length);
  }
}

static int
listen_tcp(const char *port_text, int do_listen, unsigned *port_out)
{
  char *end = NULL;
  const unsigned long port = strtoul(port_text, &end, 10);
  if (*port_text == '\0' || *end != '\0' || port > 65535) {
    fprintf(stderr, "fake-daemon: bad port %s\n", port_text);
    return -1;
  }
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int yes = 1;
  struct sockaddr_in address;
  memset(&address, 0, sizeof address);
  address.sin_family = AF_INET;
  address.sin_port = htons((unsigned short)port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) != 0
      || bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || (do_listen && listen(fd, 16) != 0)
      || getsockname(fd, (struct sockaddr *)&address, &size) != 0) {
    perror("fake-daemon: tcp");
    return -1;
  }
  *port_out = ntohs(address.sin_port);
  return fd;
}

static int
listen_unix(const char *path)
{
  struct sockaddr_un address;
  memset(&address, 0, sizeof address);
  address.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof address.sun_path) {
    fprintf(stderr, "fake-daemon: socket path too long\n");
    return -1;
  }
  strcpy(address.sun_path, path);
  unlink(path);
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || listen(fd, 16) != 0) {
    perror("fake-daemon: unix");
    return -1;
  }
  return fd;
}

int
main(int argc, char **argv)
{
  if (argc != 3) {
    return usage();
  }
  const char *where = argv[1];
  enum mode mode;
  if (strcmp(argv[2], "ok") == 0) {
    mode = MODE_OK;
  } else if (strcmp(argv[2], "hang") == 0) {
    mode = MODE_HANG;
  } else if (strcmp(argv[2], "refuse") == 0) {
    mode = MODE_REFUSE;
  } else if (strcmp(argv[2], "fail500") == 0) {
    mode = MODE_FAIL500;
  } else {
    return usage();
  }
  const int tcp = strncmp(where, "tcp:", 4) == 0;
  const char *log_path = getenv("FAKE_DAEMON_LOG");
  if (log_path != NULL && *log_path != '\0') {
    request_log = log_path;
  }

  struct sigaction stop;
  memset(&stop, 0, sizeof stop);
  stop.sa_handler = on_stop; /* no SA_RESTART: accept() returns EINTR */
  sigemptyset(&stop.sa_mask);
  sigaction(SIGTERM, &stop, NULL);
  sigaction(SIGINT, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  if (mode == MODE_REFUSE) {
    if (tcp) {
      unsigned port = 0;
      const int fd = listen_tcp(where + 4, 0, &port);
      if (fd < 0) {
        return 1;
      }
      close(fd);
      printf("ready tcp://127.0.0.1:%u\n", port);
    } else {
      unlink(where);
      const int fd = open(where, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0) {
        perror("fake-daemon: refuse");
        return 1;
      }
      close(fd);
      printf("ready unix://%s\n", where);
    }
    fflush(stdout);
    return 0;
  }

  unsigned port = 0;
  const int listener = tcp ? listen_tcp(where + 4, 1, &port) : listen_unix(where);
  if (listener < 0) {
    return 1;
  }
  if (tcp) {
    printf("ready tcp://127.0.0.1:%u\n", port);
  } else {
    printf("ready unix://%s\n", where);
  }
  fflush(stdout);

  int held[256];
  size_t held_count = 0;
  while (!stopping) {
    const int client = accept(listener, NULL, NULL);
    if (client < 0) {
      if (errno == EINTR || errno == ECONNABORTED) {
        continue;
      }
      perror("fake-daemon: accept");
      break;
    }
    if (mode == MODE_HANG) {
      log_line("HELD\n", 5);
      if (held_count < sizeof held / sizeof held[0]) {
        held[held_count++] = client; /* kept open, never answered */
      } else {
        close(client);
      }
      continue;
    }
    serve(client, mode);
    close(client);
  }
  for (size_t i = 0; i < held_count; ++i) {
    close(held[i]);
  }
  close(listener);
  if (!tcp) {
    unlink(where);
  }
  return 0;
}
