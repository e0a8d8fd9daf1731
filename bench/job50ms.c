/* A fake docker job for bench/admission.sh: appends "start end" (CLOCK_MONOTONIC, µs) to the
 * file named by JOB_LOG after sleeping 50 ms (JOB_MS to change). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

int main(void)
{
  const char *log = getenv("JOB_LOG");
  const char *ms = getenv("JOB_MS");
  long long start = now_us();
  struct timespec d = {0, (ms ? atol(ms) : 50) * 1000000L};
  nanosleep(&d, NULL);
  long long end = now_us();
  if (log) {
    char line[64];
    int n = snprintf(line, sizeof line, "%lld %lld\n", start, end);
    int fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (fd >= 0) {
      if (write(fd, line, (size_t)n) != n) {
        return 1;
      }
      close(fd);
    }
  }
  return 0;
}
