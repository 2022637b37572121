#pragma once
// A folder of a harness's own for the files it writes for each input,
// removed when the process exits: libFuzzer ends a run (-max_total_time,
// -runs) with exit(), which runs static destructors. A crash leaves it, as
// it leaves the crashing input. The runs used to leave one folder each, in
// /tmp and in /dev/shm, which is memory.
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace wfsim::fuzz {

class Folder {
 public:
  Folder(const std::filesystem::path& base, const char* prefix) {
    std::string name = (base / (std::string(prefix) + "-XXXXXX")).string();
    if (!mkdtemp(name.data())) std::abort();
    path_ = name;
  }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  ~Folder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace wfsim::fuzz
