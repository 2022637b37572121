#pragma once
// `wfsim compare`: the headline measures of several runs side by side, the
// difference between two runs of one system, and the outliers among peers
// (docs/output.md "Comparing runs").
//
// Loading (compare_load.cpp) reads files through RunReader into plain
// UnitValues, the replicate means of one plan year; everything after that
// (measures, fences, the table, its text and CSV) is plain arithmetic here.

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace wfsim {

struct CompareOptions {
  std::vector<std::string> files;
  // "system": a row per system; "scenario": a column per file (a national
  // file's systems summed); "": "system" when any file has a system
  // dimension, else "scenario".
  std::string by;
  double per = 100000;              // population base of the per-capita measures
  std::string year;                 // plan-year label; "": the last plan year
  std::string plan = "reconciled";  // national files: "submitted" or "reconciled"
  std::string csv;                  // also write the table here as CSV; "": no
};

// One system or scenario as compared: replicate means of the annual
// variables the measures need, in one plan year.
struct UnitValues {
  std::string label;      // the row or column heading
  std::string system_id;  // "" when the file does not say
  // The run it comes from: a file, or one variant of a sweep file; an index
  // into CompareInput::runs.
  std::size_t run = 0;
  double population = 0;  // people served; 0: unknown
  std::vector<std::string> groups;
  // Aligned with groups: false where a system of a national file does not
  // model the group (its zeros there are alignment's, not a value), so its
  // measures there are undefined. Empty: every group is modelled.
  std::vector<bool> modelled;
  // By variable name (fte, headcount, leavers, ...): [group], aligned with groups.
  std::vector<std::pair<std::string, std::vector<double>>> annual;
  int warnings = 0, criticals = 0;  // flags raised in the year

  const std::vector<double>* find(const std::string& variable) const;
};

// What compare_load found, ready for the measures.
struct CompareInput {
  std::vector<UnitValues> units;
  std::vector<std::string> runs;  // what each run is: "england.h5 (England: ...)"
  bool by_system = false;
  std::string year;
  bool monte_carlo = false;  // any file with more than one replicate
  bool national = false;     // any file with a plan dimension
  std::string plan;          // the plan shown of national files
};

// Reads the files and checks they can be compared. Throws FileError (bad
// input) for a missing, non-wfsim, or incompatible file, or a bad option.
CompareInput load_comparison(const CompareOptions& options);

enum class MeasureKind { population, per_capita, percent, count };

struct Measure {
  std::string id;            // CSV name: "fte_per_100000.nurse", "leaver_rate_pct", ...
  std::string label;         // row label: "FTE per 100,000: nurse"
  std::string head1, head2;  // a short two-line column heading
  MeasureKind kind = MeasureKind::percent;
  bool outliers = true;  // sought among peers (not for population)
};

// Tukey fences: quartiles by linear interpolation between order statistics
// (Hyndman and Fan type 7, the default of R and numpy), then Q1 - 1.5 IQR
// and Q3 + 1.5 IQR. nullopt with fewer than 4 finite values.
struct Fences {
  double q1 = 0, q3 = 0, lower = 0, upper = 0;
};
std::optional<Fences> tukey_fences(const std::vector<double>& values);
// Whether a value lies strictly beyond the fences.
inline bool beyond(const Fences& f, double v) {
  return v < f.lower || v > f.upper;
}
// The p-quantile of sorted finite values by linear interpolation (type 7).
double quantile_type7(const std::vector<double>& sorted, double p);

struct Outlier {
  std::size_t measure, unit;
  double value;
  Fences fences;
};

// Units to be shown as pairs with their difference: exactly two runs, each
// holding each of the same system ids once (two runs of one system, or two
// national files of the same systems). [first run's unit, second run's];
// empty when the units do not pair.
std::vector<std::pair<std::size_t, std::size_t>> paired_units(const CompareInput& input);

struct CompareTable {
  std::vector<Measure> measures;
  std::vector<std::string> units;           // labels
  std::vector<std::vector<double>> values;  // [measure][unit]; NaN: not defined
  // Paired units are laid out first, second, difference. A single pair by
  // scenario is headed by the units' labels and "difference"; pairs by
  // system are labelled "<system> A", "<system> B" and "<system> B-A".
  bool has_difference = false;
  bool by_system = false;         // units as rows
  std::vector<std::string> runs;  // by system, when paired: "A: ...", "B: ..."
  std::string year;
  double per = 100000;
  std::size_t peers = 0;  // units each set of fences was computed over
  // Fences within each run's units (more than one pair), not across runs,
  // so that one run's systems are not judged against the other run's.
  bool fences_per_run = false;
  std::vector<Outlier> outliers;
  std::string title;

  bool is_outlier(std::size_t measure, std::size_t unit) const;
};

// The measures of every unit, the differences of paired units, and the
// outliers.
CompareTable build_comparison(const CompareInput& input, double per);

// Aligned plain text, blocks of columns no wider than `width`.
void print_comparison(const CompareTable& table, std::ostream& out, std::size_t width = 100);
// The same table as CSV (RFC 4180), values at full precision, plus an
// `outliers` column.
void write_comparison_csv(const CompareTable& table, std::ostream& out);

}  // namespace wfsim
