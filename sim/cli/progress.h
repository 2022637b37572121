#pragma once
// A progress bar on standard error for long runs: replicates done, rate and
// time left. It draws only when standard error is a terminal, at most ten
// times a second, so logs and CI output stay clean.

#include <chrono>
#include <iosfwd>
#include <string>

namespace wfsim {

class Progress {
 public:
  Progress(std::ostream& err, long total, bool enabled);
  ~Progress();  // ends the bar's line
  void tick();

 private:
  void draw(bool final);
  std::ostream& err_;
  long total_, done_ = 0;
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// Whether standard error is a terminal.
bool stderr_is_terminal();

}  // namespace wfsim
