#pragma once
// An output written under a temporary name beside its target and renamed
// onto it only by commit(), so that a failed report never leaves a partial
// file and never touches an earlier one. Uncommitted, it is removed.

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace wfsim::report {

class StagedFile {
 public:
  // `suffix` ends the temporary name (".html": Chromium opens it by type).
  explicit StagedFile(std::filesystem::path target, const std::string& suffix = "")
      : target_(std::move(target)),
        temporary_(target_.parent_path() / ("." + target_.filename().string() + ".tmp-" +
                                            std::to_string(getpid()) + suffix)) {}
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
  bool committed_ = false;
};

}  // namespace wfsim::report
