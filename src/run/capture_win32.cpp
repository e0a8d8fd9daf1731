#include "run/capture.hpp"

#include "util/child_process.hpp"

#include <windows.h>

#include <io.h>
#include <thread>

// Windows: the child runs in a process group of its own (CREATE_NEW_PROCESS_GROUP), so the
// console's Ctrl-C does not reach it. Its stdout is read on a thread of its own while this one
// reads stderr: two pipes, no poll.

namespace sd::run {

namespace {

void
read_to_end(int fd, std::string& into)
{
  char buffer[65536];
  for (int n; (n = ::_read(fd, buffer, sizeof buffer)) > 0;) {
    into.append(buffer, static_cast<std::size_t>(n));
  }
  ::_close(fd);
}

} // namespace

Captured
run_captured(const std::string& path, const std::vector<std::string>& argv)
{
  Captured result;
  util::ChildSpec spec;
  spec.path = path;
  spec.argv = argv;
  spec.in = util::ChildStream::null;
  spec.out = util::ChildStream::pipe;
  spec.err = util::ChildStream::pipe;
  spec.own_process_group = true;
  const auto child = util::start_child(spec);
  if (child.pid < 0) {
    result.status = -1;
    return result;
  }
  std::thread out_reader(read_to_end, child.out_fd, std::ref(result.out));
  read_to_end(child.err_fd, result.err);
  out_reader.join();
  result.status = util::wait_child(child.pid);
  return result;
}

} // namespace sd::run
