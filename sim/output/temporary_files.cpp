#include "output/temporary_files.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cctype>
#include <charconv>
#include <cstdint>
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

// This machine's tag in temporaries' names: 8 hex digits of an FNV-1a
// hash of its host name. Process ids name processes of one machine only,
// so the sweep of a folder that runs on several machines share (a cluster's
// file system) must leave other machines' temporaries alone.
const std::string& host_tag() {
  static const std::string tag = [] {
    char name[256] = {};
    gethostname(name, sizeof name - 1);
    std::uint32_t hash = 2166136261u;
    for (const char* c = name; *c; ++c) hash = (hash ^ static_cast<unsigned char>(*c)) * 16777619u;
    return fmt::format("{:08x}", hash);
  }();
  return tag;
}

// Whose a temporary is, by its name ".<name>.tmp-<pid>-<host tag>": pid 0
// when the name is not a temporary's. A suffix after it (".html", which
// Chromium needs to see) is allowed, and so is a name without the host
// tag (wfsim 0.x before the tag, JUnit reports of older builds), whose
// host is then unknown.
struct Owner {
  pid_t pid = 0;
  std::string_view host;
};
Owner owner_of(const std::string& name) {
  if (name.size() < 2 || name[0] != '.') return {};
  const std::size_t at = name.rfind(".tmp-");
  if (at == std::string::npos || at == 0) return {};
  const char* first = name.data() + at + 5;
  const char* last = name.data() + name.size();
  long pid = 0;
  auto [end, error] = std::from_chars(first, last, pid);
  if (error != std::errc() || pid <= 0) return {};
  Owner owner{static_cast<pid_t>(pid), {}};
  if (end != last && *end == '-') {
    const char* tag = end + 1;
    end = tag;
    while (end != last && std::isxdigit(static_cast<unsigned char>(*end))) ++end;
    if (end - tag != 8) return {};
    owner.host = std::string_view(tag, 8);
  }
  if (end != last && *end != '.') return {};
  return owner;
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
  return target.parent_path() /
         fmt::format(".{}.tmp-{}-{}", target.filename().string(), getpid(), host_tag());
}

std::filesystem::path scratch_for(const std::filesystem::path& target, std::string_view role) {
  return target.parent_path() /
         fmt::format(".{}.{}.tmp-{}-{}", target.filename().string(), role, getpid(), host_tag());
}

int sweep_stale_temporaries(const std::filesystem::path& folder) {
  std::error_code error;
  const std::filesystem::path where = folder.empty() ? "." : folder;
  std::filesystem::directory_iterator it(where, error), end;
  int removed = 0;
  for (; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    const Owner owner = owner_of(name);
    const pid_t pid = owner.pid;
    if (pid == 0 || pid == getpid()) continue;
    if (!owner.host.empty() && owner.host != host_tag()) continue;  // another machine's
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
