// libFuzzer harness for the scenario loader (text to Model).
//
// One input is up to three files, separated by a line "#---": the scenario
// (main.toml), then base.toml and data.toml beside it, so that `extends =
// "base.toml"` and `include = ["data.toml"]` in the fuzzed text follow into
// fuzzed files too. The loader must never crash, and what it reports must
// keep to the promise every message makes: one line, no control characters.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "fuzz_folder.h"
#include "scenario/load.h"

namespace {

namespace fs = std::filesystem;

const fs::path& folder() {
  static const wfsim::fuzz::Folder dir(fs::temp_directory_path(), "wfsim-fuzz-scenario");
  return dir.path();
}

void write(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

bool printable_line(const std::string& text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSeparator = "\n#---\n";
  const char* names[] = {"main.toml", "base.toml", "data.toml"};
  std::size_t from = 0;
  for (int part = 0; part < 3; ++part) {
    std::size_t to = part < 2 ? input.find(kSeparator, from) : std::string_view::npos;
    const std::string_view text =
        from <= input.size() ? input.substr(from, to == std::string_view::npos ? to : to - from)
                             : std::string_view{};
    write(folder() / names[part], text);
    from = to == std::string_view::npos ? input.size() + 1 : to + kSeparator.size();
  }
  const wfsim::LoadResult result = wfsim::load_scenario(folder() / "main.toml");
  if (result.ok() != result.diagnostics.empty()) std::abort();
  for (const wfsim::Diagnostic& d : result.diagnostics)
    if (!printable_line(d.format())) std::abort();
  return 0;
}
