// Reading the files `wfsim compare` compares, and checking that they can
// be compared, into UnitValues (compare.h).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "output/compare.h"
#include "output/hdf5_reader.h"
#include "output/run_file_check.h"
#include "output/year_group_array.h"

namespace wfsim {
namespace {

// The annual variables the measures use.
constexpr const char* kNeeded[] = {"fte",
                                   "headcount",
                                   "leavers",
                                   "joiners_domestic",
                                   "joiners_international",
                                   "joiners_pipeline",
                                   "pay_cost_gbp",
                                   "temporary_cost_gbp",
                                   "workforce_gap_fte",
                                   "demand_fte"};

std::string join_years(const std::vector<std::string>& years) {
  if (years.empty()) return "no years";
  return years.size() == 1 ? years.front() : fmt::format("{} to {}", years.front(), years.back());
}

// One open file and what it says about its layout.
struct Source {
  std::unique_ptr<RunReader> reader;
  std::string name;  // the path as given
  std::vector<std::string> years, groups;
  std::string start;  // the `units` of time: "days since 2019-04-01"
  int replicates = 1;
};

// Replicate means of one variable at one year: [leading combination][group],
// with the leading dims (those before `replicate`) and their sizes.
struct Means {
  std::vector<std::string> dims;
  std::vector<std::size_t> shape;
  std::vector<std::vector<double>> values;
};

// A file that keeps only its summary gives /summary's means, as one replicate.
Means replicate_means(const Source& s, const std::string& variable, std::size_t year) {
  const bool summary = s.reader->summary_only();
  const YearGroupArray a = read_year_group_array(
      *s.reader, summary ? "summary/" + variable + "_mean" : "annual/" + variable,
      summary ? "" : "replicate", s.years.size(), s.groups.size());
  Means m{a.leading_dims, a.leading_shape, {}};
  m.values.assign(a.leading, std::vector<double>(a.groups));
  for (std::size_t l = 0; l < a.leading; ++l)
    for (std::size_t g = 0; g < a.groups; ++g) m.values[l][g] = a.mean(l, year, g);
  return m;
}

Source open(const std::string& file) {
  Source s;
  s.reader = std::make_unique<RunReader>(file);
  s.name = file;
  return s;
}

void read_layout(Source& s) {
  const std::string& annual = s.reader->annual_group();
  s.years = s.reader->read_strings(annual + "/year");
  s.groups = s.reader->read_strings(annual + "/staff_group");
  s.start = s.reader->dataset_string_attribute("time", "units").value_or("");
  s.replicates = static_cast<int>(s.reader->number_attribute("replicates").value_or(1));
}

// "days since 2019-04-01" -> "2019-04".
std::string start_month(const std::string& units) {
  const std::string prefix = "days since ";
  if (units.rfind(prefix, 0) != 0 || units.size() < prefix.size() + 7) return units;
  return units.substr(prefix.size(), 7);
}

std::string scenario_label(const Source& s) {
  const std::string name = s.reader->string_attribute("scenario_name").value_or("");
  return name.empty() ? std::filesystem::path(s.name).filename().string() : name;
}

// Flags raised in `year`, by position along each leading dim they carry.
struct FlagRow {
  std::string system, plan, severity;
  long long variant = -1;
  double share = 1;  // of replicates raising it (Monte Carlo files)
};

std::vector<FlagRow> flags_in_year(const Source& s, const std::string& year) {
  std::vector<FlagRow> out;
  const RunReader& r = *s.reader;
  if (!r.has(r.flag_column("flag_year"))) return out;
  const auto years = r.read_strings(r.flag_column("flag_year"));
  const auto severity = r.read_strings(r.flag_column("flag_severity"));
  const auto system = r.read_strings_if_any(r.flag_column("flag_system"));
  const auto plan = r.read_strings_if_any(r.flag_column("flag_plan"));
  const auto variant = r.read_if_any(r.flag_column("flag_variant")).values;
  const auto share = r.read_if_any(r.flag_column("flag_share")).values;
  for (std::size_t i = 0; i < years.size() && i < severity.size(); ++i) {
    if (years[i] != year) continue;
    FlagRow f;
    f.severity = severity[i];
    if (i < system.size()) f.system = system[i];
    if (i < plan.size()) f.plan = plan[i];
    if (i < variant.size()) f.variant = static_cast<long long>(variant[i]);
    if (i < share.size() && !std::isnan(share[i])) f.share = share[i];
    out.push_back(f);
  }
  return out;
}

// Adds `more` to `into` group by group (a national file's systems summed).
void add_into(std::vector<double>& into, const std::vector<double>& more) {
  if (into.empty()) into.assign(more.size(), 0.0);
  for (std::size_t g = 0; g < more.size(); ++g) into[g] += more[g];
}

}  // namespace

CompareInput load_comparison(const CompareOptions& options) {
  if (options.files.empty()) throw FileError("compare: no files given");
  if (!options.by.empty() && options.by != "system" && options.by != "scenario")
    throw FileError(fmt::format("--by {}: must be system or scenario", options.by));
  if (!(options.per > 0) || !std::isfinite(options.per))
    throw FileError(fmt::format("--per {}: must be a positive number", options.per));
  if (options.plan != "submitted" && options.plan != "reconciled")
    throw FileError(fmt::format("--plan {}: must be submitted or reconciled", options.plan));

  // Every file must open as a wfsim file before versions are compared.
  std::vector<Source> sources;
  for (const std::string& file : options.files) sources.push_back(open(file));
  const Source& first = sources.front();
  // Versions may mix: the reader finds the flags of each (RunReader::flag_column).
  for (const Source& s : sources) s.reader->require_readable_format();
  for (const Source& s : sources) check_run_file(*s.reader);
  for (Source& s : sources) read_layout(s);
  for (const Source& s : sources) {
    if (s.years != first.years)
      throw FileError(fmt::format("{}: plan years {} differ from {} ({})", s.name,
                                  join_years(s.years), first.name, join_years(first.years)));
    if (start_month(s.start) != start_month(first.start))
      throw FileError(fmt::format("{}: starts {}, but {} starts {}", s.name, start_month(s.start),
                                  first.name, start_month(first.start)));
  }
  if (first.years.empty()) throw FileError(fmt::format("{}: no plan years", first.name));

  CompareInput input;
  input.plan = options.plan;
  input.year = options.year.empty() ? first.years.back() : options.year;
  const auto at = std::find(first.years.begin(), first.years.end(), input.year);
  if (at == first.years.end())
    throw FileError(fmt::format("--year {}: not a plan year of these files ({})", input.year,
                                join_years(first.years)));
  const std::size_t year = static_cast<std::size_t>(at - first.years.begin());

  bool any_system = false;
  std::vector<std::map<std::string, Means>> means(sources.size());
  for (std::size_t f = 0; f < sources.size(); ++f) {
    for (const char* variable : kNeeded)
      means[f][variable] = replicate_means(sources[f], variable, year);
    for (const std::string& d : means[f]["fte"].dims) {
      if (d != "plan" && d != "system" && d != "variant")
        throw FileError(fmt::format("{}: a leading dimension '{}' that compare does not know",
                                    sources[f].name, d));
      if (d == "system") any_system = true;
      if (d == "plan") input.national = true;
    }
    input.monte_carlo = input.monte_carlo || sources[f].replicates > 1;
  }
  input.by_system = options.by.empty() ? any_system : options.by == "system";

  for (std::size_t f = 0; f < sources.size(); ++f) {
    const Source& s = sources[f];
    const Means& shape = means[f]["fte"];
    const int plan_axis = [&] {
      for (std::size_t i = 0; i < shape.dims.size(); ++i)
        if (shape.dims[i] == "plan") return static_cast<int>(i);
      return -1;
    }();
    auto axis_of = [&](const char* name) {
      for (std::size_t i = 0; i < shape.dims.size(); ++i)
        if (shape.dims[i] == name) return static_cast<int>(i);
      return -1;
    };
    const int system_axis = axis_of("system"), variant_axis = axis_of("variant");
    std::vector<std::string> plans, systems, variants;
    std::vector<double> populations;
    std::size_t plan_index = 0;
    const std::string annual = s.reader->annual_group() + "/";
    if (plan_axis >= 0) {
      plans = s.reader->read_strings(annual + "plan");
      const auto p = std::find(plans.begin(), plans.end(), options.plan);
      if (p == plans.end()) throw FileError(fmt::format("{}: no plan '{}'", s.name, options.plan));
      plan_index = static_cast<std::size_t>(p - plans.begin());
    }
    if (system_axis >= 0) {
      systems = s.reader->read_strings(annual + "system");
      // Every national file has these at the root, whatever it keeps.
      populations = s.reader->read("population").values;
      if (populations.size() != systems.size())
        throw FileError(fmt::format("{}: population is not one value per system", s.name));
    }
    // [system][group]: whether the system models the group; absent in files
    // written before staff_group_modelled, where every group counts.
    std::vector<std::vector<bool>> modelled;
    const std::string modelled_at = "staff_group_modelled";
    if (system_axis >= 0 && s.reader->has(modelled_at)) {
      const Array a = s.reader->read(modelled_at);
      if (a.values.size() != systems.size() * s.groups.size())
        throw FileError(
            fmt::format("{}: {} is not one value per system and staff group", s.name, modelled_at));
      modelled.assign(systems.size(), std::vector<bool>(s.groups.size()));
      for (std::size_t i = 0; i < a.values.size(); ++i)
        modelled[i / s.groups.size()][i % s.groups.size()] = a.values[i] != 0;
    }
    if (variant_axis >= 0) variants = s.reader->read_strings(annual + "variant");
    const std::string file_system = s.reader->string_attribute("system_id").value_or("");
    const double file_population = s.reader->number_attribute("population").value_or(0);
    const std::string scenario = scenario_label(s);
    const auto flags = flags_in_year(s, input.year);

    // One unit per leading combination (the chosen plan only); by scenario,
    // a file's systems are summed into one unit per variant.
    std::map<long long, std::size_t> unit_of;  // key: variant, or variant * systems + system
    std::map<long long, std::size_t> run_of;   // key: variant
    const std::string file_name = std::filesystem::path(s.name).filename().string();
    const std::size_t first_unit = input.units.size();
    for (std::size_t l = 0; l < shape.values.size(); ++l) {
      std::vector<std::size_t> index(shape.dims.size());
      std::size_t rest = l;
      for (std::size_t i = shape.dims.size(); i-- > 0;) {
        index[i] = rest % shape.shape[i];
        rest /= shape.shape[i];
      }
      if (plan_axis >= 0 && index[plan_axis] != plan_index) continue;
      const long long v = variant_axis >= 0 ? static_cast<long long>(index[variant_axis]) : -1;
      const long long sys = system_axis >= 0 ? static_cast<long long>(index[system_axis]) : -1;
      const long long key = input.by_system ? (v + 1) * 1000003LL + sys : v;
      auto [it, fresh] = unit_of.try_emplace(key, input.units.size());
      if (fresh) {
        UnitValues u;
        u.groups = s.groups;
        const std::string variant_suffix = v >= 0 ? fmt::format(" [{}]", variants.at(v)) : "";
        const auto [run, new_run] = run_of.try_emplace(v, input.runs.size());
        if (new_run)
          input.runs.push_back(
              (scenario == file_name ? file_name : fmt::format("{} ({})", file_name, scenario)) +
              variant_suffix);
        u.run = run->second;
        if (input.by_system && sys >= 0) {
          u.system_id = systems.at(sys);
          u.label = u.system_id + variant_suffix;
          u.population = populations.at(sys);
          if (!modelled.empty()) u.modelled = modelled.at(sys);
        } else {
          u.system_id = file_system;
          u.label =
              (input.by_system && !file_system.empty() ? file_system : scenario) + variant_suffix;
          u.population = system_axis >= 0 ? 0 : file_population;
        }
        for (const char* variable : kNeeded) u.annual.push_back({variable, {}});
        for (const FlagRow& fr : flags) {
          if (plan_axis >= 0 && fr.plan != options.plan) continue;
          if (v >= 0 && fr.variant >= 0 && fr.variant != v) continue;
          if (input.by_system && sys >= 0 && fr.system != u.system_id) continue;
          // A Monte Carlo file lists every flag any replicate raised: count
          // those of a typical future, raised in at least half of them.
          if (fr.share < 0.5) continue;
          if (fr.severity == "critical")
            ++u.criticals;
          else if (fr.severity == "warning")
            ++u.warnings;
        }
        input.units.push_back(std::move(u));
      }
      UnitValues& u = input.units[it->second];
      if (!input.by_system && sys >= 0) u.population += populations.at(sys);
      for (auto& [variable, values] : u.annual) add_into(values, means[f][variable].values[l]);
    }
    // A label another file already used gains the scenario name (rows of
    // systems) or the file name (columns of scenarios).
    const std::string qualifier = input.by_system ? scenario : file_name;
    for (std::size_t i = first_unit; i < input.units.size(); ++i)
      for (std::size_t j = 0; j < first_unit; ++j)
        if (input.units[j].label == input.units[i].label) {
          input.units[i].label += fmt::format(" ({})", qualifier);
          break;
        }
  }
  // Labels stay unique so that rows, columns and the outlier list can be read.
  for (std::size_t i = 0; i < input.units.size(); ++i) {
    int copies = 1;
    for (std::size_t j = i + 1; j < input.units.size(); ++j)
      if (input.units[j].label == input.units[i].label)
        input.units[j].label += fmt::format(" #{}", ++copies);
  }
  return input;
}

}  // namespace wfsim
