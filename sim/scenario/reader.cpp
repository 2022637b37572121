#include "scenario/reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace wfsim::scenario {
namespace {

constexpr double kMaxNumberMagnitude = 1e12;

// A key as TOML writes it in a dotted path: bare when it can be
// (A-Za-z0-9_-), else quoted, so that "" or "a:b" reads as one key.
std::string key_segment(std::string_view key) {
  const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
  });
  if (bare) return std::string(key);
  std::string quoted = "\"";
  for (char c : key) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace

std::string number_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return fmt::format("{}", value);
}

std::string range_message(const ValueRange& range, double value) {
  const std::string got = ", got " + number_text(value);
  const bool has_low = std::isfinite(range.low), has_high = std::isfinite(range.high);
  if (has_low && has_high)
    return fmt::format("must be in {}{}, {}{}{}", range.low_open ? '(' : '[',
                       number_text(range.low), number_text(range.high), range.high_open ? ')' : ']',
                       got);
  if (has_low)
    return fmt::format("must be {} {}{}", range.low_open ? ">" : ">=", number_text(range.low), got);
  if (has_high)
    return fmt::format("must be {} {}{}", range.high_open ? "<" : "<=", number_text(range.high),
                       got);
  return "must be a finite number" + got;
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

int edit_distance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string repeated_id_message(std::string_view id_key, std::string_view id,
                                const SourceLocation& first) {
  return fmt::format("duplicate {} '{}' (first given at {}:{}:{})", id_key, id, first.file,
                     first.line, first.column);
}

bool is_snake_id(std::string_view id) {
  if (id.empty() || id[0] < 'a' || id[0] > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(
    const toml::table& table) {
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [k, v] : table) entries.emplace_back(&k, &v);
  auto position = [](const auto& e) {
    const toml::source_region& s = e.first->source().begin ? e.first->source() : e.second->source();
    return std::tuple(s.path ? *s.path : std::string(), s.begin.line, s.begin.column);
  };
  std::stable_sort(entries.begin(), entries.end(),
                   [&](const auto& a, const auto& b) { return position(a) < position(b); });
  return entries;
}

SourceLocation Reader::where(const toml::source_region& region) const {
  // Only tables made by merging lack a position: the document root.
  if (!region.path && region.begin.line == 0) return SourceLocation{root_file_, 1, 1};
  return SourceLocation{region.path ? *region.path : root_file_,
                        static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

void Reader::error(const toml::node& at, std::string key, std::string message) {
  error(where(at), std::move(key), std::move(message));
}

void Reader::error(const SourceLocation& at, std::string key, std::string message) {
  out_.push_back(Diagnostic{at, std::move(key), std::move(message)});
}

void Reader::missing(const toml::node& table, const std::string& key) {
  error(table, key, "missing required key");
}

void Reader::check_keys(const toml::table& table, const std::string& path,
                        std::initializer_list<std::string_view> known) {
  check_keys(table, path, std::vector<std::string_view>(known));
}

void Reader::check_keys(const toml::table& table, const std::string& path,
                        const std::vector<std::string_view>& known) {
  for (auto&& [k, v] : table) {
    if (std::find(known.begin(), known.end(), k.str()) != known.end()) continue;
    std::string message = "unknown key";
    int best = 3;
    for (std::string_view candidate : known) {
      const int d = edit_distance(k.str(), candidate);
      if (d < best) {
        best = d;
        message = fmt::format("unknown key (did you mean '{}'?)", candidate);
      }
    }
    const SourceLocation at = k.source().begin ? where(k.source()) : where(v);
    error(at, path.empty() ? key_segment(k.str()) : path + "." + key_segment(k.str()), message);
  }
}

const toml::table* Reader::table(const toml::node* node, const std::string& key) {
  if (!node) return nullptr;
  if (const toml::table* t = node->as_table()) return t;
  error(*node, key, "expected a table, got " + type_name(*node));
  return nullptr;
}

std::optional<double> Reader::number(const toml::node* node, const std::string& key,
                                     const ValueRange& range) {
  if (!node) return std::nullopt;
  double value = 0;
  if (auto i = node->as_integer()) {
    value = static_cast<double>(i->get());
  } else if (auto f = node->as_floating_point()) {
    value = f->get();
  } else {
    error(*node, key, "expected a number, got " + type_name(*node));
    return std::nullopt;
  }
  if (!std::isfinite(value)) {
    error(*node, key, "must be a finite number, got " + number_text(value));
    return std::nullopt;
  }
  // No quantity of a plan comes near this (the NHS budget is about 2e11
  // pounds); larger ones only overflow what they multiply (docs/reliability.md).
  if (std::abs(value) > kMaxNumberMagnitude) {
    error(*node, key,
          fmt::format("must be at most {:g} in size, got {}", kMaxNumberMagnitude,
                      number_text(value)));
    return std::nullopt;
  }
  if (!range.contains(value)) {
    error(*node, key, range_message(range, value));
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> Reader::integer(const toml::node* node, const std::string& key,
                                            std::int64_t low, std::int64_t high) {
  if (!node) return std::nullopt;
  auto i = node->as_integer();
  if (!i) {
    error(*node, key, "expected an integer, got " + type_name(*node));
    return std::nullopt;
  }
  const std::int64_t value = i->get();
  if (value < low || value > high) {
    std::string message;
    if (high >= std::numeric_limits<int>::max())
      message = fmt::format("must be >= {}, got {}", low, value);
    else
      message = fmt::format("must be in [{}, {}], got {}", low, high, value);
    error(*node, key, message);
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> Reader::string(const toml::node* node, const std::string& key) {
  if (!node) return std::nullopt;
  if (auto s = node->as_string()) return s->get();
  error(*node, key, "expected a string, got " + type_name(*node));
  return std::nullopt;
}

std::optional<bool> Reader::boolean(const toml::node* node, const std::string& key) {
  if (!node) return std::nullopt;
  if (auto b = node->as_boolean()) return b->get();
  error(*node, key, "expected a boolean, got " + type_name(*node));
  return std::nullopt;
}

std::optional<PerYear> Reader::per_year(const toml::node* node, const std::string& key,
                                        const ValueRange& range) {
  if (!node) return std::nullopt;
  if (const toml::array* array = node->as_array()) {
    const auto& path = node->source().path;
    const bool from_data = path && data_files_.count(*path);
    const int n = static_cast<int>(array->size());
    if (n != years && !(from_data && n > years)) {
      error(*node, key, fmt::format("expected {} values (one per plan year), got {}", years, n));
      return std::nullopt;
    }
    if (n > years) longer_series.push_back(array);
    PerYear values;
    bool ok = true;
    for (int y = 0; y < years; ++y) {
      auto v = number(array->get(y), fmt::format("{}[{}]", key, y), range);
      ok = ok && v.has_value();
      values.push_back(v.value_or(0));
    }
    if (!ok) return std::nullopt;
    return values;
  }
  if (!node->is_number()) {
    error(*node, key, "expected a number or an array of numbers, got " + type_name(*node));
    return std::nullopt;
  }
  auto v = number(node, key, range);
  if (!v) return std::nullopt;
  return PerYear(years, *v);
}

std::optional<MonthProfile> Reader::twelve(const toml::node* node, const std::string& key,
                                           const ValueRange& range) {
  if (!node) return std::nullopt;
  const toml::array* array = node->as_array();
  if (!array) {
    error(*node, key, "expected an array of 12 numbers, got " + type_name(*node));
    return std::nullopt;
  }
  if (array->size() != 12) {
    error(*node, key, fmt::format("expected 12 values (one per month), got {}", array->size()));
    return std::nullopt;
  }
  MonthProfile values{};
  bool ok = true;
  for (int m = 0; m < 12; ++m) {
    auto v = number(array->get(m), fmt::format("{}[{}]", key, m), range);
    ok = ok && v.has_value();
    values[m] = v.value_or(0);
  }
  if (!ok) return std::nullopt;
  return values;
}

int Reader::reference(const toml::node* node, const std::string& key,
                      const std::vector<std::string>& ids, std::string_view what) {
  auto id = string(node, key);
  if (!id) return -1;
  auto it = std::find(ids.begin(), ids.end(), *id);
  if (it == ids.end() || id->empty()) {
    error(*node, key, fmt::format("unknown {} '{}'", what, *id));
    return -1;
  }
  return static_cast<int>(it - ids.begin());
}

}  // namespace wfsim::scenario
