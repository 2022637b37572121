#pragma once
// `extends` and `include` (SCENARIO.md "Layering"): one merged TOML
// document from a scenario file and the files it names.
//
// Merge rules: tables merge key by key; arrays of tables merge by `id`
// (`target` for [[sweep]] and [[uncertainty.parameter]]): a known id
// overrides that element's keys, a new one is appended, `remove = true`
// drops it; any other value replaces. The document is the extended base,
// then each included data file in order, then the file's own keys: its own
// values win over its includes, and an include wins over the base. Nodes
// are moved, never copied, so every value keeps the file, line and column
// it came from.

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"

namespace wfsim::scenario {

struct LayeredDocument {
  std::optional<toml::table> table;  // unset when a file could not be read or parsed
  std::set<std::string> data_files;  // every file loaded through `include`, as named in messages
  std::vector<std::string> files;    // every file read: this one, what it extends and includes
};

// Loads `text` (the file `path`, named as the user wrote it) with
// everything it extends and includes. Problems go to `out`; the document
// is still returned when they are only merge problems.
LayeredDocument load_layered(std::string_view text, const std::filesystem::path& path,
                             Diagnostics& out);

// The most bytes a scenario, national or included file may have
// (docs/reliability.md): a plan is kilobytes; a file of gigabytes is a
// mistake that would otherwise take memory several times its size.
inline constexpr std::size_t kMaxInputBytes = std::size_t{64} << 20;
// The most files an `extends` and `include` chain may nest, so that a
// chain of thousands is bad input, not a stack overflow.
inline constexpr std::size_t kMaxLayerDepth = 64;

// A whole input file, or why it could not be read ("No such file or
// directory", "is larger than the 64 MiB limit", a read error).
struct InputText {
  std::optional<std::string> text;
  std::string problem;
};
InputText read_input_file(const std::filesystem::path& path);

// Reads a whole file; nullopt when it cannot be read (read_input_file says why).
std::optional<std::string> read_text_file(const std::filesystem::path& path);

}  // namespace wfsim::scenario
