#pragma once
// National file (TOML, docs/national.md) -> validated NationalPlan.
//
// Reads the [national] table and [[pool]] entries strictly, expands the
// `systems` globs relative to the national file, loads every system
// scenario, and checks that they fit together (unique system ids, the same
// start and years, known pool ids). Every problem is returned, each as
// file:line:column: key: message; nothing throws for bad input.

#include <filesystem>
#include <optional>

#include "model/diagnostic.h"
#include "national/national_plan.h"

namespace wfsim {

struct NationalLoadResult {
  std::optional<NationalPlan> plan;  // set only when diagnostics is empty
  Diagnostics diagnostics;
  bool ok() const { return plan.has_value(); }
};

NationalLoadResult load_national(const std::filesystem::path& path);

// True when `path` is a TOML file with a top-level [national] table. A file
// that cannot be read or parsed is not: the scenario loader reports it.
bool is_national_file(const std::filesystem::path& path);

}  // namespace wfsim
