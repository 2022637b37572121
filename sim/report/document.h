#pragma once
// The report as plain content (docs/report.md): sections of tables and
// chart data, built once from the file and written by both the HTML
// renderer and the workbook writer, so that the two say the same.

#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/headline.h"
#include "report/report_data.h"

namespace wfsim::report {

// How a number is shown: the HTML text, the workbook's number format.
enum class Format { text, fte, people, gbp, share, number, count };

struct Cell {
  std::string text;                                         // as the HTML shows it
  double value = std::numeric_limits<double>::quiet_NaN();  // NaN: a text cell
  Format format = Format::text;
  std::string css;  // "critical", "warning", "text"
};

struct Row {
  std::string lead;  // the row heading
  std::vector<Cell> cells;
  std::string css;  // "difference"
};

struct Table {
  std::string id, caption;
  std::vector<std::string> head;  // column headings, the row heading's first; units in brackets
  std::vector<Row> rows;
  // Rows are variables and columns plan years: the workbook turns it so
  // that each plan year is a row and each variable a column it can chart.
  bool by_year = false;
};

struct Chart {
  std::string id, alt, caption;
  nlohmann::json spec;  // what report.js draws: {kind, labels, series, bands, ...}
};

struct GroupSection {
  std::string id, name;
  Chart chart;
  Table table;
};

struct Document {
  std::string title, subtitle, footer;
  Headline headline;
  std::vector<Cell> cards;               // the headline figures, each with `text` as its label
  std::vector<std::string> card_labels;  // aligned with cards
  std::vector<std::string> card_ids;
  Table largest;

  bool has_comparison = false;
  std::string comparison_note;
  Table comparison;
  std::vector<Table> comparison_groups;

  std::string flags_note;
  Table flags;

  bool has_variants = false;
  std::string variants_note;
  Table variants;

  bool national = false;
  std::string systems_note, pools_note;
  Table systems;
  std::vector<Chart> multiples;
  std::vector<std::string> multiple_names;
  std::vector<Table> pools;

  std::string groups_note;
  std::vector<GroupSection> groups;

  std::string money_note;
  Chart money_chart, temporary_chart;
  Table money;

  std::string levers_note;
  std::vector<Table> levers;

  struct Extra {
    std::string name, title, note;
    std::vector<Table> tables;
    std::vector<std::pair<std::string, std::vector<std::string>>> strings;
  };
  std::vector<Extra> extra;

  std::string provenance_note;
  Table provenance;
  std::string resolved_file, resolved_text;
};

Document build_document(const ReportData& data, const ReportData* alternative);

// The full-precision text of a number: the shortest text that reads back
// as the same double.
std::string exact(double value);

// Throws FileError when `b` cannot be shown against `a` (other plan years
// or staff groups).
void check_comparable(const ReportData& a, const ReportData& b);

}  // namespace wfsim::report
