#pragma once
// What `wfsim report` shows, read from one output file (docs/report.md).
//
// This loader is the report's only knowledge of the file layout (OUTPUT.md,
// docs/output.md, docs/national.md): everything after it (the headline,
// the HTML, the workbook) works on these plain values. It reads through
// RunReader, so that a file which is not wfsim's is a FileError (exit 2).

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "output/hdf5_reader.h"

namespace wfsim::report {

// Values of one annual variable: [year][group].
using Grid = std::vector<std::vector<double>>;

// One plan as the report shows it: a single run, one variant of a sweep,
// one system of a national run, or a national run's totals.
struct PlanView {
  std::string label;
  double population = 0;             // people served; 0: not known
  std::vector<bool> modelled;        // [group]: false where a national system has no such group
  std::map<std::string, Grid> mean;  // annual variables, means over replicates
  // Monte Carlo runs: the quantiles of /summary, [quantile] of Grid, by variable.
  std::map<std::string, std::vector<Grid>> quantiles;

  // The variable's grid, or an empty one when the file lacks it.
  const Grid& at(const std::string& variable) const;
  // The sum over groups in year y.
  double total(const std::string& variable, std::size_t y) const;
};

struct Flag {
  std::string year, group, kind, metric, severity;
  double value = 0, threshold = 0;
  double share = -1;         // Monte Carlo: share of replicates raising it; -1: not given
  long long variant = -1;    // sweeps: the index along variant
  std::string system, plan;  // national runs
};

// The national pools (/pools): [pool][year], and [system][pool][year].
struct Pools {
  std::vector<std::string> ids, names, systems;
  std::map<std::string, std::vector<std::vector<double>>> by_pool;  // volume, total_claimed, ...
  std::map<std::string, std::vector<std::vector<std::vector<double>>>> by_system;  // claimed, ...
};

// A numeric variable of a group the report does not know (a solved plan's
// /solve, say), shown as a table along its labelled axes.
struct ExtraVariable {
  std::string name, units, long_name;
  Array values;
  // The labels along each axis, from the coordinate of the dim's name in
  // the same group; empty where there is none (positions are shown).
  std::vector<std::vector<std::string>> labels;
};
struct ExtraGroup {
  std::string name;
  std::vector<ExtraVariable> variables;
  // 1-D string datasets that label no axis (a status, a list of notes).
  std::vector<std::pair<std::string, std::vector<std::string>>> strings;
};

enum class FileKind { single, monte_carlo, sweep, national };

struct ReportData {
  std::filesystem::path path;
  FileKind kind = FileKind::single;
  int format_version = 0;
  std::string wfsim_version, scenario_name, scenario_file, scenario_resolved, created;
  std::string seed;  // as text: a uint64
  int replicates = 1;
  std::string system_id, system_name;
  std::string start_units;  // `units` of time: "days since 2019-04-01"
  std::vector<std::string> years, group_ids, group_names;
  std::vector<double> quantile_levels;  // /summary's quantile axis; empty: none

  PlanView plan;  // the plan shown in detail: the run, variant 0, or the national totals
  std::vector<PlanView> variants;           // sweeps: every variant (plan is the first)
  std::vector<PlanView> systems;            // national runs: each system's reconciled plan
  std::vector<PlanView> systems_submitted;  // and as submitted
  std::vector<Flag> flags;                  // as the file orders them
  Pools pools;
  std::vector<ExtraGroup> extra;

  bool monte_carlo() const { return replicates > 1; }
  // The name of a group id (the id when the file has no names).
  const std::string& group_name(std::size_t g) const { return group_names[g]; }
};

// Reads everything the report shows. Throws FileError when the file is
// missing, not a wfsim file, or not laid out as a wfsim file.
ReportData load_report_data(const std::filesystem::path& path);

}  // namespace wfsim::report
