#include "output/run_file_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>

#include "engine/variables.h"
#include "output/hdf5_reader.h"

namespace wfsim {
namespace {

constexpr std::string_view kDimensions[] = {"system",   "plan",     "variant", "replicate",
                                            "quantile", "time",     "year",    "staff_group",
                                            "age_band", "pipeline", "flag",    "pool",
                                            "nv"};

bool is_dimension(std::string_view name) {
  for (std::string_view d : kDimensions)
    if (d == name) return true;
  return false;
}

// A variable of OUTPUT.md's table (or its by-age or pipeline companion),
// as named in `group` (/summary adds `_mean` variants).
bool is_table_variable(std::string_view name, std::string_view group) {
  if (group == "summary" && name.size() > 5 && name.ends_with("_mean")) name.remove_suffix(5);
  if (name == "headcount_by_age" || name == "in_training") return true;
  if (group.empty() || group == "national") {
    for (const VariableInfo& v : kMonthlyVariables)
      if (v.name == name) return true;
    return false;
  }
  return annual_variable_index(name) < kAnnualVarCount;
}

}  // namespace

void check_run_file(const RunReader& reader) {
  const std::string file = reader.path().string();
  for (const char* attribute : {"wfsim_version", "scenario_name", "scenario_file",
                                "scenario_resolved", "system_id", "system_name", "created"})
    reader.string_attribute(attribute);
  for (const char* group : {"", "annual", "summary", "flags", "national/annual", "pools"}) {
    const std::string g = group;
    if (!g.empty() && !reader.has(g)) continue;
    const std::string prefix = g.empty() ? "" : g + "/";
    // Commands open some objects by name: one that is neither a dataset
    // nor a group (a damaged header) would stop one command and not another.
    const std::vector<std::string> datasets = reader.datasets(g), groups = reader.groups(g);
    for (const std::string& name : reader.objects(g))
      if (std::find(datasets.begin(), datasets.end(), name) == datasets.end() &&
          std::find(groups.begin(), groups.end(), name) == groups.end())
        throw FileError(fmt::format("{}: {}{}: neither a dataset nor a group (a damaged file?)",
                                    file, prefix, name));
    for (const std::string& name : datasets) {
      const std::string path = prefix + name;
      // Read by export (its variables.csv), so read here too: one verdict.
      for (const char* attribute : {"units", "long_name"})
        reader.dataset_string_attribute(path, attribute);
      const bool table =
          g != "pools" && g != "flags" && is_table_variable(name, g == "national/annual" ? "annual" : g);
      if (reader.is_strings(path)) {
        if (table)
          throw FileError(
              fmt::format("{}: {} holds strings where OUTPUT.md has numbers", file, path));
        // Labels are small and every command reads some of them: all are
        // read here, so that a damaged heap stops every command alike.
        if (reader.shape(path).size() == 1) reader.read_strings(path);
        continue;
      }
      // Compressed values are decoded too: export reads them all, compare
      // few, and a chunk that does not inflate must stop both.
      const Array a = reader.verify(path);
      for (std::size_t i = 0; i < a.dims.size(); ++i) {
        const std::string& dim = a.dims[i];
        if (dim.empty()) {
          if (table)
            throw FileError(fmt::format("{}: {} has no dimension scale on axis {}", file, path, i));
          continue;
        }
        if (!is_dimension(dim))
          throw FileError(fmt::format("{}: {} has a dimension '{}' that wfsim does not write", file,
                                      path, dim));
        const std::vector<std::size_t> coordinate = reader.shape(prefix + dim);
        if (coordinate.size() != 1 || coordinate[0] != a.shape[i])
          throw FileError(fmt::format(
              "{}: {} has {} values along {}, but its coordinate {} does not have as many", file,
              path, a.shape[i], dim, prefix + dim));
      }
      if (!table) continue;
      const char* period = g.empty() ? "time" : "year";
      const bool mean = g == "summary" && name.ends_with("_mean");
      const char* draws = g == "summary" ? "quantile" : "replicate";
      if (a.axis(period) < 0 || (!mean && a.axis(draws) < 0) ||
          (a.axis("staff_group") < 0 && a.axis("pipeline") < 0))
        throw FileError(
            fmt::format("{}: {} does not have the dimensions OUTPUT.md gives it ({}{}, "
                        "{}, staff_group)",
                        file, path, mean ? "" : draws, mean ? "" : ",", period));
    }
  }
  if (reader.has("time")) {
    const std::string units = reader.dataset_string_attribute("time", "units").value_or("");
    int year = 0, month = 0, day = 0;
    if (std::sscanf(units.c_str(), "days since %d-%d-%d", &year, &month, &day) != 3 || month < 1 ||
        month > 12)
      throw FileError(
          fmt::format("{}: time has units '{}', not 'days since YYYY-MM-DD'", file, units));
  }
}

}  // namespace wfsim
