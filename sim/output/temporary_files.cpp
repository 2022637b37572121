#include "output/temporary_files.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <mutex>
#include <system_error>

namespace wfsim {
namespace {

// Fixed storage, so the signal handler touches no allocator: each slot
// holds a NUL-terminated path while `used` is set.
constexpr int kSlots = 16;
constexpr std::size_t kPathBytes = 4096;
char g_paths[kSlots][kPathBytes];
std::atomic<bool> g_used[kSlots];
std::mutex g_slots_mutex;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void remove_temporaries_and_die(int signal_number) {
  for (int i = 0; i < kSlots; ++i)
    if (g_used[i].load()) unlink(g_paths[i]);  // async-signal-safe
  // Die of the same signal, so the parent sees what happened (status 130
  // for SIGINT in a shell).
  struct sigaction fallback {};
  fallback.sa_handler = SIG_DFL;
  sigemptyset(&fallback.sa_mask);
  sigaction(signal_number, &fallback, nullptr);
  raise(signal_number);
}

void install_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int s : kSignals) {
      struct sigaction previous {};
      sigaction(s, nullptr, &previous);
      if (previous.sa_handler == SIG_IGN) continue;  // nohup: leave it ignored
      struct sigaction action {};
      action.sa_handler = remove_temporaries_and_die;
      sigemptyset(&action.sa_mask);
      sigaction(s, &action, nullptr);
    }
  });
}

// The pid of a temporary's name ".<name>.tmp-<pid>", or 0; a suffix after
// the pid (".html", which Chromium needs to see) is allowed.
pid_t pid_of(const std::string& name) {
  if (name.size() < 2 || name[0] != '.') return 0;
  const std::size_t at = name.rfind(".tmp-");
  if (at == std::string::npos || at == 0) return 0;
  const char* first = name.data() + at + 5;
  const char* last = name.data() + name.size();
  long pid = 0;
  const auto [end, error] = std::from_chars(first, last, pid);
  if (error != std::errc() || (end != last && *end != '.') || pid <= 0) return 0;
  return static_cast<pid_t>(pid);
}

}  // namespace

std::optional<TargetProblem> target_problem(const std::filesystem::path& target,
                                            const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  const std::string named = target.string();
  std::error_code error;
  if (named.empty()) return TargetProblem{"an empty file name"};
  const fs::file_status status = fs::status(target, error);  // follows links
  if (fs::is_directory(status) || named.back() == '/')
    return TargetProblem{fmt::format("{}: is a directory; name a file to write", named)};
  if (fs::exists(status) && !fs::is_regular_file(status))
    return TargetProblem{fmt::format(
        "{}: exists and is not a regular file (a device, fifo or socket); wfsim only replaces "
        "regular files",
        named)};
  if (fs::exists(status))
    for (const std::string& input : inputs)
      if (fs::equivalent(target, input, error))
        return TargetProblem{
            fmt::format("{}: is an input of this run ({}); name another file", named, input)};
  const fs::path folder = target.parent_path();
  if (!folder.empty()) {
    const fs::file_status f = fs::status(folder, error);
    if (!fs::exists(f))
      return TargetProblem{fmt::format("{}: no directory {}", named, folder.string()), false};
    if (!fs::is_directory(f))
      return TargetProblem{fmt::format("{}: {} is not a directory", named, folder.string()), false};
  }
  return std::nullopt;
}

std::filesystem::path temporary_for(const std::filesystem::path& target) {
  return target.parent_path() / fmt::format(".{}.tmp-{}", target.filename().string(), getpid());
}

std::filesystem::path scratch_for(const std::filesystem::path& target, std::string_view role) {
  return target.parent_path() /
         fmt::format(".{}.{}.tmp-{}", target.filename().string(), role, getpid());
}

int sweep_stale_temporaries(const std::filesystem::path& folder) {
  std::error_code error;
  const std::filesystem::path where = folder.empty() ? "." : folder;
  std::filesystem::directory_iterator it(where, error), end;
  int removed = 0;
  for (; !error && it != end; it.increment(error)) {
    const pid_t pid = pid_of(it->path().filename().string());
    if (pid == 0 || pid == getpid()) continue;
    std::error_code ignored;
    if (!it->is_regular_file(ignored)) continue;
    // ESRCH: no such process. EPERM means it lives under another user.
    if (kill(pid, 0) == 0 || errno != ESRCH) continue;
    if (std::filesystem::remove(it->path(), ignored)) ++removed;
  }
  return removed;
}

TemporaryGuard::TemporaryGuard(const std::filesystem::path& path) {
  install_handlers();
  const std::string text = std::filesystem::absolute(path).string();
  if (text.size() >= kPathBytes) return;  // not removed on a signal; still removed on error
  std::lock_guard lock(g_slots_mutex);
  for (int i = 0; i < kSlots; ++i)
    if (!g_used[i].load()) {
      std::memcpy(g_paths[i], text.c_str(), text.size() + 1);
      g_used[i].store(true);
      slot_ = i;
      return;
    }
}

TemporaryGuard::~TemporaryGuard() {
  if (slot_ < 0) return;
  std::lock_guard lock(g_slots_mutex);
  g_used[slot_].store(false);
}

}  // namespace wfsim
