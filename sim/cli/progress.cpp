#include "cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <ostream>

namespace wfsim {

bool stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

Progress::Progress(std::ostream& err, long total, bool enabled)
    : err_(err),
      total_(total),
      enabled_(enabled && total > 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
  if (enabled_ && done_ > 0) draw(true);
}

void Progress::tick() {
  ++done_;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && done_ < total_) return;
  last_draw_ = now;
  draw(false);
}

void Progress::draw(bool final) {
  constexpr int kWidth = 30;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? done_ / elapsed : 0;
  const double left = rate > 0 ? (total_ - done_) / rate : 0;
  const int filled = static_cast<int>(kWidth * done_ / total_);
  err_ << fmt::format("\r[{}{}] {}/{} replicates  {:.0f}/s  {:.0f}s left ",
                      std::string(filled, '#'), std::string(kWidth - filled, ' '), done_, total_,
                      rate, left);
  if (final) err_ << '\n';
  err_.flush();
}

}  // namespace wfsim
