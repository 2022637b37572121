#include "scenario/load.h"

#include <algorithm>
#include <sstream>
#include <tuple>

#include "scenario/build_model.h"
#include "scenario/layering.h"
#include "scenario/reader.h"

namespace wfsim {
namespace {

// Problems in reading order: by file, line and column; one copy of each
// (a bad [defaults] value is met once per staff group that uses it).
void tidy(Diagnostics& diagnostics) {
  auto order = [](const Diagnostic& d) {
    return std::tie(d.where.file, d.where.line, d.where.column, d.key, d.message);
  };
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return order(a) < order(b); });
  diagnostics.erase(
      std::unique(diagnostics.begin(), diagnostics.end(),
                  [&](const Diagnostic& a, const Diagnostic& b) { return order(a) == order(b); }),
      diagnostics.end());
}

}  // namespace

LoadResult load_scenario(const std::filesystem::path& path) {
  scenario::InputText text = scenario::read_input_file(path);
  if (!text.text) {
    LoadResult result;
    result.diagnostics.push_back(
        Diagnostic{{path.generic_string(), 0, 0}, "", "cannot read the scenario: " + text.problem});
    return result;
  }
  return load_scenario_text(*text.text, path);
}

LoadResult load_scenario_text(std::string_view text, const std::filesystem::path& path) {
  LoadResult result;
  Diagnostics& problems = result.diagnostics;
  scenario::LayeredDocument document = scenario::load_layered(text, path, problems);
  result.files = document.files;
  if (!document.table || !problems.empty()) {
    tidy(problems);
    return result;
  }

  Model model;
  model.file = path.generic_string();
  scenario::Reader reader(problems, model.file, document.data_files);
  scenario::build_model(reader, *document.table, model);
  scenario::build_checks(reader, *document.table, model);
  scenario::build_solve(reader, *document.table, model);

  // The resolved text is a scenario of its own, no longer a data file, so
  // the longer series it took from data files are cut to the plan.
  for (const toml::array* series : reader.longer_series) {
    auto& array = const_cast<toml::array&>(*series);           // a node of `document`, which we own
    if (array.size() > static_cast<std::size_t>(model.years))  // a series read twice is cut once
      array.erase(array.begin() + model.years, array.end());
  }
  auto resolved = std::make_shared<const toml::table>(std::move(*document.table));
  model.resolved_toml = LazyText([resolved] {
    std::ostringstream printed;
    printed << *resolved;
    return printed.str();
  });
  // A cycle is worth reporting beside other problems; the rest of
  // finalize_model() would only echo them (a cost of 0 after a bad band mix).
  Diagnostics late = problems.empty() ? finalize_model(model) : order_skill_mix(model);
  problems.insert(problems.end(), late.begin(), late.end());
  tidy(problems);
  if (problems.empty()) result.model = std::move(model);
  return result;
}

}  // namespace wfsim
