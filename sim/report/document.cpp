#include "report/document.h"

#include <fmt/format.h>

#include <boost/uuid/detail/sha1.hpp>
#include <cmath>
#include <map>

#include "report/levers.h"

namespace wfsim::report {
namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(double a, double b) {
  return b != 0 ? a / b : kNaN;
}

std::string show(double v, Format f) {
  switch (f) {
    case Format::fte:
      return thousands(v, std::fabs(v) < 100 ? 1 : 0);
    case Format::people:
    case Format::count:
      return thousands(v, 0);
    case Format::gbp:
      return money(v);
    case Format::share:
      return percent(v);
    case Format::number:
      return std::isnan(v) ? "-" : fmt::format("{:.4g}", v);
    case Format::text:
      break;
  }
  return exact(v);
}

Cell num(double v, Format f) {
  return Cell{show(v, f), v, f, ""};
}
Cell text(std::string s, std::string css = "text") {
  return Cell{std::move(s), kNaN, Format::text, std::move(css)};
}

// The variables of a staff group's table, in the order a board reads them.
struct Variable {
  const char* name;
  const char* label;
  Format format;
};
constexpr Variable kGroupRows[] = {
    {"demand_fte", "Demand (FTE)", Format::fte},
    {"effective_fte", "Effective supply (FTE)", Format::fte},
    {"funded_fte", "Funded establishment (FTE)", Format::fte},
    {"fte", "Staff in post (FTE)", Format::fte},
    {"workforce_gap_fte", "Workforce gap (FTE)", Format::fte},
    {"", "Workforce gap share of demand (%)", Format::share},
    {"funding_gap_fte", "Funding gap (FTE)", Format::fte},
    {"vacancy_fte", "Vacancies (FTE)", Format::fte},
    {"temporary_cover_fte", "Bank and agency cover (FTE)", Format::fte},
    {"unmet_fte", "Unmet demand (FTE)", Format::fte},
    {"headcount", "Headcount (people)", Format::people},
    {"leavers", "Leavers (people)", Format::people},
    {"joiners_domestic", "Domestic joiners (people)", Format::people},
    {"joiners_international", "International recruits (people)", Format::people},
    {"joiners_pipeline", "Newly qualified joiners (people)", Format::people},
    {"pay_cost_gbp", "Pay cost (GBP)", Format::gbp},
    {"budget_gbp", "Pay budget (GBP)", Format::gbp},
};

std::vector<std::string> year_head(const ReportData& d, const std::string& first) {
  std::vector<std::string> head{first};
  head.insert(head.end(), d.years.begin(), d.years.end());
  return head;
}

std::vector<double> column(const Grid& grid, std::size_t g) {
  std::vector<double> out;
  for (const auto& row : grid) out.push_back(g < row.size() ? row[g] : kNaN);
  return out;
}

std::vector<double> totals(const PlanView& plan, const std::string& variable, std::size_t years) {
  std::vector<double> out;
  for (std::size_t y = 0; y < years; ++y) out.push_back(plan.total(variable, y));
  return out;
}

Row year_row(std::string lead, const std::vector<double>& values, Format f) {
  Row r{std::move(lead), {}, ""};
  for (double v : values) r.cells.push_back(num(v, f));
  return r;
}

std::string quantile_label(double q) {
  return fmt::format("{:g} %", q * 100);
}

// Fan bands from the outermost quantile pair inwards: (q0, qn-1), (q1, qn-2), ...
json fan_bands(const ReportData& d, const PlanView& plan, const std::string& variable,
               std::size_t g) {
  json bands = json::array();
  const auto it = plan.quantiles.find(variable);
  if (it == plan.quantiles.end()) return bands;
  const auto& q = d.quantile_levels;
  for (std::size_t i = 0; i < q.size() / 2; ++i) {
    const std::size_t j = q.size() - 1 - i;
    bands.push_back(
        {{"label", fmt::format("{} to {} of futures", quantile_label(q[i]), quantile_label(q[j]))},
         {"lower", column(it->second[i], g)},
         {"upper", column(it->second[j], g)}});
  }
  return bands;
}

json series(const std::string& label, const std::string& style, const std::vector<double>& v) {
  return {{"label", label}, {"style", style}, {"values", v}};
}

std::string first_last(const std::vector<double>& v, const std::string& units) {
  if (v.empty()) return "";
  return fmt::format("from {} to {} {}", thousands(v.front()), thousands(v.back()), units);
}

std::string sha1_hex(const std::string& text) {
  boost::uuids::detail::sha1 sha;
  sha.process_bytes(text.data(), text.size());
  boost::uuids::detail::sha1::digest_type digest;
  sha.get_digest(digest);
  std::string out;
  for (unsigned word : digest) out += fmt::format("{:08x}", word);
  return out;
}

std::string kind_label(const ReportData& d) {
  switch (d.kind) {
    case FileKind::single:
      return "single plan";
    case FileKind::monte_carlo:
      return fmt::format("Monte Carlo run of {} futures", d.replicates);
    case FileKind::sweep:
      return fmt::format("sweep of {} variants", d.variants.size());
    case FileKind::national:
      return fmt::format("national run of {} systems", d.systems.size());
  }
  return "";
}

std::string file_label(const ReportData& d) {
  return fmt::format("{} ({})", d.path.filename().string(), d.scenario_name);
}

void add_headline(Document& doc, const ReportData& d) {
  const Headline& h = doc.headline;
  const std::string year = d.years[h.last];
  auto card = [&](std::string id, std::string label, Cell cell, std::string css = "") {
    cell.css = std::move(css);
    doc.card_ids.push_back(std::move(id));
    doc.card_labels.push_back(std::move(label));
    doc.cards.push_back(std::move(cell));
  };
  auto state = [](double share) {
    return std::isnan(share) ? std::string() : share > kMatchShare ? "critical" : "ok";
  };
  card("headline-demand", "Demand " + year + " (FTE)", num(h.demand, Format::fte));
  card("headline-supply", "Effective supply " + year + " (FTE)", num(h.supply, Format::fte));
  card("headline-funded", "Funded establishment " + year + " (FTE)", num(h.funded, Format::fte));
  card("headline-gap", "Workforce gap " + year + " (FTE)", num(h.gap, Format::fte),
       state(h.gap_share));
  card("headline-gap-share", "Workforce gap share of demand " + year,
       num(h.gap_share, Format::share), state(h.gap_share));
  card("headline-funding-gap", "Funding gap " + year + " (FTE)", num(h.funding_gap, Format::fte),
       state(h.funding_gap_share));
  card("headline-critical", "Critical flags", num(h.critical, Format::count),
       h.critical > 0 ? "critical" : "ok");
  card("headline-warning", "Warning flags", num(h.warning, Format::count),
       h.warning > 0 ? "warning" : "ok");
  card("headline-pay-cost", "Pay bill " + year + " (GBP)", num(h.pay_cost, Format::gbp));
  card("headline-budget", "Pay budget " + year + " (GBP)", num(h.budget, Format::gbp));
  card("headline-pay-gap", "Pay bill less budget " + year + " (GBP)", num(h.pay_gap, Format::gbp),
       h.pay_gap > 0 ? "critical" : "ok");

  doc.largest.id = "largest-gaps";
  doc.largest.caption = "The three largest workforce gaps (each group's worst plan year)";
  doc.largest.head = {"Staff group", "Plan year", "Workforce gap (FTE)", "Share of demand (%)"};
  for (const LargestGap& g : h.largest)
    doc.largest.rows.push_back(
        {d.group_name(g.group),
         {text(d.years[g.year]), num(g.fte, Format::fte), num(g.share, Format::share)},
         ""});
}

void add_flags(Document& doc, const ReportData& d) {
  const bool mc = d.monte_carlo();
  const bool national = d.kind == FileKind::national, sweep = d.kind == FileKind::sweep;
  std::map<std::string, std::string> names;
  for (std::size_t g = 0; g < d.group_ids.size(); ++g) names[d.group_ids[g]] = d.group_name(g);
  names["all"] = "All groups";
  Table& t = doc.flags;
  t.id = "flags-table";
  t.caption = fmt::format("{} flags, ordered by plan year, staff group, then kind", d.flags.size());
  t.head = {"Severity", "Plan year", "Staff group", "Kind", "Metric", "Value", "Threshold"};
  if (mc) t.head.push_back("Share of futures raising it (%)");
  if (national) {
    t.head.push_back("System");
    t.head.push_back("Plan");
  }
  if (sweep) t.head.push_back("Variant");
  for (const Flag& f : d.flags) {
    Row r{f.severity, {}, ""};
    // The severity is the row heading and is also shown by colour and symbol.
    r.cells.push_back(text(f.year));
    const auto n = names.find(f.group);
    r.cells.push_back(text(n == names.end() ? f.group : n->second));
    r.cells.push_back(text(f.kind));
    r.cells.push_back(text(f.metric));
    const Format money_or_fte =
        f.metric.size() > 4 && f.metric.ends_with("_gbp") ? Format::gbp : Format::fte;
    r.cells.push_back(num(f.value, money_or_fte));
    r.cells.push_back(num(f.threshold, money_or_fte));
    if (mc) r.cells.push_back(num(f.share >= 0 ? f.share : kNaN, Format::share));
    if (national) {
      r.cells.push_back(text(f.system.empty() ? "national" : f.system));
      r.cells.push_back(text(f.plan));
    }
    if (sweep) r.cells.push_back(num(static_cast<double>(f.variant), Format::count));
    r.css = f.severity == "critical" || f.severity == "warning" ? f.severity : "";
    t.rows.push_back(std::move(r));
  }
  doc.flags_note =
      d.flags.empty() ? "No flags: every group stays within its tolerance in every plan year."
      : mc ? "A Monte Carlo file lists every flag any future raised, with the share of futures "
             "raising it; the headline counts those raised in at least half of them."
           : "Critical: more than three times the threshold. Warning: above the threshold.";
}

void add_group(Document& doc, const ReportData& d, std::size_t g, const ReportData* alt) {
  const PlanView& p = d.plan;
  GroupSection s;
  s.id = d.group_ids[g];
  s.name = d.group_name(g);
  s.table.id = "table-" + s.id;
  s.table.caption = s.name + ": annual figures" + (d.monte_carlo() ? " (means over futures)" : "");
  s.table.head = year_head(d, "Measure");
  s.table.by_year = true;
  const auto demand = column(p.at("demand_fte"), g), supply = column(p.at("effective_fte"), g);
  for (const Variable& v : kGroupRows) {
    std::vector<double> values;
    if (*v.name == '\0') {
      const auto gap = column(p.at("workforce_gap_fte"), g);
      for (std::size_t y = 0; y < gap.size(); ++y) values.push_back(ratio(gap[y], demand[y]));
    } else {
      if (!p.mean.count(v.name)) continue;
      values = column(p.at(v.name), g);
    }
    s.table.rows.push_back(year_row(v.label, values, v.format));
  }
  if (const auto it = p.quantiles.find("effective_fte"); it != p.quantiles.end())
    for (std::size_t q = 0; q < d.quantile_levels.size(); ++q)
      s.table.rows.push_back(year_row(
          fmt::format("Effective supply, {} quantile (FTE)", quantile_label(d.quantile_levels[q])),
          column(it->second[q], g), Format::fte));

  json spec = {{"kind", "group"}, {"labels", d.years}, {"units", "FTE"}};
  spec["series"] =
      json::array({series("Demand", "demand", demand), series("Effective supply", "supply", supply),
                   series("Funded establishment", "funded", column(p.at("funded_fte"), g))});
  spec["bands"] = fan_bands(d, p, "effective_fte", g);
  if (alt) {
    spec["series"].push_back(
        series("Demand, alternative", "alt_demand", column(alt->plan.at("demand_fte"), g)));
    spec["series"].push_back(series("Effective supply, alternative", "alt_supply",
                                    column(alt->plan.at("effective_fte"), g)));
  }
  s.chart.id = "chart-" + s.id;
  s.chart.spec = std::move(spec);
  s.chart.alt = fmt::format(
      "Line chart of {} over {}: demand {}, effective supply {}; shading between them marks the "
      "gap{}. The table below gives every value.",
      s.name, doc.headline.period, first_last(demand, "FTE"), first_last(supply, "FTE"),
      d.monte_carlo() ? ", bands the spread of futures" : "");
  s.chart.caption =
      "Demand (solid), effective supply (dashed) and funded establishment (dotted), FTE by plan "
      "year. Shaded: the gap, vermillion where supply is short of demand, green where above." +
      std::string(d.monte_carlo() ? " Blue bands: the spread of futures between the quantiles "
                                    "shown."
                                  : "") +
      (alt ? " Dash-dot: the alternative." : "");
  doc.groups.push_back(std::move(s));
}

void add_money(Document& doc, const ReportData& d, const Levers& levers, const ReportData* alt) {
  const std::size_t years = d.years.size();
  const PlanView& p = d.plan;
  Table& t = doc.money;
  t.id = "money-table";
  t.caption = "Pay cost against budget, all staff groups";
  t.head = year_head(d, "Measure");
  t.by_year = true;
  const auto pay = totals(p, "pay_cost_gbp", years), budget = totals(p, "budget_gbp", years),
             temporary = totals(p, "temporary_cost_gbp", years);
  t.rows.push_back(year_row("Pay cost (GBP)", pay, Format::gbp));
  t.rows.push_back(year_row("Pay budget (GBP)", budget, Format::gbp));
  t.rows.push_back(
      year_row("Pay cost less budget (GBP)", totals(p, "pay_gap_gbp", years), Format::gbp));
  t.rows.push_back(year_row("Temporary staffing (GBP)", temporary, Format::gbp));
  std::vector<double> bank, agency;
  if (levers.bank_cost_share.size() == years)
    for (std::size_t y = 0; y < years; ++y) {
      bank.push_back(temporary[y] * levers.bank_cost_share[y]);
      agency.push_back(temporary[y] - bank.back());
    }
  if (!bank.empty()) {
    t.rows.push_back(year_row("of which bank (GBP)", bank, Format::gbp));
    t.rows.push_back(year_row("of which agency (GBP)", agency, Format::gbp));
  }
  std::vector<double> share;
  for (std::size_t y = 0; y < years; ++y) share.push_back(ratio(temporary[y], pay[y]));
  t.rows.push_back(year_row("Temporary staffing share of pay cost (%)", share, Format::share));
  if (alt) {
    t.rows.push_back(year_row("Pay cost, alternative (GBP)",
                              totals(alt->plan, "pay_cost_gbp", years), Format::gbp));
    t.rows.push_back(year_row("Temporary staffing, alternative (GBP)",
                              totals(alt->plan, "temporary_cost_gbp", years), Format::gbp));
  }
  json spec = {{"kind", "money"}, {"labels", d.years}, {"units", "GBP"}, {"from_zero", true}};
  spec["series"] =
      json::array({series("Pay cost", "pay", pay), series("Pay budget", "budget", budget)});
  json bars = {{"kind", "temporary"}, {"labels", d.years}, {"units", "GBP"},
               {"from_zero", true},   {"stacked", true},   {"series", json::array()}};
  bars["bars"] = bank.empty()
                     ? json::array({{{"label", "Temporary staffing"}, {"values", temporary}}})
                     : json::array({{{"label", "Bank"}, {"values", bank}},
                                    {{"label", "Agency"}, {"values", agency}}});
  doc.temporary_chart.id = "chart-temporary";
  doc.temporary_chart.spec = std::move(bars);
  doc.temporary_chart.alt = fmt::format(
      "Bar chart of temporary staffing spend over {}: {}. The table below gives every value.",
      doc.headline.period, first_last(temporary, "GBP"));
  doc.temporary_chart.caption =
      bank.empty() ? "Temporary staffing spend, GBP by plan year."
                   : "Temporary staffing spend, GBP by plan year: bank (blue) and agency "
                     "(vermillion), stacked.";
  doc.money_chart.id = "chart-money";
  doc.money_chart.spec = std::move(spec);
  doc.money_chart.alt = fmt::format(
      "Line chart of pay cost and budget over {}: pay cost {}, budget {}. The table below gives "
      "every value.",
      doc.headline.period, first_last(pay, "GBP"), first_last(budget, "GBP"));
  doc.money_chart.caption =
      "Pay cost (solid) and budget (dashed), GBP by plan year, from zero; "
      "bars: temporary staffing spend" +
      std::string(bank.empty() ? "." : ", bank and agency.");
  doc.money_note =
      bank.empty()
          ? "Temporary staffing is bank and agency cover of the shortfall (MODEL.md section 6)."
          : "Bank and agency spend are split as the scenario's [temporary_staffing] costs them: "
            "bank_share at the bank premium, the rest at the agency premium.";
}

void add_levers(Document& doc, const ReportData& d, const Levers& levers) {
  doc.levers_note = levers.problem.empty()
                        ? "The plan's values by plan year, read from the resolved scenario the "
                          "file holds."
                        : "No levers shown: " + levers.problem + ".";
  std::map<std::string, std::size_t> at;
  for (const LeverRow& r : levers.rows) {
    auto [it, fresh] = at.try_emplace(r.lever, doc.levers.size());
    if (fresh) {
      Table t;
      t.id = "levers-" + std::to_string(doc.levers.size());
      t.caption = r.lever;
      t.head = {"Applies to", "Key", "Units"};
      t.head.insert(t.head.end(), d.years.begin(), d.years.end());
      doc.levers.push_back(std::move(t));
    }
    Row row{r.item, {text(r.key), text(r.units)}, ""};
    for (double v : r.values)
      row.cells.push_back(num(v, r.is_share ? Format::share : Format::number));
    doc.levers[it->second].rows.push_back(std::move(row));
  }
}

std::vector<const Flag*> flags_where(const ReportData& d, const std::string& plan,
                                     const std::string& system, long long variant,
                                     const std::string& year) {
  std::vector<const Flag*> out;
  for (const Flag& f : d.flags) {
    if (!plan.empty() && f.plan != plan) continue;
    if (!system.empty() && f.system != system) continue;
    if (variant >= 0 && f.variant != variant) continue;
    if (!year.empty() && f.year != year) continue;
    if (f.share >= 0 && f.share < 0.5) continue;
    out.push_back(&f);
  }
  return out;
}

int count(const std::vector<const Flag*>& flags, const std::string& severity) {
  int n = 0;
  for (const Flag* f : flags) n += f->severity == severity;
  return n;
}

void add_variants(Document& doc, const ReportData& d) {
  doc.has_variants = true;
  const std::size_t last = d.years.size() - 1;
  doc.variants_note = fmt::format(
      "Each variant of the sweep in {}; the sections below show the first variant in detail.",
      d.years[last]);
  Table& t = doc.variants;
  t.id = "variants-table";
  t.caption = "Sweep variants in " + d.years[last];
  t.head = {"Variant",
            "Demand (FTE)",
            "Effective supply (FTE)",
            "Workforce gap (FTE)",
            "Gap share of demand (%)",
            "Funded establishment (FTE)",
            "Pay cost (GBP)",
            "Pay budget (GBP)",
            "Critical flags",
            "Warning flags"};
  for (std::size_t v = 0; v < d.variants.size(); ++v) {
    const PlanView& p = d.variants[v];
    const auto flags = flags_where(d, "", "", static_cast<long long>(v), "");
    t.rows.push_back({p.label,
                      {num(p.total("demand_fte", last), Format::fte),
                       num(p.total("effective_fte", last), Format::fte),
                       num(p.total("workforce_gap_fte", last), Format::fte),
                       num(ratio(p.total("workforce_gap_fte", last), p.total("demand_fte", last)),
                           Format::share),
                       num(p.total("funded_fte", last), Format::fte),
                       num(p.total("pay_cost_gbp", last), Format::gbp),
                       num(p.total("budget_gbp", last), Format::gbp),
                       num(count(flags, "critical"), Format::count),
                       num(count(flags, "warning"), Format::count)},
                      ""});
  }
}

double modelled_total(const PlanView& p, const std::string& variable, std::size_t y) {
  const Grid& grid = p.at(variable);
  if (y >= grid.size()) return kNaN;
  double sum = 0;
  for (std::size_t g = 0; g < grid[y].size(); ++g)
    if (p.modelled.empty() || p.modelled[g]) sum += grid[y][g];
  return sum;
}

void add_national(Document& doc, const ReportData& d) {
  doc.national = true;
  const std::size_t years = d.years.size(), last = years - 1;
  const std::string year = d.years[last];
  doc.systems_note = fmt::format(
      "The reconciled plan of each system in {} (the submitted plan's gap alongside); FTE per "
      "100,000 people served over the groups each system models.",
      year);
  Table& t = doc.systems;
  t.id = "systems-table";
  t.caption = "Systems compared, " + year;
  t.head = {"System",
            "Population (people)",
            "FTE per 100,000",
            "Workforce gap share (%)",
            "Gap share as submitted (%)",
            "Funding gap share (%)",
            "Pay cost less budget (GBP)",
            "Critical flags",
            "Warning flags"};
  for (std::size_t s = 0; s < d.systems.size(); ++s) {
    const PlanView& p = d.systems[s];
    const double demand = modelled_total(p, "demand_fte", last);
    const PlanView* sub = s < d.systems_submitted.size() ? &d.systems_submitted[s] : nullptr;
    const auto flags = flags_where(d, "reconciled", p.label, -1, "");
    t.rows.push_back(
        {p.label,
         {num(p.population, Format::people),
          num(p.population > 0 ? modelled_total(p, "fte", last) / p.population * 1e5 : kNaN,
              Format::number),
          num(ratio(modelled_total(p, "workforce_gap_fte", last), demand), Format::share),
          num(sub ? ratio(modelled_total(*sub, "workforce_gap_fte", last),
                          modelled_total(*sub, "demand_fte", last))
                  : kNaN,
              Format::share),
          num(ratio(modelled_total(p, "funding_gap_fte", last), demand), Format::share),
          num(modelled_total(p, "pay_gap_gbp", last), Format::gbp),
          num(count(flags, "critical"), Format::count),
          num(count(flags, "warning"), Format::count)},
         ""});
    std::vector<double> dem, sup;
    for (std::size_t y = 0; y < years; ++y) {
      dem.push_back(modelled_total(p, "demand_fte", y));
      sup.push_back(modelled_total(p, "effective_fte", y));
    }
    Chart c;
    c.id = "multiple-" + std::to_string(s);
    c.spec = {{"kind", "multiple"}, {"labels", d.years}, {"units", "FTE"}, {"title", p.label}};
    c.spec["series"] =
        json::array({series("Demand", "demand", dem), series("Effective supply", "supply", sup)});
    c.alt = fmt::format("{}: demand {}, effective supply {}", p.label, first_last(dem, "FTE"),
                        first_last(sup, "FTE"));
    doc.multiples.push_back(std::move(c));
    doc.multiple_names.push_back(p.label);
  }
  const Pools& pools = d.pools;
  doc.pools_note = pools.ids.empty()
                       ? "This national run has no supply pools."
                       : "Each pool's national volume, what the systems' submitted plans claimed, "
                         "and what the reconciliation allocated them, people by plan year.";
  auto pool_row = [&](const std::string& variable, std::size_t i, const std::string& label) {
    const auto it = pools.by_pool.find(variable);
    if (it == pools.by_pool.end() || i >= it->second.size()) return;
    doc.pools.back().rows.push_back(year_row(label, it->second[i], Format::people));
  };
  for (std::size_t i = 0; i < pools.ids.size(); ++i) {
    Table p;
    p.id = "pool-" + pools.ids[i];
    p.caption = pools.names[i] + " (" + pools.ids[i] + ")";
    p.head = year_head(d, "Measure");
    p.by_year = true;
    doc.pools.push_back(std::move(p));
    pool_row("volume", i, "Volume (people)");
    pool_row("total_claimed", i, "Claimed, all systems (people)");
    pool_row("delivered", i, "Delivered (people)");
    pool_row("overclaim", i, "Claims above the volume (people)");
    for (const char* variable : {"claimed", "allocated"}) {
      const auto it = pools.by_system.find(variable);
      if (it == pools.by_system.end()) continue;
      for (std::size_t s = 0; s < it->second.size() && s < pools.systems.size(); ++s)
        if (i < it->second[s].size())
          doc.pools.back().rows.push_back(
              year_row(fmt::format("{}: {} (people)", variable, pools.systems[s]), it->second[s][i],
                       Format::people));
    }
  }
}

void add_comparison(Document& doc, const ReportData& a, const ReportData& b) {
  doc.has_comparison = true;
  const std::size_t last = a.years.size() - 1;
  doc.comparison_note =
      fmt::format("A: {}. B, the alternative: {}. Figures of {}, B less A in the last column.",
                  file_label(a), file_label(b), a.years[last]);
  const Headline ha = make_headline(a, a.plan, plan_flags(a)),
                 hb = make_headline(b, b.plan, plan_flags(b));
  Table& t = doc.comparison;
  t.id = "comparison-table";
  t.caption = "The plan against the alternative, " + a.years[last];
  t.head = {"Measure", "A", "B", "B less A"};
  auto row = [&](const char* label, double x, double y, Format f) {
    t.rows.push_back({label, {num(x, f), num(y, f), num(y - x, f)}, ""});
  };
  row("Demand (FTE)", ha.demand, hb.demand, Format::fte);
  row("Effective supply (FTE)", ha.supply, hb.supply, Format::fte);
  row("Funded establishment (FTE)", ha.funded, hb.funded, Format::fte);
  row("Workforce gap (FTE)", ha.gap, hb.gap, Format::fte);
  row("Workforce gap share of demand (%)", ha.gap_share, hb.gap_share, Format::share);
  row("Funding gap (FTE)", ha.funding_gap, hb.funding_gap, Format::fte);
  row("Pay cost (GBP)", ha.pay_cost, hb.pay_cost, Format::gbp);
  row("Pay budget (GBP)", ha.budget, hb.budget, Format::gbp);
  row("Pay cost less budget (GBP)", ha.pay_gap, hb.pay_gap, Format::gbp);
  row("Critical flags", ha.critical, hb.critical, Format::count);
  row("Warning flags", ha.warning, hb.warning, Format::count);

  Table g;
  g.id = "comparison-groups";
  g.caption = "Workforce gap by staff group, " + a.years[last] + " (FTE)";
  g.head = {"Staff group", "A", "B", "B less A"};
  const Grid &ga = a.plan.at("workforce_gap_fte"), &gb = b.plan.at("workforce_gap_fte");
  for (std::size_t i = 0; i < a.group_ids.size(); ++i) {
    const double x = ga.empty() ? kNaN : ga[last][i], y = gb.empty() ? kNaN : gb[last][i];
    g.rows.push_back(
        {a.group_name(i), {num(x, Format::fte), num(y, Format::fte), num(y - x, Format::fte)}, ""});
  }
  doc.comparison_groups.push_back(std::move(g));
}

// A variable of an unknown group as a table: the last axis as columns, the
// others as row labels.
Table extra_table(const ExtraGroup& group, const ExtraVariable& v) {
  Table t;
  t.id = "extra-" + group.name + "-" + v.name;
  t.caption = v.long_name.empty() ? v.name : v.name + ": " + v.long_name;
  const std::string units = v.units.empty() ? "" : " (" + v.units + ")";
  const Array& a = v.values;
  auto label = [&](std::size_t axis, std::size_t i) {
    return v.labels[axis].empty() ? std::to_string(i) : v.labels[axis][i];
  };
  if (a.shape.empty()) {
    t.head = {"Variable", "Value" + units};
    t.rows.push_back({v.name, {num(a.values.empty() ? kNaN : a.values[0], Format::number)}, ""});
    return t;
  }
  const std::size_t rank = a.shape.size();
  const std::size_t cols = rank == 1 ? 1 : a.shape[rank - 1];
  std::string lead;
  for (std::size_t i = 0; i + (rank == 1 ? 0 : 1) < rank; ++i)
    lead +=
        (lead.empty() ? "" : " / ") + (a.dims[i].empty() ? "axis " + std::to_string(i) : a.dims[i]);
  t.head = {lead};
  if (rank == 1)
    t.head.push_back(v.name + units);
  else
    for (std::size_t c = 0; c < cols; ++c) t.head.push_back(label(rank - 1, c) + units);
  const std::size_t rows = cols ? a.values.size() / cols : 0;
  for (std::size_t r = 0; r < rows; ++r) {
    std::string name;
    std::size_t rest = r;
    std::vector<std::string> parts(rank == 1 ? 1 : rank - 1);
    for (std::size_t i = parts.size(); i-- > 0;) {
      parts[i] = label(i, rest % a.shape[i]);
      rest /= a.shape[i];
    }
    for (const auto& p : parts) name += (name.empty() ? "" : " / ") + p;
    Row row{name, {}, ""};
    for (std::size_t c = 0; c < cols; ++c)
      row.cells.push_back(num(a.values[r * cols + c], Format::number));
    t.rows.push_back(std::move(row));
  }
  return t;
}

void add_provenance(Document& doc, const ReportData& d, const ReportData* alt) {
  Table& t = doc.provenance;
  t.id = "provenance-table";
  t.caption = "Where these figures come from";
  t.head = {"Item", alt ? "A" : "Value"};
  if (alt) t.head.push_back("B");
  auto row = [&](const char* label, auto get) {
    Row r{label, {text(get(d))}, ""};
    if (alt) r.cells.push_back(text(get(*alt)));
    t.rows.push_back(std::move(r));
  };
  row("Output file", [](const ReportData& x) { return x.path.string(); });
  row("Kind of run", [](const ReportData& x) { return kind_label(x); });
  row("Scenario", [](const ReportData& x) { return x.scenario_name; });
  row("Scenario file", [](const ReportData& x) { return x.scenario_file; });
  row("SHA-1 of the resolved scenario", [](const ReportData& x) {
    return x.scenario_resolved.empty() ? "-" : sha1_hex(x.scenario_resolved);
  });
  row("wfsim version that ran it", [](const ReportData& x) { return x.wfsim_version; });
  row("Output format version",
      [](const ReportData& x) { return std::to_string(x.format_version); });
  row("Seed", [](const ReportData& x) { return x.seed; });
  row("Replicates", [](const ReportData& x) { return std::to_string(x.replicates); });
  row("Created (UTC)", [](const ReportData& x) { return x.created; });
  row("System", [](const ReportData& x) {
    return x.system_id.empty() ? "-" : fmt::format("{} ({})", x.system_name, x.system_id);
  });
  doc.provenance_note = fmt::format(
      "Report made by wfsim {}. To rerun: save the resolved scenario below as a .toml file and "
      "run it with `wfsim run`{}.",
      WFSIM_VERSION, d.replicates > 1 ? fmt::format(" -r {}", d.replicates) : "");
  doc.resolved_file = d.scenario_file;
  doc.resolved_text = d.scenario_resolved;
}

}  // namespace

std::string exact(double value) {
  if (std::isnan(value)) return "";
  return fmt::format("{}", value);
}

void check_comparable(const ReportData& a, const ReportData& b) {
  if (a.years != b.years)
    throw FileError(fmt::format("{}: plan years {} to {} differ from {} ({} to {})",
                                b.path.string(), b.years.front(), b.years.back(), a.path.string(),
                                a.years.front(), a.years.back()));
  if (a.group_ids != b.group_ids)
    throw FileError(
        fmt::format("{}: staff groups differ from those of {}", b.path.string(), a.path.string()));
}

Document build_document(const ReportData& d, const ReportData* alt) {
  Document doc;
  const std::string who = !d.system_name.empty() ? d.system_name : d.scenario_name;
  doc.title = alt ? fmt::format("{}: the plan against an alternative", who)
                  : fmt::format("{}: workforce plan", who);
  doc.headline = make_headline(d, d.plan, plan_flags(d));
  doc.subtitle = fmt::format("{} · {} · {}", d.scenario_name, doc.headline.period, kind_label(d));
  doc.footer =
      fmt::format("Plan: {} · source: {} · wfsim {} · file created {} · report by wfsim {}",
                  d.scenario_name, d.scenario_file, d.wfsim_version, d.created, WFSIM_VERSION);
  add_headline(doc, d);
  if (alt) add_comparison(doc, d, *alt);
  add_flags(doc, d);
  if (d.kind == FileKind::sweep) add_variants(doc, d);
  if (d.kind == FileKind::national) add_national(doc, d);
  doc.groups_note =
      d.kind == FileKind::national ? "National totals of the reconciled plan, every system summed."
      : d.kind == FileKind::sweep  ? "The first variant of the sweep: " + d.plan.label + "."
      : d.monte_carlo()            ? fmt::format(
                                         "Means over {} futures, with the spread between the quantiles the "
                                                    "file holds.",
                                         d.replicates)
                        : "Annual values: FTE as means of month-ends, flows and money as totals.";
  for (std::size_t g = 0; g < d.group_ids.size(); ++g) add_group(doc, d, g, alt);
  const Levers levers = read_levers(d);
  add_money(doc, d, levers, alt);
  add_levers(doc, d, levers);
  for (const ExtraGroup& group : d.extra) {
    Document::Extra e;
    e.name = group.name;
    e.title = group.name == "solve" ? "Solved plan (/solve)" : "/" + group.name;
    e.note =
        fmt::format("The variables of the file's /{} group, as the file holds them.", group.name);
    for (const ExtraVariable& v : group.variables) e.tables.push_back(extra_table(group, v));
    e.strings = group.strings;
    doc.extra.push_back(std::move(e));
  }
  add_provenance(doc, d, alt);
  return doc;
}

}  // namespace wfsim::report
