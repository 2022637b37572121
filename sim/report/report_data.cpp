#include "report/report_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "output/year_group_array.h"

namespace wfsim::report {
namespace {

// The annual variables the report shows (docs/output.md).
constexpr const char* kVariables[] = {"headcount",          "fte",
                                      "effective_fte",      "trainee_fte",
                                      "demand_fte",         "funded_fte",
                                      "workforce_gap_fte",  "funding_gap_fte",
                                      "vacancy_fte",        "temporary_cover_fte",
                                      "unmet_fte",          "leavers",
                                      "joiners_domestic",   "joiners_international",
                                      "joiners_pipeline",   "transfers_in",
                                      "transfers_out",      "pay_cost_gbp",
                                      "temporary_cost_gbp", "budget_gbp",
                                      "pay_gap_gbp",        "headcount_at_year_end",
                                      "fte_at_year_end"};

// Groups whose layout the report knows; any other is shown generically.
const std::set<std::string> kKnownGroups = {"annual", "summary", "national", "pools", "flags"};

const Grid kEmpty;

// One leading combination's values at `k` along the inner dim, or (k < 0)
// their means over it: [year][group].
Grid grid_of(const YearGroupArray& a, std::size_t l, int k) {
  if (k < 0 && a.inner == 0) return {};
  Grid grid(a.years, std::vector<double>(a.groups));
  for (std::size_t y = 0; y < a.years; ++y)
    for (std::size_t g = 0; g < a.groups; ++g)
      grid[y][g] = k < 0 ? a.mean(l, y, g) : a.at(l, static_cast<std::size_t>(k), y, g);
  return grid;
}

// Reads the annual variables of `group` ("annual", "national/annual") into
// one PlanView per leading combination, in row-major order of the leading
// dims. From "summary" (a file that keeps only its summary), the means
// themselves: `<variable>_mean`.
std::vector<PlanView> read_views(const RunReader& reader, const std::string& group,
                                 std::size_t years, std::size_t groups,
                                 std::vector<std::size_t>* leading_shape) {
  std::vector<PlanView> views;
  const bool means = group == "summary";
  for (const char* variable : kVariables) {
    const std::string path = group + "/" + variable + (means ? "_mean" : "");
    if (!reader.has(path)) continue;
    const YearGroupArray a =
        read_year_group_array(reader, path, means ? "" : "replicate", years, groups);
    if (views.empty()) {
      views.resize(a.leading);
      if (leading_shape) *leading_shape = a.leading_shape;
    }
    if (a.leading != views.size())
      throw FileError(fmt::format("{}: {} has other leading dimensions than the rest of {}",
                                  reader.path().string(), path, group));
    for (std::size_t l = 0; l < views.size(); ++l)
      views[l].mean[variable] = grid_of(a, l, -1);
  }
  if (views.empty())
    throw FileError(fmt::format("{}: not a wfsim output file (no annual variables in /{})",
                                reader.path().string(), group));
  return views;
}

void read_quantiles(const RunReader& reader, std::size_t years, std::size_t groups,
                    std::vector<PlanView*> views) {
  for (const char* variable : kVariables) {
    const std::string path = std::string("summary/") + variable;
    if (!reader.has(path)) continue;
    const YearGroupArray a = read_year_group_array(reader, path, "quantile", years, groups);
    if (a.leading != views.size())
      throw FileError(fmt::format("{}: {} does not match /annual's leading dimensions",
                                  reader.path().string(), path));
    for (std::size_t l = 0; l < views.size(); ++l)
      for (std::size_t k = 0; k < a.inner; ++k)
        views[l]->quantiles[variable].push_back(grid_of(a, l, static_cast<int>(k)));
  }
}

// The national totals of a file that keeps only its summary, which has no
// /national/annual: the sum of the systems' means (the mean of the sums,
// to rounding), without quantiles, which do not add up.
PlanView sum_of(const std::vector<PlanView>& systems) {
  PlanView total;
  for (const PlanView& system : systems)
    for (const auto& [variable, grid] : system.mean) {
      Grid& into = total.mean[variable];
      if (into.empty()) {
        into = grid;
        continue;
      }
      for (std::size_t y = 0; y < into.size() && y < grid.size(); ++y)
        for (std::size_t g = 0; g < into[y].size() && g < grid[y].size(); ++g)
          into[y][g] += grid[y][g];
    }
  return total;
}

std::vector<Flag> read_flags(const RunReader& reader) {
  const std::string at = reader.flag_column("");
  std::vector<Flag> flags;
  const auto kind = reader.read_strings_if_any(at + "flag_kind");
  const auto group = reader.read_strings_if_any(at + "flag_group");
  const auto year = reader.read_strings_if_any(at + "flag_year");
  const auto metric = reader.read_strings_if_any(at + "flag_metric");
  const auto severity = reader.read_strings_if_any(at + "flag_severity");
  const auto system = reader.read_strings_if_any(at + "flag_system");
  const auto plan = reader.read_strings_if_any(at + "flag_plan");
  const auto value = reader.read_if_any(at + "flag_value").values;
  const auto threshold = reader.read_if_any(at + "flag_threshold").values;
  const auto share = reader.read_if_any(at + "flag_share").values;
  const auto variant = reader.read_if_any(at + "flag_variant").values;
  const std::size_t n = kind.size();
  for (std::size_t len :
       {group.size(), year.size(), metric.size(), severity.size(), value.size(), threshold.size()})
    if (len != n)
      throw FileError(
          fmt::format("{}: the flag columns are of different lengths", reader.path().string()));
  for (std::size_t i = 0; i < n; ++i) {
    Flag f;
    f.kind = kind[i];
    f.group = group[i];
    f.year = year[i];
    f.metric = metric[i];
    f.severity = severity[i];
    f.value = value[i];
    f.threshold = threshold[i];
    if (i < share.size() && !std::isnan(share[i])) f.share = share[i];
    if (i < variant.size()) f.variant = static_cast<long long>(variant[i]);
    if (i < system.size()) f.system = system[i];
    if (i < plan.size()) f.plan = plan[i];
    flags.push_back(std::move(f));
  }
  return flags;
}

Pools read_pools(const RunReader& reader) {
  Pools p;
  if (!reader.has("pools/pool")) return p;
  p.ids = reader.read_strings("pools/pool");
  p.names = reader.read_strings_if_any("pools/pool_name");
  if (p.names.size() != p.ids.size()) p.names = p.ids;
  p.systems = reader.read_strings_if_any("pools/system");
  for (const std::string& name : reader.datasets("pools")) {
    if (reader.is_strings("pools/" + name)) continue;
    const Array a = reader.read("pools/" + name);
    if (a.dims.size() == 2 && a.dims[0] == "pool" && a.dims[1] == "year") {
      auto& out = p.by_pool[name];
      out.assign(a.shape[0], std::vector<double>(a.shape[1]));
      for (std::size_t i = 0; i < a.values.size(); ++i)
        out[i / a.shape[1]][i % a.shape[1]] = a.values[i];
    } else if (a.dims.size() == 3 && a.dims[0] == "system" && a.dims[1] == "pool") {
      auto& out = p.by_system[name];
      out.assign(a.shape[0],
                 std::vector<std::vector<double>>(a.shape[1], std::vector<double>(a.shape[2])));
      const std::size_t per = a.shape[1] * a.shape[2];
      for (std::size_t i = 0; i < a.values.size(); ++i)
        out[i / per][(i % per) / a.shape[2]][i % a.shape[2]] = a.values[i];
    }
  }
  return p;
}

std::vector<ExtraGroup> read_extra(const RunReader& reader) {
  std::vector<ExtraGroup> out;
  for (const std::string& name : reader.groups("")) {
    if (kKnownGroups.count(name)) continue;
    ExtraGroup g;
    g.name = name;
    const auto names = reader.datasets(name);
    // A dataset is a coordinate when some variable of the group has an axis of its name.
    std::set<std::string> axes;
    std::vector<Array> arrays(names.size());
    std::vector<bool> numeric(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
      numeric[i] = !reader.is_strings(name + "/" + names[i]);
      if (!numeric[i]) continue;
      try {
        arrays[i] = reader.read(name + "/" + names[i]);
      } catch (const FileError&) {
        numeric[i] = false;  // a compound or other type: not shown
        continue;
      }
      for (const std::string& d : arrays[i].dims)
        if (d != names[i]) axes.insert(d);
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::string path = name + "/" + names[i];
      if (axes.count(names[i])) continue;
      if (!numeric[i]) {
        if (reader.is_strings(path)) g.strings.emplace_back(names[i], reader.read_strings(path));
        continue;
      }
      ExtraVariable v;
      v.name = names[i];
      v.units = reader.dataset_string_attribute(path, "units").value_or("");
      v.long_name = reader.dataset_string_attribute(path, "long_name").value_or("");
      v.values = std::move(arrays[i]);
      for (std::size_t d = 0; d < v.values.dims.size(); ++d) {
        std::vector<std::string> labels;
        const std::string& dim = v.values.dims[d];
        const std::string coordinate = name + "/" + dim;
        if (!dim.empty() && reader.has(coordinate)) {
          if (reader.is_strings(coordinate))
            labels = reader.read_strings(coordinate);
          else
            for (double x : reader.read(coordinate).values) labels.push_back(fmt::format("{}", x));
        }
        if (labels.size() != v.values.shape[d]) labels.clear();
        v.labels.push_back(std::move(labels));
      }
      g.variables.push_back(std::move(v));
    }
    if (!g.variables.empty() || !g.strings.empty()) out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

const Grid& PlanView::at(const std::string& variable) const {
  const auto it = mean.find(variable);
  return it == mean.end() ? kEmpty : it->second;
}

double PlanView::total(const std::string& variable, std::size_t y) const {
  const Grid& grid = at(variable);
  if (y >= grid.size()) return std::nan("");
  double sum = 0;
  for (double v : grid[y]) sum += v;
  return sum;
}

ReportData load_report_data(const std::filesystem::path& path) {
  RunReader reader(path);
  ReportData d;
  d.path = path;
  d.format_version = reader.format_version();
  reader.require_readable_format();
  auto text = [&](const char* name) { return reader.string_attribute(name).value_or(""); };
  d.wfsim_version = text("wfsim_version");
  d.scenario_name = text("scenario_name");
  d.scenario_file = text("scenario_file");
  d.scenario_resolved = text("scenario_resolved");
  d.created = text("created");
  d.system_id = text("system_id");
  d.system_name = text("system_name");
  if (const auto seed = reader.number_attribute("seed"))
    d.seed = fmt::format("{}", static_cast<unsigned long long>(*seed));
  d.replicates = static_cast<int>(reader.number_attribute("replicates").value_or(1));
  d.start_units = reader.dataset_string_attribute("time", "units").value_or("");
  const std::string& annual = reader.annual_group();
  d.years = reader.read_strings(annual + "/year");
  d.group_ids = reader.read_strings(annual + "/staff_group");
  d.group_names = reader.read_strings_if_any(annual + "/staff_group_name");
  if (d.group_names.size() != d.group_ids.size()) d.group_names = d.group_ids;
  if (d.years.empty()) throw FileError(fmt::format("{}: no plan years", path.string()));
  const std::size_t years = d.years.size(), groups = d.group_ids.size();
  if (reader.has("summary/quantile")) d.quantile_levels = reader.read("summary/quantile").values;

  std::vector<std::size_t> leading;
  std::vector<PlanView> views = read_views(reader, annual, years, groups, &leading);
  const bool national = reader.has(annual + "/plan") && reader.has(annual + "/system");
  const bool sweep = reader.has(annual + "/variant");
  if (!national && !sweep && views.size() != 1)
    throw FileError(
        fmt::format("{}: /annual has leading dimensions this wfsim does not know", path.string()));
  if (!d.quantile_levels.empty()) {
    std::vector<PlanView*> all;
    for (PlanView& v : views) all.push_back(&v);
    read_quantiles(reader, years, groups, all);
  }
  d.flags = read_flags(reader);

  if (national) {
    d.kind = FileKind::national;
    const auto plans = reader.read_strings(annual + "/plan");
    const auto systems = reader.read_strings(annual + "/system");
    // Every national file has these at the root, whatever it keeps.
    const auto population = reader.read_if_any("population").values;
    const Array modelled = reader.read_if_any("staff_group_modelled");
    if (leading.size() != 2 || leading[0] != plans.size() || leading[1] != systems.size())
      throw FileError(fmt::format("{}: /annual is not (plan, system, ...)", path.string()));
    for (std::size_t p = 0; p < plans.size(); ++p) {
      auto& into = plans[p] == "submitted" ? d.systems_submitted : d.systems;
      if (plans[p] != "submitted" && plans[p] != "reconciled") continue;
      for (std::size_t s = 0; s < systems.size(); ++s) {
        PlanView v = std::move(views[p * systems.size() + s]);
        v.label = systems[s];
        if (s < population.size()) v.population = population[s];
        if (modelled.values.size() == systems.size() * groups)
          for (std::size_t g = 0; g < groups; ++g)
            v.modelled.push_back(modelled.values[s * groups + g] != 0);
        into.push_back(std::move(v));
      }
    }
    if (reader.summary_only()) {
      d.plan = sum_of(d.systems);
    } else {  // the national totals: /national/annual, the reconciled plan
      std::vector<std::size_t> plan_shape;
      std::vector<PlanView> totals =
          read_views(reader, "national/annual", years, groups, &plan_shape);
      const std::vector<std::string> total_plans =
          reader.read_strings_if_any("national/annual/plan");
      const auto at = std::find(total_plans.begin(), total_plans.end(), "reconciled");
      const std::size_t index =
          at == total_plans.end() ? 0 : static_cast<std::size_t>(at - total_plans.begin());
      if (index >= totals.size())
        throw FileError(fmt::format("{}: /national/annual has no plans", path.string()));
      d.plan = std::move(totals[index]);
    }
    d.plan.label = d.system_name.empty() ? "national" : d.system_name;
    for (double p : population) d.plan.population += p;
    d.pools = read_pools(reader);
  } else if (sweep) {
    d.kind = FileKind::sweep;
    const auto labels = reader.read_strings(annual + "/variant");
    if (labels.size() != views.size())
      throw FileError(fmt::format("{}: /annual is not (variant, ...)", path.string()));
    for (std::size_t v = 0; v < views.size(); ++v) {
      views[v].label = labels[v];
      views[v].population = reader.number_attribute("population").value_or(0);
    }
    d.variants = std::move(views);
    d.plan = d.variants.front();
  } else {
    d.kind = d.replicates > 1 ? FileKind::monte_carlo : FileKind::single;
    d.plan = std::move(views.front());
    d.plan.label = d.system_name.empty() ? d.scenario_name : d.system_name;
    d.plan.population = reader.number_attribute("population").value_or(0);
  }
  d.extra = read_extra(reader);
  return d;
}

}  // namespace wfsim::report
