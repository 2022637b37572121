#include "output/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "output/csv.h"

namespace wfsim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 100000 -> "100,000".
std::string grouped(double value) {
  const long long n = std::llround(std::fabs(value));
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (value < 0 && n != 0 ? "-" : "") + out;
}

// A population base as a name: 100000 -> "100,000"; 2.5 -> "2.5".
std::string per_text(double per) {
  return per == std::floor(per) && per < 1e15 ? grouped(per) : fmt::format("{}", per);
}
// ... and short, for column headings and ids: 100000 -> "100k".
std::string per_short(double per) {
  if (per == std::floor(per) && per < 1e15) {
    const long long n = static_cast<long long>(per);
    if (n % 1000000 == 0) return fmt::format("{}m", n / 1000000);
    if (n % 1000 == 0) return fmt::format("{}k", n / 1000);
    return std::to_string(n);
  }
  return fmt::format("{}", per);
}
std::string per_id(double per) {
  return per == std::floor(per) && per < 1e15 ? std::to_string(static_cast<long long>(per))
                                              : fmt::format("{}", per);
}

std::string cell_text(MeasureKind kind, double value) {
  if (std::isnan(value)) return "-";
  switch (kind) {
    case MeasureKind::population:
    case MeasureKind::count:
      return grouped(value);
    case MeasureKind::per_capita:
    case MeasureKind::percent:
      break;
  }
  std::string text = fmt::format("{:.1f}", value);
  if (text == "-0.0") text = "0.0";
  return text;
}

double ratio(double numerator, double denominator, double scale) {
  return denominator != 0 && std::isfinite(denominator) ? numerator * scale / denominator : kNaN;
}

// Splits a heading into lines of at most `width` characters at spaces.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t from = 0;
  while (from <= text.size()) {
    std::size_t space = text.find(' ', from);
    if (space == std::string::npos) space = text.size();
    const std::string word = text.substr(from, space - from);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    from = space + 1;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

const std::vector<double>* UnitValues::find(const std::string& variable) const {
  for (const auto& [name, values] : annual)
    if (name == variable) return &values;
  return nullptr;
}

double quantile_type7(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const std::size_t below = static_cast<std::size_t>(std::floor(h));
  if (below + 1 >= sorted.size()) return sorted.back();
  return sorted[below] + (h - static_cast<double>(below)) * (sorted[below + 1] - sorted[below]);
}

std::optional<Fences> tukey_fences(const std::vector<double>& values) {
  std::vector<double> finite;
  for (double v : values)
    if (std::isfinite(v)) finite.push_back(v);
  if (finite.size() < 4) return std::nullopt;
  std::sort(finite.begin(), finite.end());
  Fences f;
  f.q1 = quantile_type7(finite, 0.25);
  f.q3 = quantile_type7(finite, 0.75);
  const double iqr = f.q3 - f.q1;
  f.lower = f.q1 - 1.5 * iqr;
  f.upper = f.q3 + 1.5 * iqr;
  return f;
}

bool CompareTable::is_outlier(std::size_t measure, std::size_t unit) const {
  for (const Outlier& o : outliers)
    if (o.measure == measure && o.unit == unit) return true;
  return false;
}

std::vector<std::pair<std::size_t, std::size_t>> paired_units(const CompareInput& input) {
  std::vector<std::size_t> of_run[2];
  for (std::size_t u = 0; u < input.units.size(); ++u) {
    if (input.units[u].run > 1) return {};
    of_run[input.units[u].run].push_back(u);
  }
  if (of_run[0].empty() || of_run[0].size() != of_run[1].size()) return {};
  auto same_system = [&](std::size_t u, std::size_t v) {
    return input.units[u].system_id == input.units[v].system_id;
  };
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t a : of_run[0]) {
    const auto twins = std::count_if(of_run[0].begin(), of_run[0].end(),
                                     [&](std::size_t v) { return same_system(a, v); });
    const auto b = std::find_if(of_run[1].begin(), of_run[1].end(),
                                [&](std::size_t v) { return same_system(a, v); });
    if (twins != 1 || b == of_run[1].end()) return {};
    pairs.emplace_back(a, *b);
  }
  // Each first-run system once, each finding a partner, and the runs of one
  // size: the partners are all distinct.
  return pairs;
}

CompareTable build_comparison(const CompareInput& input, double per) {
  CompareTable t;
  t.by_system = input.by_system;
  t.year = input.year;
  t.per = per;

  // Staff groups in the order first met.
  std::vector<std::string> groups;
  for (const UnitValues& u : input.units)
    for (const std::string& g : u.groups)
      if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);

  const std::string per_label = per_text(per), per_head = "FTE/" + per_short(per),
                    per_name = per_id(per);
  t.measures.push_back(
      {"population", "population", "", "population", MeasureKind::population, false});
  for (const std::string& g : groups)
    t.measures.push_back({fmt::format("fte_per_{}.{}", per_name, g),
                          fmt::format("FTE per {}: {}", per_label, g), g, per_head,
                          MeasureKind::per_capita, true});
  t.measures.push_back({fmt::format("fte_per_{}.all", per_name),
                        fmt::format("FTE per {}: all groups", per_label), "all", per_head,
                        MeasureKind::per_capita, true});
  t.measures.push_back(
      {"leaver_rate_pct", "leaver rate %", "leaver", "rate %", MeasureKind::percent, true});
  t.measures.push_back({"international_share_pct", "international share of joiners %", "intl",
                        "joiners %", MeasureKind::percent, true});
  t.measures.push_back({"temporary_share_pct", "temporary staffing share of pay %", "temp", "pay %",
                        MeasureKind::percent, true});
  t.measures.push_back({"gap_share_pct", "workforce gap share of demand %", "gap", "demand %",
                        MeasureKind::percent, true});
  t.measures.push_back(
      {"flags_warning", "flags: warning", "flags", "warning", MeasureKind::count, true});
  t.measures.push_back(
      {"flags_critical", "flags: critical", "flags", "critical", MeasureKind::count, true});

  // Every unit's measures, [unit][measure], before they are laid out.
  std::vector<std::vector<double>> measured;
  for (const UnitValues& u : input.units) {
    auto total = [&](const char* variable) {
      const std::vector<double>* v = u.find(variable);
      double sum = 0;
      if (v)
        for (double x : *v) sum += x;
      return sum;
    };
    auto of_group = [&](const char* variable, const std::string& g) {
      const std::vector<double>* v = u.find(variable);
      for (std::size_t i = 0; v && i < u.groups.size() && i < v->size(); ++i)
        if (u.groups[i] == g) return i < u.modelled.size() && !u.modelled[i] ? kNaN : (*v)[i];
      return kNaN;
    };
    const double population = u.population > 0 ? u.population : kNaN;
    std::vector<double>& row = measured.emplace_back();
    row.push_back(population);
    for (const std::string& g : groups) row.push_back(ratio(of_group("fte", g), population, per));
    row.push_back(ratio(total("fte"), population, per));
    row.push_back(ratio(total("leavers"), total("headcount"), 100));
    row.push_back(ratio(
        total("joiners_international"),
        total("joiners_domestic") + total("joiners_international") + total("joiners_pipeline"),
        100));
    row.push_back(ratio(total("temporary_cost_gbp"), total("pay_cost_gbp"), 100));
    row.push_back(ratio(total("workforce_gap_fte"), total("demand_fte"), 100));
    row.push_back(u.warnings);
    row.push_back(u.criticals);
  }

  // The layout, and the sets of peers (positions in it) fenced together:
  // the differences are never peers.
  t.values.assign(t.measures.size(), {});
  auto place = [&](const std::string& label, const std::vector<double>& row) {
    t.units.push_back(label);
    for (std::size_t m = 0; m < row.size(); ++m) t.values[m].push_back(row[m]);
    return t.units.size() - 1;
  };
  std::vector<std::vector<std::size_t>> peer_sets(1);
  const auto pairs = paired_units(input);
  if (pairs.empty()) {
    for (std::size_t u = 0; u < input.units.size(); ++u)
      peer_sets[0].push_back(place(input.units[u].label, measured[u]));
  } else {
    t.has_difference = true;
    t.fences_per_run = pairs.size() > 1;
    if (t.fences_per_run) peer_sets.resize(2);
    for (const auto& [a, b] : pairs) {
      const UnitValues &first = input.units[a], &second = input.units[b];
      // By system the rows of one system sit together under short labels,
      // the runs named once below the table.
      const std::string base = first.system_id.empty() ? first.label : first.system_id;
      std::vector<double> difference(measured[b].size());
      for (std::size_t m = 0; m < difference.size(); ++m)
        difference[m] = measured[b][m] - measured[a][m];
      peer_sets[0].push_back(place(t.by_system ? base + " A" : first.label, measured[a]));
      peer_sets[t.fences_per_run ? 1 : 0].push_back(
          place(t.by_system ? base + " B" : second.label, measured[b]));
      place(t.by_system ? base + " B-A" : "difference", difference);
    }
    const std::size_t run_a = input.units[pairs[0].first].run,
                      run_b = input.units[pairs[0].second].run;
    if (t.by_system && run_a < input.runs.size() && run_b < input.runs.size()) {
      t.runs.push_back("A: " + input.runs[run_a]);
      t.runs.push_back("B: " + input.runs[run_b]);
    }
  }

  t.peers = peer_sets[0].size();
  for (std::size_t m = 0; m < t.measures.size(); ++m) {
    if (!t.measures[m].outliers) continue;
    for (const auto& peers : peer_sets) {
      std::vector<double> values;
      for (std::size_t u : peers) values.push_back(t.values[m][u]);
      const auto fences = tukey_fences(values);
      if (!fences) continue;
      for (std::size_t u : peers)
        if (std::isfinite(t.values[m][u]) && beyond(*fences, t.values[m][u]))
          t.outliers.push_back({m, u, t.values[m][u], *fences});
    }
  }

  std::string title = fmt::format("Headline measures, {}", t.year);
  if (input.monte_carlo) title += ", means over replicates";
  if (input.national) title += fmt::format(", {} plans of national files", input.plan);
  t.title = title;
  return t;
}

void print_comparison(const CompareTable& t, std::ostream& out, std::size_t width) {
  // A column: heading lines and cells. Each cell is its text and a marker.
  struct Column {
    std::vector<std::string> heading;
    std::vector<std::string> cells;
    std::size_t width = 0;
  };
  std::vector<std::string> row_labels;
  std::vector<Column> columns;
  std::string corner;
  auto cell = [&](std::size_t m, std::size_t u) {
    return cell_text(t.measures[m].kind, t.values[m][u]) + (t.is_outlier(m, u) ? "*" : " ");
  };
  if (t.by_system) {
    corner = "system";
    for (const auto& label : t.units) row_labels.push_back(label);
    for (std::size_t m = 0; m < t.measures.size(); ++m) {
      Column c;
      c.heading = {t.measures[m].head1, t.measures[m].head2};
      for (std::size_t u = 0; u < t.units.size(); ++u) c.cells.push_back(cell(m, u));
      columns.push_back(std::move(c));
    }
  } else {
    corner = "measure";
    for (const Measure& m : t.measures) row_labels.push_back(m.label);
    for (std::size_t u = 0; u < t.units.size(); ++u) {
      Column c;
      c.heading = wrap(t.units[u], 14);
      for (std::size_t m = 0; m < t.measures.size(); ++m) c.cells.push_back(cell(m, u));
      columns.push_back(std::move(c));
    }
  }
  std::size_t heading_lines = 1, label_width = corner.size();
  for (auto& c : columns) {
    heading_lines = std::max(heading_lines, c.heading.size());
    for (const auto& h : c.heading)
      c.width = std::max(c.width, h.size() + 1);  // +1: the marker's place
    for (const auto& s : c.cells) c.width = std::max(c.width, s.size());
  }
  for (const auto& l : row_labels) label_width = std::max(label_width, l.size());

  out << t.title << '\n';
  // Blocks of columns that fit the width, each repeating the row labels.
  std::size_t first = 0;
  while (first < columns.size()) {
    std::size_t last = first, used = label_width;
    while (last < columns.size() && (last == first || used + 2 + columns[last].width <= width)) {
      used += 2 + columns[last].width;
      ++last;
    }
    out << '\n';
    for (std::size_t line = 0; line < heading_lines; ++line) {
      std::string text =
          fmt::format("{:<{}}", line + 1 == heading_lines ? corner : "", label_width);
      for (std::size_t c = first; c < last; ++c) {
        const auto& h = columns[c].heading;
        const std::size_t offset = heading_lines - h.size();
        const std::string part = line >= offset ? h[line - offset] : "";
        text += fmt::format("  {:>{}} ", part, columns[c].width - 1);
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out << text << '\n';
    }
    for (std::size_t r = 0; r < row_labels.size(); ++r) {
      std::string text = fmt::format("{:<{}}", row_labels[r], label_width);
      for (std::size_t c = first; c < last; ++c)
        text += fmt::format("  {:>{}}", columns[c].cells[r], columns[c].width);
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out << text << '\n';
    }
    first = last;
  }
  out << '\n';
  if (t.by_system)
    out << fmt::format(
        "FTE/{}: FTE per {} people. leaver rate: leavers / mean headcount. intl joiners:\n"
        "international share of joiners. temp pay: temporary staffing share of pay cost. gap "
        "demand:\n"
        "workforce gap share of demand. flags: flags raised in the year (Monte Carlo: by most "
        "replicates).\n",
        per_short(t.per), per_text(t.per));
  for (const std::string& run : t.runs)
    for (const std::string& line : wrap(run, width)) out << line << '\n';
  if (t.has_difference)
    out << (t.by_system ? "B-A" : "difference") << ": the second run less the first.\n";
  const std::string peers = t.by_system ? "systems" : "scenarios";
  const bool per_run = t.fences_per_run;
  if (t.peers < 4) {
    out << fmt::format("Outliers: not sought (Tukey fences need at least 4 {}; {} {}).\n", peers,
                       t.peers, per_run ? "in each run" : "compared");
    return;
  }
  if (t.outliers.empty()) {
    out << fmt::format("Outliers: none beyond 1.5 IQR of the {} {} {}.\n", t.peers, peers,
                       per_run ? "of each run" : "compared");
    return;
  }
  out << fmt::format("Outliers (*): beyond 1.5 IQR of the {} {} {} (Tukey fences):\n", t.peers,
                     peers, per_run ? "of the same run" : "compared");
  for (const Outlier& o : t.outliers) {
    const Measure& m = t.measures[o.measure];
    out << fmt::format(
        "  {}: {} {} ({} fence {})\n", m.label, t.units[o.unit], cell_text(m.kind, o.value),
        o.value > o.fences.upper ? "above the upper" : "below the lower",
        fmt::format("{:.2f}", o.value > o.fences.upper ? o.fences.upper : o.fences.lower));
  }
}

void write_comparison_csv(const CompareTable& t, std::ostream& out) {
  auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << csv::field(fields[i]);
    out << csv::kLineEnd;
  };
  auto joined = [](const std::vector<std::string>& parts) {
    std::string text;
    for (const auto& p : parts) text += (text.empty() ? "" : "; ") + p;
    return text;
  };
  if (t.by_system) {
    std::vector<std::string> header{"system"};
    for (const Measure& m : t.measures) header.push_back(m.id);
    header.push_back("outliers");
    line(header);
    for (std::size_t u = 0; u < t.units.size(); ++u) {
      std::vector<std::string> row{t.units[u]}, flagged;
      for (std::size_t m = 0; m < t.measures.size(); ++m) {
        row.push_back(csv::number(t.values[m][u]));
        if (t.is_outlier(m, u)) flagged.push_back(t.measures[m].id);
      }
      row.push_back(joined(flagged));
      line(row);
    }
    return;
  }
  std::vector<std::string> header{"measure", "description"};
  for (const auto& u : t.units) header.push_back(u);
  header.push_back("outliers");
  line(header);
  for (std::size_t m = 0; m < t.measures.size(); ++m) {
    std::vector<std::string> row{t.measures[m].id, t.measures[m].label}, flagged;
    for (std::size_t u = 0; u < t.units.size(); ++u) {
      row.push_back(csv::number(t.values[m][u]));
      if (t.is_outlier(m, u)) flagged.push_back(t.units[u]);
    }
    row.push_back(joined(flagged));
    line(row);
  }
}

}  // namespace wfsim
