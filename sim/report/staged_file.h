#pragma once
// An output written under a temporary name beside its target and renamed
// onto it only by commit(), so that a failed report never leaves a partial
// file and never touches an earlier one. Uncommitted, it is removed.

#include <filesystem>
#include <string>
#include <system_error>

#include "output/temporary_files.h"

namespace wfsim::report {

class StagedFile {
 public:
  // `suffix` ends the temporary name (".html": Chromium opens it by type).
  explicit StagedFile(std::filesystem::path target, const std::string& suffix = "")
      : target_(std::move(target)),
        temporary_(temporary_for(target_).string() + suffix),
        guard_(temporary_) {}
  ~StagedFile() {
    std::error_code ignored;
    if (!committed_) std::filesystem::remove(temporary_, ignored);
  }
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  const std::filesystem::path& path() const { return temporary_; }
  const std::filesystem::path& target() const { return target_; }
  void commit() {
    std::filesystem::rename(temporary_, target_);
    committed_ = true;
  }

 private:
  std::filesystem::path target_, temporary_;
  TemporaryGuard guard_;  // removed on SIGINT/SIGTERM too
  bool committed_ = false;
};

}  // namespace wfsim::report
