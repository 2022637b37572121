#include "report/report_pdf.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace wfsim::report {
namespace {

bool executable(const std::filesystem::path& p) {
  return !p.empty() && access(p.c_str(), X_OK) == 0 && !std::filesystem::is_directory(p);
}

// Runs `args` (args[0] the program) with no input and its output discarded;
// the exit status, or -1 when it did not exit.
int run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t child = fork();
  if (child < 0) throw std::runtime_error("cannot start Chromium: fork failed");
  if (child == 0) {
    const int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

std::optional<std::filesystem::path> find_chromium() {
  if (const char* given = std::getenv("WFSIM_CHROMIUM")) {
    if (executable(given)) return std::filesystem::path(given);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  const std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    std::size_t from = 0;
    while (from <= dirs.size()) {
      const std::size_t colon = std::min(dirs.find(':', from), dirs.size());
      const std::filesystem::path candidate =
          std::filesystem::path(dirs.substr(from, colon - from)) / name;
      if (executable(candidate)) return candidate;
      from = colon + 1;
    }
  }
  return std::nullopt;
}

void print_pdf(const std::filesystem::path& chromium, const std::filesystem::path& html,
               const std::filesystem::path& pdf) {
  // A profile of its own: Chromium refuses a profile another instance holds.
  std::random_device rd;
  const std::filesystem::path profile =
      std::filesystem::temp_directory_path() / fmt::format("wfsim-chromium-{}-{}", getpid(), rd());
  std::filesystem::create_directories(profile);
  const int status =
      run({chromium.string(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions",
           "--no-first-run", "--no-pdf-header-footer", "--user-data-dir=" + profile.string(),
           "--print-to-pdf=" + pdf.string(), "file://" + std::filesystem::absolute(html).string()});
  std::error_code ignored;
  std::filesystem::remove_all(profile, ignored);
  if (status != 0 || !std::filesystem::exists(pdf) || std::filesystem::file_size(pdf) == 0)
    throw std::runtime_error(fmt::format("Chromium ({}) did not print {} (exit status {})",
                                         chromium.string(), pdf.string(), status));
}

}  // namespace wfsim::report
