#include "cli/isolated.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <new>
#include <sstream>
#include <stdexcept>

#include "cli/cli.h"
#include "model/printable.h"
#include "output/temporary_files.h"

#if defined(__SANITIZE_ADDRESS__)
#define WFSIM_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WFSIM_ADDRESS_SANITIZER 1
#endif
#endif
#ifdef WFSIM_ADDRESS_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

namespace wfsim {
namespace {

// The signals of a fault in the child: the file is damaged (or wfsim has a
// defect); any other signal was sent to it.
constexpr int kFaults[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};

// The child's report on the pipe: status, then the lengths and bytes of
// what it wrote to out and to err. A report cut short means the child died.
void write_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t k = ::write(fd, data, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return;
    data += k;
    n -= static_cast<std::size_t>(k);
  }
}

void write_block(int fd, const std::string& text) {
  const std::uint64_t n = text.size();
  write_all(fd, reinterpret_cast<const char*>(&n), sizeof n);
  write_all(fd, text.data(), text.size());
}

// Reads a block at `at` of `bytes`; false when the report is cut short.
bool read_block(const std::string& bytes, std::size_t& at, std::string& text) {
  std::uint64_t n = 0;
  if (bytes.size() - at < sizeof n) return false;
  std::memcpy(&n, bytes.data() + at, sizeof n);
  at += sizeof n;
  if (bytes.size() - at < n) return false;
  text.assign(bytes, at, n);
  at += n;
  return true;
}

std::uintmax_t total_size(const std::vector<std::string>& files) {
  std::uintmax_t bytes = 0;
  for (const auto& f : files) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(f, error);
    if (!error) bytes += size;
  }
  return bytes;
}

// Address space the child may use: 4 GiB and 8 bytes per byte of the files
// it reads, far above what reading them takes. A damaged length (of a
// dimension list, a string) makes HDF5 ask for tens of gigabytes, which the
// kernel would grant and then kill the process for touching; under this
// cap the allocation fails and HDF5 reports an error, which is damage.
// Not under AddressSanitizer, which reserves terabytes of shadow memory.
void cap_memory(const std::vector<std::string>& files) {
#ifndef WFSIM_ADDRESS_SANITIZER
  const rlim_t cap = (rlim_t{4} << 30) + 8 * static_cast<rlim_t>(total_size(files));
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) == 0 &&
      (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > cap)) {
    limit.rlim_cur = cap;
    setrlimit(RLIMIT_AS, &limit);
  }
#else
  (void)files;
#endif
}

// The kernel sends SIGXCPU at the soft limit and SIGKILL at the hard one,
// a second later, should anything have caught the first.
void cap_processor_time(double seconds) {
  const auto soft = static_cast<rlim_t>(seconds);
  rlimit limit{};
  if (getrlimit(RLIMIT_CPU, &limit) != 0) return;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur <= soft) return;
  limit.rlim_cur = soft;
  if (limit.rlim_max == RLIM_INFINITY || limit.rlim_max > soft + 1) limit.rlim_max = soft + 1;
  setrlimit(RLIMIT_CPU, &limit);
}

[[noreturn]] void child(int fd, const Isolation& isolation, double processor_seconds,
                        const std::function<int(std::ostream&, std::ostream&)>& work) {
  // The child dies with its parent (a SIGTERM to wfsim), removing its
  // temporaries in its own handler, rather than writing on alone.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() == 1) _exit(kExitError);
  // A fault must kill the child for the parent to see it: handlers it
  // inherited (a test framework's, a sanitizer's) would report and exit.
  for (int s : kFaults) ::signal(s, SIG_DFL);
  ::signal(SIGXCPU, SIG_DFL);
#ifdef WFSIM_ADDRESS_SANITIZER
  // A sanitizer that stops the child (HDF5 1.10 copies overlapping memory
  // on some damaged files) exits with a status of its own, not a signal:
  // make it the fault it is, so the verdict is the same as in a plain
  // build. Its report stays on the child's standard error.
  __sanitizer_set_death_callback([] { ::abort(); });
#else
  // The child speaks through the pipe only. What a library prints itself
  // as it fails (glibc's "munmap_chunk(): invalid pointer" on a damaged
  // heap, to the terminal unless told otherwise) would be a second message
  // beside the parent's one verdict. (A sanitizer's report is kept.)
  ::setenv("LIBC_FATAL_STDERR_", "1", 1);
  if (const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC); null >= 0) {
    ::dup2(null, STDERR_FILENO);
    ::close(null);
  }
#endif
  cap_memory(isolation.files);
  cap_processor_time(processor_seconds);
  std::ostringstream out, err;
  int status = kExitError;
  try {
    status = work(out, err);
  } catch (const std::bad_alloc&) {
    err << "wfsim: error: out of memory: this run needs more memory than the machine gives it\n";
  } catch (const std::exception& e) {
    err << "wfsim: error: " << printable(e.what()) << '\n';
  }
  write_all(fd, reinterpret_cast<const char*>(&status), sizeof status);
  write_block(fd, out.str());
  write_block(fd, err.str());
  ::close(fd);
  // No destructors, no atexit handlers: they belong to the parent.
  _exit(0);
}

double used_processor_seconds(const rusage& usage) {
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec * 1e-6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

double reading_seconds(const std::vector<std::string>& files) {
  return 10.0 + 4.0 * static_cast<double>(total_size(files)) / (1 << 20);
}

void lift_reading_limits() {
  // The processor-time hard limit was lowered, which only root may undo:
  // the soft limit goes up to it, and the child has used its time by then
  // or not (Chromium, a process of its own, starts with none used).
  for (const int resource : {RLIMIT_AS, RLIMIT_CPU}) {
    rlimit limit{};
    if (getrlimit(resource, &limit) == 0 && limit.rlim_cur != limit.rlim_max) {
      limit.rlim_cur = limit.rlim_max;
      setrlimit(resource, &limit);
    }
  }
}

int run_isolated(const Isolation& isolation,
                 const std::function<int(std::ostream&, std::ostream&)>& work, std::ostream& out,
                 std::ostream& err) {
  out.flush();
  err.flush();
  // Whole seconds: the kernel's limit is in seconds.
  const double limit_seconds =
      std::ceil(isolation.processor_seconds > 0 ? isolation.processor_seconds
                                                : reading_seconds(isolation.files));
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error(fmt::format("cannot make a pipe: {}", std::strerror(errno)));
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int error = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::runtime_error(fmt::format("cannot start a process: {}", std::strerror(error)));
  }
  if (pid == 0) {
    ::close(fds[0]);
    child(fds[1], isolation, limit_seconds, work);
  }
  ::close(fds[1]);
  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t k = ::read(fds[0], buffer, sizeof buffer);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    bytes.append(buffer, static_cast<std::size_t>(k));
  }
  ::close(fds[0]);
  int wait_status = 0;
  rusage usage{};
  while (::wait4(pid, &wait_status, 0, &usage) < 0 && errno == EINTR) {
  }

  int status = kExitError;
  std::string child_out, child_err;
  std::size_t at = sizeof status;
  if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0 && bytes.size() >= sizeof status &&
      read_block(bytes, at, child_out) && read_block(bytes, at, child_err)) {
    std::memcpy(&status, bytes.data(), sizeof status);
    out << child_out;
    err << child_err;
    return status;
  }
  // The child died: its temporaries are those of a process that is gone.
  for (const auto& folder : isolation.folders)
    sweep_stale_temporaries(folder.empty() ? std::filesystem::path(".") : folder);
  std::string files;
  for (const auto& f : isolation.files) files += (files.empty() ? "" : ", ") + printable(f);
  if (WIFSIGNALED(wait_status)) {
    const int s = WTERMSIG(wait_status);
    if (s == SIGXCPU || (s == SIGKILL && used_processor_seconds(usage) >= limit_seconds)) {
      err << fmt::format(
          "wfsim {}: {}: damaged: reading it did not finish within {:.0f} s of processor time "
          "(the HDF5 library loops on some damaged files); nothing was written\n",
          isolation.command, files, limit_seconds);
      return kExitBadInput;
    }
    if (std::find(std::begin(kFaults), std::end(kFaults), s) != std::end(kFaults)) {
      err << fmt::format(
          "wfsim {}: {}: damaged: the HDF5 library failed reading it ({}); nothing was "
          "written\n",
          isolation.command, files, strsignal(s));
      return kExitBadInput;
    }
    err << fmt::format("wfsim {}: stopped by a signal ({}) while reading {}; nothing was written\n",
                       isolation.command, strsignal(s), files);
    return kExitError;
  }
  err << fmt::format(
      "wfsim {}: the process reading {} ended without a result; nothing was "
      "written\n",
      isolation.command, files);
  return kExitError;
}

}  // namespace wfsim
