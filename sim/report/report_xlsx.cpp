#include "report/report_xlsx.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "report/xlsx_library.h"

namespace wfsim::report {
namespace {

const XlsxLibrary& xlsx() {
  return xlsx_library();
}

struct Formats {
  lxw_format *head, *text, *wrap, *title, *critical, *warning;
  lxw_format* number[7];  // by Format
};

lxw_format* number_format(lxw_workbook* wb, const char* pattern) {
  lxw_format* f = xlsx().workbook_add_format(wb);
  xlsx().format_set_num_format(f, pattern);
  return f;
}

Formats make_formats(lxw_workbook* wb) {
  Formats f{};
  f.head = xlsx().workbook_add_format(wb);
  xlsx().format_set_bold(f.head);
  xlsx().format_set_text_wrap(f.head);
  xlsx().format_set_align(f.head, LXW_ALIGN_VERTICAL_TOP);
  xlsx().format_set_bottom(f.head, LXW_BORDER_THIN);
  xlsx().format_set_bg_color(f.head, 0xF2F2F2);
  f.text = xlsx().workbook_add_format(wb);
  f.wrap = xlsx().workbook_add_format(wb);
  xlsx().format_set_text_wrap(f.wrap);
  f.title = xlsx().workbook_add_format(wb);
  xlsx().format_set_bold(f.title);
  xlsx().format_set_font_size(f.title, 14);
  f.critical = xlsx().workbook_add_format(wb);
  xlsx().format_set_bold(f.critical);
  xlsx().format_set_font_color(f.critical, LXW_COLOR_WHITE);
  xlsx().format_set_bg_color(f.critical, 0xB2182B);
  f.warning = xlsx().workbook_add_format(wb);
  xlsx().format_set_bold(f.warning);
  xlsx().format_set_bg_color(f.warning, 0xF6E8C3);
  f.number[static_cast<int>(Format::text)] = nullptr;
  f.number[static_cast<int>(Format::fte)] = number_format(wb, "#,##0.0");
  f.number[static_cast<int>(Format::people)] = number_format(wb, "#,##0");
  f.number[static_cast<int>(Format::gbp)] = number_format(wb, "[$\xC2\xA3-809]#,##0");
  f.number[static_cast<int>(Format::share)] = number_format(wb, "0.0%");
  f.number[static_cast<int>(Format::number)] = number_format(wb, "General");
  f.number[static_cast<int>(Format::count)] = number_format(wb, "0");
  return f;
}

void check(lxw_error e, const std::string& what) {
  if (e != LXW_NO_ERROR)
    throw std::runtime_error(
        fmt::format("cannot write the workbook: {}: {}", what, xlsx().lxw_strerror(e)));
}

// Excel's rules for sheet names: at most 31 characters, none of []:*?/\,
// unique regardless of case.
std::string sheet_name(const std::string& wanted, std::set<std::string>& used) {
  std::string name;
  for (char c : wanted) name += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '-';
  if (name.empty()) name = "Sheet";
  auto cut = [](std::string s, std::size_t n) {
    // Never cut a UTF-8 sequence in two.
    if (s.size() <= n) return s;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
  };
  std::string candidate = cut(name, 31);
  auto key = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  for (int i = 2; used.count(key(candidate)); ++i) {
    const std::string suffix = fmt::format(" ({})", i);
    candidate = cut(name, 31 - suffix.size()) + suffix;
  }
  used.insert(key(candidate));
  return candidate;
}

class Writer {
 public:
  explicit Writer(const std::filesystem::path& file) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = nullptr;
    options.use_zip64 = LXW_FALSE;
    wb_ = xlsx().workbook_new_opt(file.c_str(), &options);
    if (!wb_) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
    f_ = make_formats(wb_);
  }
  ~Writer() {
    if (wb_) xlsx().workbook_close(wb_);  // an error on the way: the caller removes the file
  }
  void close() {
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    check(xlsx().workbook_close(wb), "close");
  }

  lxw_worksheet* sheet(const std::string& wanted, std::string* name = nullptr) {
    const std::string n = sheet_name(wanted, used_);
    lxw_worksheet* ws = xlsx().workbook_add_worksheet(wb_, n.c_str());
    if (!ws) throw std::runtime_error("cannot write the workbook: cannot add sheet " + n);
    if (name) *name = n;
    return ws;
  }

  void cell(lxw_worksheet* ws, int r, int c, const Cell& cell) {
    if (!std::isnan(cell.value) && cell.format != Format::text)
      check(xlsx().worksheet_write_number(ws, r, c, cell.value,
                                          f_.number[static_cast<int>(cell.format)]),
            "write a number");
    else if (!cell.text.empty() && cell.text != "-")
      check(xlsx().worksheet_write_string(ws, r, c, cell.text.c_str(), nullptr), "write a string");
  }
  void string(lxw_worksheet* ws, int r, int c, const std::string& s, lxw_format* f = nullptr) {
    if (s.empty()) return;
    // A cell holds at most 32,767 characters.
    const std::string cut = s.size() > 32767 ? s.substr(0, 32767) : s;
    check(xlsx().worksheet_write_string(ws, r, c, cut.c_str(), f), "write a string");
  }

  // Writes `t` at row `r`, a header row then one row per row of `t`
  // (by_year tables turned: a row per plan year). `extra` columns lead every
  // row (a lever's or a pool's name). Returns the row after it. The first
  // table of a sheet gets frozen headers and a filter.
  struct Placed {
    int header = 0, first = 0, last = 0, columns = 0;
  };
  Placed table(lxw_worksheet* ws, int r, const Table& t, bool freeze,
               const std::vector<std::string>& extra_head = {},
               const std::vector<std::vector<std::string>>& extra = {}) {
    Placed p;
    p.header = r;
    std::vector<std::string> head = extra_head;
    if (t.by_year) {
      head.push_back("Plan year");
      for (const Row& row : t.rows) head.push_back(row.lead);
    } else {
      head.insert(head.end(), t.head.begin(), t.head.end());
    }
    for (std::size_t c = 0; c < head.size(); ++c)
      string(ws, r, static_cast<int>(c), head[c], f_.head);
    p.columns = static_cast<int>(head.size());
    const int offset = static_cast<int>(extra_head.size());
    p.first = r + 1;
    if (t.by_year) {
      const std::size_t years = t.head.size() - 1;
      for (std::size_t y = 0; y < years; ++y) {
        const int at = p.first + static_cast<int>(y);
        string(ws, at, offset, t.head[y + 1]);
        for (std::size_t i = 0; i < t.rows.size(); ++i)
          if (y < t.rows[i].cells.size())
            cell(ws, at, offset + 1 + static_cast<int>(i), t.rows[i].cells[y]);
      }
      p.last = p.first + static_cast<int>(years) - 1;
    } else {
      for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const int at = p.first + static_cast<int>(i);
        const Row& row = t.rows[i];
        if (i < extra.size())
          for (std::size_t c = 0; c < extra[i].size(); ++c)
            string(ws, at, static_cast<int>(c), extra[i][c]);
        lxw_format* lead = row.css == "critical"  ? f_.critical
                           : row.css == "warning" ? f_.warning
                                                  : nullptr;
        string(ws, at, offset, row.lead, lead);
        for (std::size_t c = 0; c < row.cells.size(); ++c)
          cell(ws, at, offset + 1 + static_cast<int>(c), row.cells[c]);
      }
      p.last = p.first + static_cast<int>(t.rows.size()) - 1;
    }
    if (freeze) {
      xlsx().worksheet_freeze_panes(ws, p.first, offset + 1);
      if (p.last >= p.first)
        check(xlsx().worksheet_autofilter(ws, p.header, 0, p.last, p.columns - 1), "set a filter");
    }
    xlsx().worksheet_set_column(ws, 0, offset, 34, nullptr);
    xlsx().worksheet_set_column(ws, offset + 1, std::max(offset + 1, p.columns - 1), 16, nullptr);
    xlsx().worksheet_set_row(ws, p.header, 45, nullptr);
    return p;
  }

  // A native line chart of the columns `series` (0-based within the table's
  // value columns) of a by_year table placed at `p`, at `anchor_col`.
  void line_chart(lxw_worksheet* ws, const std::string& sheet, const Placed& p,
                  const std::vector<int>& series, const std::string& title,
                  const std::string& y_title, int anchor_col) {
    lxw_chart* chart = xlsx().workbook_add_chart(wb_, LXW_CHART_LINE);
    for (int s : series) {
      if (s + 1 >= p.columns) continue;
      lxw_chart_series* cs = xlsx().chart_add_series(chart, nullptr, nullptr);
      xlsx().chart_series_set_categories(cs, sheet.c_str(), p.first, 0, p.last, 0);
      xlsx().chart_series_set_values(cs, sheet.c_str(), p.first, s + 1, p.last, s + 1);
      xlsx().chart_series_set_name_range(cs, sheet.c_str(), p.header, s + 1);
    }
    xlsx().chart_title_set_name(chart, title.c_str());
    xlsx().chart_axis_set_name(chart->x_axis, "Plan year");
    xlsx().chart_axis_set_name(chart->y_axis, y_title.c_str());
    xlsx().chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options options{};
    options.x_scale = 1.6;
    options.y_scale = 1.4;
    check(xlsx().worksheet_insert_chart_opt(ws, p.last + 3, anchor_col, chart, &options),
          "insert a chart");
  }

  const Formats& formats() const { return f_; }

 private:
  lxw_workbook* wb_ = nullptr;
  Formats f_{};
  std::set<std::string> used_;
};

}  // namespace

void write_xlsx(const Document& doc, const std::filesystem::path& file) {
  Writer w(file);
  const Formats& f = w.formats();

  lxw_worksheet* summary = w.sheet("Summary");
  w.string(summary, 0, 0, doc.title, f.title);
  w.string(summary, 1, 0, doc.subtitle);
  w.string(summary, 2, 0, doc.headline.workforce_verdict);
  w.string(summary, 3, 0, doc.headline.funding_verdict);
  w.string(summary, 4, 0, doc.headline.money_verdict);
  Table cards;
  cards.caption = "Headline";
  cards.head = {"Measure", "Value"};
  for (std::size_t i = 0; i < doc.cards.size(); ++i)
    cards.rows.push_back({doc.card_labels[i], {doc.cards[i]}, ""});
  const auto placed = w.table(summary, 6, cards, true);
  if (!doc.largest.rows.empty()) {
    w.string(summary, placed.last + 2, 0, doc.largest.caption, f.head);
    w.table(summary, placed.last + 3, doc.largest, false);
  }

  if (doc.has_comparison) {
    lxw_worksheet* ws = w.sheet("Comparison");
    w.string(ws, 0, 0, doc.comparison_note);
    const auto p = w.table(ws, 1, doc.comparison, true);
    int r = p.last + 2;
    for (const Table& t : doc.comparison_groups) r = w.table(ws, r, t, false).last + 2;
  }

  lxw_worksheet* flags = w.sheet("Flags");
  if (doc.flags.rows.empty())
    w.string(flags, 0, 0, doc.flags_note);
  else
    w.table(flags, 0, doc.flags, true);

  if (doc.has_variants) w.table(w.sheet("Variants"), 0, doc.variants, true);
  if (doc.national) {
    w.table(w.sheet("Systems"), 0, doc.systems, true);
    lxw_worksheet* ws = w.sheet("Pools");
    if (doc.pools.empty()) w.string(ws, 0, 0, doc.pools_note);
    int r = 0;
    for (const Table& t : doc.pools) {
      w.string(ws, r, 0, t.caption, f.head);
      r = w.table(ws, r + 1, t, r == 0).last + 2;
    }
  }

  for (const GroupSection& g : doc.groups) {
    std::string name;
    lxw_worksheet* ws = w.sheet(g.name, &name);
    const auto p = w.table(ws, 0, g.table, true);
    // Demand, effective supply, funded establishment: the first three rows.
    w.line_chart(ws, name, p, {0, 1, 2}, g.name, "FTE", 1);
  }

  {
    std::string name;
    lxw_worksheet* ws = w.sheet("Money", &name);
    const auto p = w.table(ws, 0, doc.money, true);
    w.line_chart(ws, name, p, {0, 1, 3}, "Pay cost, budget and temporary staffing", "GBP", 1);
  }

  {
    lxw_worksheet* ws = w.sheet("Levers");
    if (doc.levers.empty()) {
      w.string(ws, 0, 0, doc.levers_note);
    } else {
      // One table: each lever's rows with the lever's name in front.
      Table all;
      all.head = doc.levers.front().head;
      std::vector<std::vector<std::string>> lever;
      for (const Table& t : doc.levers)
        for (const Row& r : t.rows) {
          all.rows.push_back(r);
          lever.push_back({t.caption});
        }
      w.table(ws, 0, all, true, {"Lever"}, lever);
    }
  }

  for (const auto& e : doc.extra) {
    lxw_worksheet* ws = w.sheet(e.title);
    w.string(ws, 0, 0, e.note);
    int r = 2;
    for (const auto& [name, values] : e.strings) {
      w.string(ws, r++, 0, name, f.head);
      for (const std::string& v : values) w.string(ws, r++, 0, v);
      ++r;
    }
    for (const Table& t : e.tables) {
      w.string(ws, r, 0, t.caption, f.head);
      r = w.table(ws, r + 1, t, false).last + 2;
    }
  }

  lxw_worksheet* prov = w.sheet("Provenance");
  const auto p = w.table(prov, 0, doc.provenance, true);
  w.string(prov, p.last + 2, 0, doc.provenance_note, f.wrap);
  if (!doc.resolved_text.empty()) {
    int r = p.last + 4;
    w.string(prov, r++, 0, "Resolved scenario (one line a row)", f.head);
    std::size_t from = 0;
    while (from <= doc.resolved_text.size()) {
      const std::size_t end =
          std::min(doc.resolved_text.find('\n', from), doc.resolved_text.size());
      w.string(prov, r++, 0, doc.resolved_text.substr(from, end - from));
      from = end + 1;
    }
  }
  w.close();
}

}  // namespace wfsim::report
