#include "output/national_writer.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <map>

#include "output/hdf5_axes.h"
#include "output/hdf5_handles.h"

namespace wfsim {
namespace {

using h5::check;
using h5::Id;

// Replicates summed in one read: the block RunWriter writes in.
constexpr hsize_t kBlock = 64;

OutputLayout national_layout(const NationalPlan& plan, const Alignment& a, int replicates,
                             Storage storage, const std::vector<double>& quantiles) {
  OutputLayout layout;
  layout.outer.push_back(OuterDim{"plan", {kPlanLabels.begin(), kPlanLabels.end()}, {}});
  OuterDim system{"system", {}, {}};
  for (const Model& m : plan.systems) system.labels.push_back(m.system_id);
  layout.outer.push_back(std::move(system));
  layout.replicates = replicates;
  layout.start_year = a.start_year;
  layout.start_month = a.start_month;
  layout.years = a.years;
  layout.group_ids = a.group_ids;
  layout.group_names = a.group_names;
  layout.has_age_bands = a.has_age_bands;
  if (a.has_age_bands) layout.age_band_ids = a.band_ids;
  layout.pipeline_ids = a.pipeline_ids;
  if (replicates > 1) layout.quantiles = quantiles;
  layout.storage = storage;
  return layout;
}

RunInfo national_info(const NationalPlan& plan, int replicates) {
  RunInfo info;
  info.scenario_name = plan.name;
  info.scenario_file = plan.file;
  info.scenario_resolved = plan.text;
  info.replicates = replicates;
  info.system_id = "national";
  info.system_name = plan.name;
  for (const Model& m : plan.systems) info.population += m.population;
  return info;
}

// A group of its own: dimension scales by name, and datasets over them.
class Group {
 public:
  Group(hid_t parent, const std::string& name)
      : id_(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
            "create " + name) {}
  hid_t id() const { return id_; }

  void scale(const std::string& name, Id dataset) {
    check(H5DSset_scale(dataset, name.c_str()), "make " + name + " a dimension scale");
    sizes_[name] = extent(dataset);
    scales_[name] = std::move(dataset);
  }
  void strings(const std::string& name, const std::vector<std::string>& labels) {
    scale(name, h5::write_strings(id_, name, labels));
  }
  // A coordinate along an existing scale (staff_group_name, pool_name).
  void attached_strings(const std::string& name, const std::string& along,
                        const std::vector<std::string>& values) {
    Id d = h5::write_strings(id_, name, values);
    h5::set_string_attribute(d, "long_name", name);
    h5::set_string_attribute(d, "units", "1");
    check(H5DSattach_scale(d, scales_.at(along), 0), "attach " + along + " to " + name);
  }
  void years(const Alignment& a) {
    strings("year", h5::year_labels(a.start_year, a.years));
    h5::write_year_start(id_, scales_.at("year"), a.start_year, a.years);
  }
  void time(const Alignment& a) {
    scale("time", h5::write_time_axis(id_, a.start_year, a.start_month, 12 * a.years));
    h5::write_time_bounds(id_, scales_.at("time"), a.start_year, a.start_month, 12 * a.years);
  }
  void replicates(int count) {
    std::vector<long long> r(count);
    for (int i = 0; i < count; ++i) r[i] = i;
    scale("replicate", h5::write_numbers(id_, "replicate", H5T_NATIVE_LLONG, r));
  }
  void labels(const Alignment& a) {
    strings("staff_group", a.group_ids);
    attached_strings("staff_group_name", "staff_group", a.group_names);
    if (a.has_age_bands) strings("age_band", a.band_ids);
    if (!a.pipeline_ids.empty()) strings("pipeline", a.pipeline_ids);
  }

  // A float64 dataset over named scales, chunked by `chunk` when given.
  Id create(const std::string& name, const std::vector<std::string>& dims, std::string_view units,
            std::string_view long_name, const std::vector<hsize_t>& chunk = {},
            std::string_view cell_methods = {}) {
    std::vector<hsize_t> shape;
    for (const auto& d : dims) shape.push_back(sizes_.at(d));
    Id space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose,
             "make a space for " + name);
    Id properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "make dataset properties");
    if (!chunk.empty())
      check(H5Pset_chunk(properties, static_cast<int>(chunk.size()), chunk.data()),
            "chunk " + name);
    h5::fill_with_nan(properties);
    Id d(H5Dcreate2(id_, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, properties, H5P_DEFAULT),
         H5Dclose, "create " + name);
    for (std::size_t i = 0; i < dims.size(); ++i)
      check(H5DSattach_scale(d, scales_.at(dims[i]), static_cast<unsigned>(i)),
            "attach " + dims[i] + " to " + name);
    h5::describe_variable(d, H5T_IEEE_F64LE,
                          {units, long_name, cell_methods,
                           std::find(dims.begin(), dims.end(), "year") != dims.end()});
    return d;
  }
  void write(const std::string& name, const std::vector<std::string>& dims, std::string_view units,
             std::string_view long_name, const std::vector<double>& values) {
    Id d = create(name, dims, units, long_name);
    if (!values.empty())
      check(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
            "write " + name);
  }

 private:
  static hsize_t extent(hid_t dataset) {
    Id space(H5Dget_space(dataset), H5Sclose, "get a space");
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space, &n, nullptr);
    return n;
  }
  Id id_;
  std::map<std::string, Id> scales_;
  std::map<std::string, hsize_t> sizes_;
};

// Writes `to` (plan, replicate, rest...) in `group` as the sum over systems,
// in system order, of the dataset `from` (plan, system, replicate, rest...).
void sum_over_systems(hid_t file, const std::string& from, Group& group, const std::string& to,
                      const std::vector<std::string>& dims) {
  Id source(H5Dopen2(file, from.c_str(), H5P_DEFAULT), H5Dclose, "open " + from);
  Id source_space(H5Dget_space(source), H5Sclose, "get the space of " + from);
  const int rank = H5Sget_simple_extent_ndims(source_space);
  std::vector<hsize_t> shape(rank);
  H5Sget_simple_extent_dims(source_space, shape.data(), nullptr);
  const std::string units = h5::string_attribute(source, "units");
  const std::string long_name = h5::string_attribute(source, "long_name") + " (sum over systems)";
  const std::string methods = h5::string_attribute(source, "cell_methods");
  const hsize_t plans = shape[0], systems = shape[1], replicates = shape[2];
  hsize_t cell = 1;
  for (int i = 3; i < rank; ++i) cell *= shape[i];
  std::vector<hsize_t> chunk{1, std::min(kBlock, replicates)};
  for (int i = 3; i < rank; ++i) chunk.push_back(shape[i]);
  Id target = group.create(to, dims, units, long_name, chunk, methods);
  Id target_space(H5Dget_space(target), H5Sclose, "get the space of " + to);

  std::vector<double> in, out;
  for (hsize_t k = 0; k < plans; ++k)
    for (hsize_t first = 0; first < replicates; first += kBlock) {
      const hsize_t n = std::min(kBlock, replicates - first);
      std::vector<hsize_t> start(rank, 0), count(shape);
      start[0] = k, count[0] = 1, start[2] = first, count[2] = n;
      in.resize(systems * n * cell);
      Id memory(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "make a memory space");
      check(H5Sselect_hyperslab(source_space, H5S_SELECT_SET, start.data(), nullptr, count.data(),
                                nullptr),
            "select");
      check(H5Dread(source, H5T_NATIVE_DOUBLE, memory, source_space, H5P_DEFAULT, in.data()),
            "read " + from);
      out.assign(n * cell, 0.0);
      for (hsize_t s = 0; s < systems; ++s)
        for (hsize_t i = 0; i < n * cell; ++i) out[i] += in[s * n * cell + i];
      std::vector<hsize_t> t_start{k, first}, t_count{1, n};
      for (int i = 3; i < rank; ++i) t_start.push_back(0), t_count.push_back(shape[i]);
      Id t_memory(H5Screate_simple(rank - 1, t_count.data(), nullptr), H5Sclose,
                  "make a memory space");
      check(H5Sselect_hyperslab(target_space, H5S_SELECT_SET, t_start.data(), nullptr,
                                t_count.data(), nullptr),
            "select");
      check(H5Dwrite(target, H5T_NATIVE_DOUBLE, t_memory, target_space, H5P_DEFAULT, out.data()),
            "write " + to);
    }
}

// Attaches the scales `dims` of `group` ("" for the root) to `d`, in order,
// and gives it units and a long name.
void describe(hid_t file, const std::string& group, hid_t d, const std::vector<std::string>& dims,
              const std::string& units, const std::string& long_name) {
  const std::string prefix = group.empty() ? "" : group + "/";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const std::string scale_path = prefix + dims[i];
    Id scale(H5Dopen2(file, scale_path.c_str(), H5P_DEFAULT), H5Dclose, "open " + scale_path);
    check(H5DSattach_scale(d, scale, static_cast<unsigned>(i)), "attach " + scale_path);
  }
  h5::set_string_attribute(d, "units", units);
  h5::set_string_attribute(d, "long_name", long_name);
}

void write_population(hid_t file, const std::string& group, const NationalPlan& plan) {
  std::vector<double> population;
  for (const Model& m : plan.systems) population.push_back(m.population);
  const std::string path = group.empty() ? "population" : group + "/population";
  Id d = h5::write_numbers(file, path, H5T_NATIVE_DOUBLE, population);
  describe(file, group, d, {"system"}, "people", "Population served by the system (0: not given)");
}

// `staff_group_modelled` (system, staff_group): 1 where the system models
// the group, 0 where alignment gave it zeros, so that readers can tell a
// group a system lacks from one it has and runs down to nothing.
void write_modelled(hid_t file, const std::string& group, const Alignment& a) {
  const std::size_t systems = a.group.size(), groups = a.group_ids.size();
  std::vector<unsigned char> modelled(systems * groups, 0);
  for (std::size_t s = 0; s < systems; ++s)
    for (int g : a.group[s]) modelled[s * groups + static_cast<std::size_t>(g)] = 1;
  const std::string path = (group.empty() ? "" : group + "/") + "staff_group_modelled";
  const hsize_t shape[2] = {systems, groups};
  Id space(H5Screate_simple(2, shape, nullptr), H5Sclose, "make a space for " + path);
  Id d(H5Dcreate2(file, path.c_str(), H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
       H5Dclose, "create " + path);
  if (!modelled.empty())
    check(H5Dwrite(d, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, modelled.data()),
          "write " + path);
  describe(file, group, d, {"system", "staff_group"}, "1",
           "Whether the system models the staff group (1) or has zeros there (0)");
}

// What reproduces each system's part of the run (OUTPUT.md: the resolved
// scenario reruns it): its resolved scenario text, file and seed, along
// `system` at the root.
void write_system_sources(hid_t file, const NationalPlan& plan) {
  std::vector<std::string> resolved, files;
  std::vector<unsigned long long> seeds;
  for (const Model& m : plan.systems) {
    resolved.push_back(m.resolved_toml.get());
    files.push_back(m.file);
    seeds.push_back(m.seed);
  }
  describe(file, "", h5::write_strings(file, "system_scenario_resolved", resolved), {"system"}, "1",
           "The system's scenario after extends and include were merged");
  describe(file, "", h5::write_strings(file, "system_scenario_file", files), {"system"}, "1",
           "The system's scenario file");
  describe(file, "", h5::write_numbers(file, "system_seed", H5T_NATIVE_ULLONG, seeds), {"system"},
           "1", "The system's own seed; its streams mix in its id");
}

}  // namespace

NationalWriter::NationalWriter(std::filesystem::path target, const NationalPlan& plan,
                               const Alignment& alignment, int replicates,
                               const std::vector<double>& quantiles, Storage storage)
    : plan_(plan),
      alignment_(alignment),
      replicates_(replicates),
      storage_(storage),
      writer_(std::move(target), national_layout(plan, alignment, replicates, storage, quantiles),
              national_info(plan, replicates)) {}

NationalWriter::NationalWriter(const SharedFile& file, const NationalPlan& plan,
                               const Alignment& alignment, int replicates,
                               const std::vector<double>& quantiles, Storage storage)
    : plan_(plan),
      alignment_(alignment),
      replicates_(replicates),
      storage_(storage),
      writer_(file, national_layout(plan, alignment, replicates, storage, quantiles)) {}

void NationalWriter::write_replicate(int plan, int system, int replicate, const Trajectory& monthly,
                                     const AnnualTrajectory& annual) {
  const int outer[2] = {plan, system};
  writer_.write_replicate(outer, replicate, monthly, annual);
}

AnnualSlab NationalWriter::read_annual(int plan, int system, std::size_t var, int first_year) {
  const int outer[2] = {plan, system};
  return writer_.read_annual(outer, var, first_year, kSummaryReadBytes);
}

void NationalWriter::write_summary(int plan, int system, std::size_t var,
                                   const std::vector<double>& quantile_values,
                                   const std::vector<double>& mean) {
  const int outer[2] = {plan, system};
  writer_.write_summary(outer, var, quantile_values, mean);
}

void NationalWriter::summarized_elsewhere(int plan, int system) {
  const int outer[2] = {plan, system};
  writer_.summarized_elsewhere(outer);
}

void NationalWriter::commit(const NationalResult& result, const FlagTable& flags) {
  const hid_t file = static_cast<hid_t>(writer_.native_file());
  h5::set_string_attribute(
      file, "national_allocation",
      plan_.allocation == AllocationRule::pro_rata ? "pro_rata" : "unmet_demand");
  write_population(file, "", plan_);
  write_system_sources(file, plan_);
  write_modelled(file, "", alignment_);
  if (storage_.annual) {
    write_population(file, "annual", plan_);
    write_modelled(file, "annual", alignment_);
  }
  const Alignment& a = alignment_;
  std::vector<std::string> plans(kPlanLabels.begin(), kPlanLabels.end());
  // The totals are sums of each replicate's values, which a file of its
  // summary alone (--keep summary) does not keep: it has no /national.
  if (storage_.annual) {
    Group national(file, "national");
    writer_.describe_group(national.id());
    national.strings("plan", plans);
    national.replicates(replicates_);
    national.labels(a);
    // The totals keep what the systems keep (--keep annual: no monthly totals).
    if (storage_.monthly) {
      national.time(a);
      for (const VariableInfo& info : kMonthlyVariables) {
        const std::string name(info.name);
        sum_over_systems(file, name, national, name, {"plan", "replicate", "time", "staff_group"});
      }
      if (a.has_age_bands)
        sum_over_systems(file, "headcount_by_age", national, "headcount_by_age",
                         {"plan", "replicate", "time", "staff_group", "age_band"});
      if (!a.pipeline_ids.empty())
        sum_over_systems(file, "in_training", national, "in_training",
                         {"plan", "replicate", "time", "pipeline"});
    }

    Group annual(national.id(), "annual");
    writer_.describe_group(annual.id());
    annual.strings("plan", plans);
    annual.replicates(replicates_);
    annual.years(a);
    annual.labels(a);
    for (const VariableInfo& info : kAnnualVariables) {
      const std::string name(info.name);
      sum_over_systems(file, "annual/" + name, annual, name,
                       {"plan", "replicate", "year", "staff_group"});
    }
    if (a.has_age_bands)
      sum_over_systems(file, "annual/headcount_by_age", annual, "headcount_by_age",
                       {"plan", "replicate", "year", "staff_group", "age_band"});
    if (!a.pipeline_ids.empty())
      sum_over_systems(file, "annual/in_training", annual, "in_training",
                       {"plan", "replicate", "year", "pipeline"});
  }
  {
    const PoolReport& report = result.pools;
    const std::size_t pools = plan_.pools.size(), systems = plan_.systems.size();
    const std::size_t years = static_cast<std::size_t>(a.years);
    Group g(file, "pools");
    writer_.describe_group(g.id());
    std::vector<std::string> ids, names, system_ids;
    for (const SupplyPool& p : plan_.pools) ids.push_back(p.id), names.push_back(p.name);
    for (const Model& m : plan_.systems) system_ids.push_back(m.system_id);
    g.strings("pool", ids);
    g.attached_strings("pool_name", "pool", names);
    g.strings("system", system_ids);
    g.years(a);
    auto by_pool = [&](const std::vector<std::vector<double>>& v) {
      std::vector<double> out;
      for (const auto& row : v) out.insert(out.end(), row.begin(), row.end());
      return out;
    };
    std::vector<std::vector<double>> volume;
    for (const SupplyPool& p : plan_.pools) volume.push_back(p.volume);
    // (system, pool, year) cubes; zero where a system has no flow on a pool.
    std::vector<double> claimed(systems * pools * years, 0.0), allocated(claimed),
        shortfall(claimed), scale;
    for (std::size_t c = 0; c < report.claims.size(); ++c) {
      const PoolClaim& claim = report.claims[c];
      for (std::size_t y = 0; y < years; ++y) {
        const std::size_t i = (claim.system * pools + claim.pool) * years + y;
        claimed[i] = claim.claimed[y];
        allocated[i] = report.allocation.allocated[c][y];
        shortfall[i] = claim.weight[y];
      }
    }
    for (const auto& by_system : report.scale)
      for (const auto& row : by_system) scale.insert(scale.end(), row.begin(), row.end());
    g.write("volume", {"pool", "year"}, "people", "National volume of the pool", by_pool(volume));
    g.write("total_claimed", {"pool", "year"}, "people",
            "Sum of the systems' claims (submitted plans)",
            by_pool(report.allocation.total_claimed));
    g.write("overclaim", {"pool", "year"}, "people", "Claims less volume, when positive",
            by_pool(report.allocation.overclaim));
    g.write("delivered", {"pool", "year"}, "people",
            "Flow through the pool in the allocation (maximum flow)",
            by_pool(report.allocation.delivered));
    // With no pools the allocation has no years; the year axis still has
    // them, and a dataset never written reads as damaged (no stored bytes).
    std::vector<double> max_flow = report.allocation.max_flow;
    max_flow.resize(years, 0.0);
    g.write("max_flow", {"year"}, "people", "Maximum flow of the year's network over every pool",
            max_flow);
    g.write("claimed", {"system", "pool", "year"}, "people",
            "System's claim: what its flows on the pool deliver in the submitted plan", claimed);
    g.write("allocated", {"system", "pool", "year"}, "people", "System's share of the pool",
            allocated);
    g.write("shortfall_fte", {"system", "pool", "year"}, "FTE",
            "Submitted plan's shortfall before temporary cover in the groups the system's flows on "
            "the pool feed",
            shortfall);
    g.write("scale", {"system", "pool", "year"}, "1",
            "Factor on joining_rate / success_rate of the system's flows on the pool in the "
            "reconciled plan",
            scale);
  }
  writer_.write_flags(flags);
  writer_.commit();
}

FlagTable national_flag_table(const NationalPlan& plan, const NationalResult& result) {
  FlagTable table;
  std::vector<std::string> system, plan_label;
  std::vector<double> share;
  for (int k = 0; k < kPlanCount; ++k)
    for (std::size_t s = 0; s < plan.systems.size(); ++s) {
      const SystemResult& r = result.systems[k][s];
      FlagTable own = FlagTable::from_flags(plan.systems[s], r.flags);
      table.append(own);
      system.insert(system.end(), own.size(), plan.systems[s].system_id);
      plan_label.insert(plan_label.end(), own.size(), kPlanLabels[k]);
      share.insert(share.end(), r.share.begin(), r.share.end());
    }
  const Model& first = plan.systems.front();
  for (const PoolFlag& f : result.pools.flags) {
    table.kind.push_back("overclaimed_pool");
    table.group.push_back(plan.pools[f.pool].id);
    table.year.push_back(first.year_label(f.year));
    table.metric.push_back("overclaim");
    table.severity.emplace_back(severity_name(f.severity));
    table.value.push_back(f.value);
    table.threshold.push_back(f.threshold);
    system.push_back("all");
    plan_label.push_back(kPlanLabels[0]);
    share.push_back(std::numeric_limits<double>::quiet_NaN());
  }
  table.extra_strings.push_back({"flag_system", system});
  table.extra_strings.push_back({"flag_plan", plan_label});
  if (result.replicates > 1) table.extra_numbers.push_back({"flag_share", share});
  return table;
}

}  // namespace wfsim
