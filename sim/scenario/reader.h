#pragma once
// Typed, located reads of TOML nodes (scenario layer only).
//
// Every read checks the node's type and range and, on a problem, records a
// Diagnostic with the node's file, line and column and the dotted key path,
// then returns nullopt so the caller can carry on and find the next
// problem. Nothing here throws for bad input.

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/model.h"
#include "model/targets.h"

namespace wfsim::scenario {

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr ValueRange kAnyNumber{-kInf, kInf};
inline constexpr ValueRange kNonNegative{0, kInf};
inline constexpr ValueRange kPositive{0, kInf, true, false};
inline constexpr ValueRange kShare{0, 1};
inline constexpr ValueRange kFtePerHead{0, 1, true, false};
inline constexpr ValueRange kGrowth{-1, kInf, true, false};
inline constexpr ValueRange kGain{-kInf, 1, false, true};

// Shares that must sum to 1 (or month profiles with mean 1) may miss by this.
inline constexpr double kShareTolerance = 1e-6;

// "must be in [0, 1], got 11" and friends.
std::string range_message(const ValueRange& range, double value);
// "a string", "an integer", "a float", "a table" ...
std::string type_name(const toml::node& node);
// Shortest text that reads back as the same double ("0.9", "11").
std::string number_text(double value);
// Levenshtein distance, for "did you mean" hints.
int edit_distance(std::string_view a, std::string_view b);
// [a-z][a-z0-9_]*
bool is_snake_id(std::string_view id);
// "duplicate id 'nurse' (first given at file:line:column)"
std::string repeated_id_message(std::string_view id_key, std::string_view id,
                                const SourceLocation& first);

class Reader {
 public:
  // `root_file` names nodes that carry no source path. `data_files` are the
  // files loaded through `include`: per-year series read from them may be
  // longer than the plan.
  Reader(Diagnostics& out, std::string root_file, std::set<std::string> data_files)
      : out_(out), root_file_(std::move(root_file)), data_files_(std::move(data_files)) {}

  int years = 5;  // the plan length per-year reads expect
  // Data-file series longer than `years` that per_year() read: the resolved
  // scenario cuts them, so that it reads back as a scenario of its own.
  std::vector<const toml::array*> longer_series;

  SourceLocation where(const toml::source_region& region) const;
  SourceLocation where(const toml::node& node) const { return where(node.source()); }
  void error(const toml::node& at, std::string key, std::string message);
  void error(const SourceLocation& at, std::string key, std::string message);
  // "missing required key", pointing at the table that lacks it.
  void missing(const toml::node& table, const std::string& key);

  // Reports every key of `table` not in `known` as unknown, with a hint
  // when a known key is within edit distance 2.
  void check_keys(const toml::table& table, const std::string& path,
                  std::initializer_list<std::string_view> known);
  void check_keys(const toml::table& table, const std::string& path,
                  const std::vector<std::string_view>& known);

  // Typed reads; nullopt after reporting a problem. A null node is not a
  // problem (an absent optional key) and gives nullopt too.
  const toml::table* table(const toml::node* node, const std::string& key);
  std::optional<double> number(const toml::node* node, const std::string& key,
                               const ValueRange& range);
  std::optional<std::int64_t> integer(const toml::node* node, const std::string& key,
                                      std::int64_t low, std::int64_t high);
  std::optional<std::string> string(const toml::node* node, const std::string& key);
  std::optional<bool> boolean(const toml::node* node, const std::string& key);
  // A scalar (every year) or exactly `years` values; a longer series from
  // a data file is cut to `years`.
  std::optional<PerYear> per_year(const toml::node* node, const std::string& key,
                                  const ValueRange& range);
  // 12 values in `range` (month profiles).
  std::optional<MonthProfile> twelve(const toml::node* node, const std::string& key,
                                     const ValueRange& range);
  // An id reference: a string naming one of `ids`; `what` names the kind
  // in the message ("unknown staff group 'x'"). -1 after a problem.
  int reference(const toml::node* node, const std::string& key, const std::vector<std::string>& ids,
                std::string_view what);

 private:
  Diagnostics& out_;
  std::string root_file_;
  std::set<std::string> data_files_;
};

// Entries of a table in source order (toml++ keeps keys sorted by name).
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& table);

}  // namespace wfsim::scenario
