#pragma once
// Scenario text -> validated Model (SCENARIO.md). Only this layer sees TOML.
//
// Loading reads the file, follows `extends` (the base first, this file
// merged on top) and `include` (shared data), checks every key and value,
// and either returns a finalized Model or every problem found, each with
// file, line, column and key. It never throws for bad input.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/model.h"

namespace wfsim {

struct LoadResult {
  std::optional<Model> model;  // set only when diagnostics is empty
  Diagnostics diagnostics;
  // Every file read (the scenario, what it extends and includes): a run
  // must not write its output over one of them.
  std::vector<std::string> files;
  bool ok() const { return model.has_value(); }
};

// `path` is used as written in messages and in Model::file.
LoadResult load_scenario(const std::filesystem::path& path);

// Loads from text in memory; `path` names it in messages and anchors
// relative `extends` and `include` paths.
LoadResult load_scenario_text(std::string_view text, const std::filesystem::path& path);

}  // namespace wfsim
