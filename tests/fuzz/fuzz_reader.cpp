// libFuzzer harness for the HDF5 reader, through what `export` and
// `compare` do with a file: the input is written as a file and both
// commands read it. A damaged file must give exit 2 (or 0 if it still
// reads), never a crash, and both commands must agree on whether the file
// can be read.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "fuzz_folder.h"
#include "output/compare.h"

namespace {

namespace fs = std::filesystem;

const fs::path& folder() {
  // /dev/shm when there is one: the file is rewritten for every input.
  static const wfsim::fuzz::Folder dir(
      fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path(),
      "wfsim-fuzz-reader");
  return dir.path();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path file = folder() / "input.h5";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::ostringstream out, err;
  wfsim::ExportOptions export_options;
  export_options.run = file.string();
  export_options.csv_directory = (folder() / "csv").string();
  export_options.quiet = true;
  const int exported = wfsim::export_command(export_options, out, err);

  wfsim::CompareOptions compare;
  compare.files = {file.string()};
  const int compared = wfsim::compare_command(compare, out, err);
  // A file HDF5 loops on is refused at the child's time limit: kept, when
  // asked, as a regression input for the suite (run-fuzzer asks).
  if (const char* keep = std::getenv("WFSIM_FUZZ_KEEP_SLOW");
      keep && err.str().find("did not finish within") != std::string::npos) {
    std::error_code error;
    fs::copy_file(file, fs::path(keep) / ("slow-" + std::to_string(size) + ".h5"),
                  fs::copy_options::overwrite_existing, error);
  }
  // One reader, one verdict: a file export refuses, compare refuses too
  // (compare may refuse more: it needs measures export does not).
  if (exported != 0 && exported != 2) std::abort();
  if (compared != 0 && compared != 2) std::abort();
  if (exported == 2 && compared == 0) std::abort();
  return 0;
}
