// National runs end to end on hand-worked systems: pool reconciliation,
// alignment, national totals, determinism, and the national example.

#include <hdf5.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <map>

#include "national/national_run.h"
#include "output/hdf5_reader.h"
#include "output/national_writer.h"
#include "process.h"
#include "scenario/load.h"
#include "scenario/national_load.h"

using namespace wfsim;
using wfsim::testing::run_wfsim;
using wfsim::testing::TempDir;

namespace {

// Keeps every replicate's annual values, aligned, by (plan, system).
class MemorySink : public NationalSink {
 public:
  std::map<std::pair<int, int>, std::vector<AnnualTrajectory>> annual;
  void write_replicate(int plan, int system, int replicate, const Trajectory&,
                       const AnnualTrajectory& a) override {
    auto& v = annual[{plan, system}];
    if (static_cast<int>(v.size()) <= replicate) v.resize(replicate + 1);
    v[replicate] = a;
  }
  // One plan year at a time, to exercise summaries read in slabs.
  AnnualSlab read_annual(int plan, int system, std::size_t var, int first_year) override {
    AnnualSlab slab;
    slab.years = 1;
    for (const auto& a : annual.at({plan, system})) {
      const auto first = a.values.begin() + (var * a.years + first_year) * a.groups;
      slab.values.insert(slab.values.end(), first, first + a.groups);
    }
    return slab;
  }
  void write_summary(int, int, std::size_t, const std::vector<double>&,
                     const std::vector<double>&) override {}
};

NationalPlan load(const std::string& file) {
  auto loaded = load_national(file);
  if (!loaded.ok()) FAIL(loaded.diagnostics.front().format());
  return std::move(*loaded.plan);
}

const std::size_t kIr = index_of(Var::joiners_international);

// A whole dataset of an HDF5 file, flattened.
std::vector<double> read_dataset(const std::string& file, const std::string& name) {
  hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  hid_t d = H5Dopen2(f, name.c_str(), H5P_DEFAULT);
  REQUIRE(d >= 0);
  hid_t space = H5Dget_space(d);
  std::vector<double> out(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  REQUIRE(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) >= 0);
  H5Sclose(space);
  H5Dclose(d);
  H5Fclose(f);
  return out;
}

// A 1-D dataset of strings.
std::vector<std::string> read_strings(const std::string& file, const std::string& name) {
  hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  hid_t d = H5Dopen2(f, name.c_str(), H5P_DEFAULT);
  REQUIRE(d >= 0);
  hid_t type = H5Dget_type(d), space = H5Dget_space(d);
  std::vector<char*> raw(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  REQUIRE(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) >= 0);
  std::vector<std::string> out(raw.begin(), raw.end());
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
  H5Sclose(space);
  H5Tclose(type);
  H5Dclose(d);
  H5Fclose(f);
  return out;
}

}  // namespace

TEST_CASE("pools: claims that fit change nothing, bit for bit", "[national][pools]") {
  const NationalPlan plan = load("tests/scenarios/national/pools-under.toml");
  MemorySink sink;
  const NationalResult r = run_national(plan, {}, sink);
  // Claims: A 120 a year (10 a month), B 60 (5 a month).
  REQUIRE(r.pools.claims.size() == 2);
  CHECK(r.pools.claims[0].claimed == std::vector<double>{120, 120});
  CHECK(r.pools.claims[1].claimed == std::vector<double>{60, 60});
  CHECK(r.pools.flags.empty());
  for (int s = 0; s < 2; ++s) {
    CHECK(sink.annual.at({0, s})[0].values == sink.annual.at({1, s})[0].values);
    CHECK(r.systems[0][s].annual.values == r.systems[1][s].annual.values);
  }
}

TEST_CASE("pools: an over-claimed pool is shared pro rata and flagged", "[national][pools]") {
  const NationalPlan plan = load("tests/scenarios/national/pools-over.toml");
  MemorySink sink;
  const NationalResult r = run_national(plan, {}, sink);
  // 2019/20: 180 claimed of 90, so each gets half: A 60, B 30. 2020/21: 180 of 400 fit.
  const PoolAllocation& a = r.pools.allocation;
  CHECK(a.total_claimed[0][0] == Approx(180));
  CHECK(a.overclaim[0][0] == Approx(90));
  CHECK(a.overclaim[0][1] == 0);
  CHECK(a.max_flow[0] == Approx(90));
  CHECK(a.max_flow[1] == Approx(180));
  CHECK(r.pools.scale[0][0][0] == Approx(0.5));
  CHECK(r.pools.scale[0][0][1] == 1.0);
  // Reconciled joiners equal the allocation.
  CHECK(r.systems[1][0].annual.at(kIr, 0, 0) == Approx(60).epsilon(1e-12));
  CHECK(r.systems[1][1].annual.at(kIr, 0, 0) == Approx(30).epsilon(1e-12));
  CHECK(r.systems[1][0].annual.at(kIr, 1, 0) == 120);
  CHECK(r.systems[1][1].annual.at(kIr, 1, 0) == 60);
  // Submitted as claimed.
  CHECK(r.systems[0][0].annual.at(kIr, 0, 0) == 120);
  // Nurses in post, A: 100 + 5 a month (was 10) -> mean of month-ends 100 + 5 x 6.5.
  CHECK(r.systems[1][0].annual.at(index_of(Var::fte), 0, 0) == Approx(132.5));
  // One flag, 2019/20: over-claim 90 against a volume of 90; 90 > 3 x 0.02 x 90: critical.
  REQUIRE(r.pools.flags.size() == 1);
  CHECK(r.pools.flags[0].year == 0);
  CHECK(r.pools.flags[0].value == Approx(90));
  CHECK(r.pools.flags[0].threshold == 90);
  CHECK(r.pools.flags[0].severity == Severity::critical);
  // National totals are the sum of the systems.
  CHECK(r.national[1].at(kIr, 0, 0) == Approx(90));
}

TEST_CASE("pools: shared by unmet demand", "[national][pools]") {
  const NationalPlan plan = load("tests/scenarios/national/pools-unmet.toml");
  MemorySink sink;
  const NationalResult r = run_national(plan, {}, sink);
  // Shortfall in 2019/20 (no temporary staffing: all of it unmet):
  // A 400 - (100 + 10 x 6.5) = 235 FTE, B 200 - (100 + 5 x 6.5) = 67.5 FTE.
  CHECK(r.pools.claims[0].weight[0] == Approx(235));
  CHECK(r.pools.claims[1].weight[0] == Approx(67.5));
  // 90 shared 235 : 67.5, under both claims (120, 60).
  const double to_a = 90 * 235 / 302.5, to_b = 90 * 67.5 / 302.5;
  CHECK(r.pools.allocation.allocated[0][0] == Approx(to_a));
  CHECK(r.pools.allocation.allocated[1][0] == Approx(to_b));
  CHECK(r.systems[1][0].annual.at(kIr, 0, 0) == Approx(to_a).epsilon(1e-12));
  CHECK(r.systems[1][1].annual.at(kIr, 0, 0) == Approx(to_b).epsilon(1e-12));
  CHECK(r.systems[1][0].annual.at(kIr, 1, 0) == 120);
}

TEST_CASE("pools: Monte Carlo draws of a pooled rate keep the allocation", "[national][pools]") {
  const NationalPlan plan = load("tests/scenarios/national/pools-mc.toml");
  MemorySink sink;
  const NationalResult r = run_national(plan, {}, sink);
  REQUIRE(r.replicates == 16);
  const PoolAllocation& a = r.pools.allocation;
  // Claims are the submitted replicates' mean arrivals; the reconciled
  // replicates draw the same success rates, so their mean is the allocation.
  for (int s = 0; s < 2; ++s) {
    double submitted = 0, reconciled = 0;
    for (int i = 0; i < 16; ++i) {
      submitted += sink.annual.at({0, s})[i].at(kIr, 0, 0) / 16;
      reconciled += sink.annual.at({1, s})[i].at(kIr, 0, 0) / 16;
    }
    CHECK(submitted == Approx(r.pools.claims[s].claimed[0]).epsilon(1e-12));
    CHECK(reconciled == Approx(a.allocated[s][0]).epsilon(1e-12));
  }
  CHECK(a.allocated[0][0] + a.allocated[1][0] == Approx(90));
  // Both systems keep the default seed, yet draw their own success rates:
  // the share of committed recruits arriving differs replicate by replicate.
  int same = 0;
  for (int i = 0; i < 16; ++i)
    same += sink.annual.at({0, 0})[i].at(kIr, 0, 0) / 120 ==
            sink.annual.at({0, 1})[i].at(kIr, 0, 0) / 60;
  CHECK(same == 0);
}

TEST_CASE("pools: a pool of places shares out intakes, not completers", "[national][pools]") {
  const NationalPlan plan = load("tests/scenarios/national/pools-places.toml");
  MemorySink sink;
  const NationalResult r = run_national(plan, {}, sink);
  // 24 intakes claimed against 12 places in 2019/20: half the intake.
  CHECK(r.pools.claims[0].claimed == std::vector<double>{24, 24});
  CHECK(r.pools.scale[0][0][0] == Approx(0.5));
  CHECK(r.pools.scale[0][0][1] == 1.0);
  const std::size_t out = index_of(Var::transfers_out), in = index_of(Var::transfers_in);
  const AnnualTrajectory& submitted = r.systems[0][0].annual;
  const AnnualTrajectory& reconciled = r.systems[1][0].annual;
  CHECK(submitted.at(out, 0, 0) == Approx(24));
  CHECK(reconciled.at(out, 0, 0) == Approx(12));
  CHECK(reconciled.at(out, 1, 0) == Approx(24));
  // Trainees in flight at the start complete as planned (2 a month); the
  // 2019/20 intakes complete in 2020/21, 1 a month.
  CHECK(reconciled.at(in, 0, 1) == Approx(24));
  CHECK(reconciled.at(in, 1, 1) == Approx(12));
}

TEST_CASE("alignment: the union of groups, zeros where a system lacks one", "[national]") {
  const NationalPlan plan = load("tests/scenarios/national/align.toml");
  MemorySink sink;
  const NationalResult r = run_national(plan, {}, sink);
  const Alignment& a = r.alignment;
  CHECK(a.group_ids == std::vector<std::string>{"nurse", "hcsw", "gp"});
  CHECK(a.group_names == std::vector<std::string>{"Nurses", "Support workers", "GPs"});
  CHECK(a.band_ids == std::vector<std::string>{"young", "old", "all"});
  CHECK(a.pipeline_ids == std::vector<std::string>{"degree", "gp_training"});
  CHECK(a.group[1] == std::vector<int>{2, 0});
  const AnnualTrajectory& second = sink.annual.at({0, 1})[0];
  const AnnualTrajectory& first = sink.annual.at({0, 0})[0];
  for (std::size_t v = 0; v < kAnnualVarCount; ++v)
    for (int y = 0; y < 2; ++y) {
      CHECK(second.at(v, y, 1) == 0);  // no hcsw in the second system
      CHECK(first.at(v, y, 2) == 0);   // no gp in the first
    }
  // Start headcounts land in their aligned columns (nurse, hcsw, gp), and
  // evolve as each system's inputs say. With p = 1 - (1 - r)^(1/12) a month
  // and J completers a month, H_12 = J / p + (H_0 - J / p) (1 - r):
  // first's nurses 100 at r = 0.1 with J = 1 (12 a year through a 24-month
  // degree whose pool of 100 covers its claim of 12); second's nurses 80 at
  // r = 0.08 with none; second's GPs 20 at r = 0.06 with J = 3 / 12.
  auto year_end = [](double h0, double rate, double j) {
    const double p = 1 - std::pow(1 - rate, 1.0 / 12);
    return j / p + (h0 - j / p) * (1 - rate);
  };
  CHECK(first.at(kHeadcountAtYearEnd, 0, 0) == Approx(year_end(100, 0.1, 1)).epsilon(1e-12));
  CHECK(second.at(kHeadcountAtYearEnd, 0, 0) == Approx(year_end(80, 0.08, 0)).epsilon(1e-12));
  CHECK(second.at(kHeadcountAtYearEnd, 0, 2) == Approx(year_end(20, 0.06, 0.25)).epsilon(1e-12));
  CHECK(first.at(kHeadcountAtYearEnd, 0, 1) == Approx(50 * 0.88).epsilon(1e-12));
  CHECK(
      r.national[0].at(index_of(Var::headcount), 0, 0) ==
      Approx(first.at(index_of(Var::headcount), 0, 0) + second.at(index_of(Var::headcount), 0, 0)));
}

TEST_CASE("national totals equal the sum of systems in every variable", "[national]") {
  TempDir dir;
  const std::string out = (dir / "align.h5").string();
  const auto run = run_wfsim("run tests/scenarios/national/align.toml -q -o '" + out + "'");
  REQUIRE(run.status == 0);
  std::vector<std::string> names;
  for (const auto& info : kMonthlyVariables) names.emplace_back(info.name);
  names.push_back("headcount_by_age");
  names.push_back("in_training");
  std::vector<std::string> all;
  for (const auto& n : names) all.push_back(n);
  for (const auto& info : kAnnualVariables) all.push_back("annual/" + std::string(info.name));
  all.push_back("annual/headcount_by_age");
  all.push_back("annual/in_training");
  for (const std::string& name : all) {
    INFO(name);
    const auto systems = read_dataset(out, name);  // (plan 2, system 2, replicate 1, ...)
    const auto national = read_dataset(out, "national/" + name);  // (plan 2, replicate 1, ...)
    const std::size_t cell = national.size() / 2;
    REQUIRE(systems.size() == 4 * cell);
    for (std::size_t k = 0; k < 2; ++k)
      for (std::size_t i = 0; i < cell; ++i)
        REQUIRE(national[k * cell + i] ==
                systems[(2 * k) * cell + i] + systems[(2 * k + 1) * cell + i]);
  }
  CHECK(read_dataset(out, "population") == std::vector<double>{2000, 3000});
  CHECK(read_dataset(out, "annual/population") == std::vector<double>{2000, 3000});
  // Groups nurse, hcsw, gp: the first has no gp, the second no hcsw.
  for (const std::string name : {"staff_group_modelled", "annual/staff_group_modelled"}) {
    INFO(name);
    CHECK(read_dataset(out, name) == std::vector<double>{1, 1, 0, 1, 0, 1});
    const Array modelled = RunReader(out).read(name);
    CHECK(modelled.dims == std::vector<std::string>{"system", "staff_group"});
  }
  // One pool, 12 a year of intake in the first system only (24-month course, no attrition).
  CHECK(read_dataset(out, "pools/claimed") == std::vector<double>{12, 12, 0, 0});
  CHECK(read_dataset(out, "pools/volume") == std::vector<double>{100, 100});

  // Each system's resolved scenario and seed are in the file, and the text
  // reloads as the same plan.
  CHECK(read_dataset(out, "system_seed") == std::vector<double>{0, 0});
  const auto resolved = read_strings(out, "system_scenario_resolved");
  const auto files = read_strings(out, "system_scenario_file");
  const NationalPlan plan = load("tests/scenarios/national/align.toml");
  REQUIRE(resolved.size() == 2);
  for (std::size_t s = 0; s < 2; ++s) {
    CHECK(files[s] == plan.systems[s].file);
    const LoadResult again = load_scenario_text(resolved[s], "resolved.toml");
    REQUIRE(again.ok());
    CHECK(again.model->resolved_toml.get() == plan.systems[s].resolved_toml.get());
    CHECK(again.model->groups.size() == plan.systems[s].groups.size());
  }
}

TEST_CASE("national runs are the same on 1 and 2 threads", "[national]") {
  TempDir dir;
  const std::string one = (dir / "one.h5").string(), two = (dir / "two.h5").string();
  REQUIRE(
      run_wfsim("run tests/scenarios/national/align.toml -q -r 5 -j 1 -o '" + one + "'").status ==
      0);
  REQUIRE(
      run_wfsim("run tests/scenarios/national/align.toml -q -r 5 -j 2 -o '" + two + "'").status ==
      0);
  for (const std::string name :
       {"headcount", "leavers", "annual/fte", "annual/joiners_pipeline", "national/leavers",
        "national/annual/fte", "summary/fte", "summary/fte_mean", "summary/headcount_by_age",
        "summary/headcount_by_age_mean", "summary/in_training", "summary/in_training_mean",
        "pools/claimed", "pools/allocated", "flags/flag_value"}) {
    INFO(name);
    const auto a = read_dataset(one, name);
    CHECK(a == read_dataset(two, name));
    CHECK(!a.empty());
  }
  // Stochastic flows really vary between replicates.
  const auto leavers = read_dataset(one, "annual/leavers");
  const std::size_t per_replicate = leavers.size() / (2 * 2 * 5);
  CHECK(leavers[0] != leavers[per_replicate]);
}

TEST_CASE("the national example over-claims newly qualified adult nurses", "[national][example]") {
  TempDir dir;
  const auto run =
      run_wfsim("run scenarios/national/england.toml -o '" + (dir / "england.h5").string() + "'");
  REQUIRE(run.status == 0);
  // The 2019/20 pool holds 863 (england.toml); the systems claim more, and
  // the line says by how much: claimed - volume.
  const std::string prefix = "critical nq_adult_nurses        overclaimed_pool  claimed ";
  const auto at = run.out.find(prefix);
  REQUIRE(at != std::string::npos);
  double claimed = 0, volume = 0, by = 0;
  REQUIRE(std::sscanf(run.out.c_str() + at + prefix.size(), "%lf > volume %lf by %lf", &claimed,
                      &volume, &by) == 3);
  CHECK(volume == 863);
  CHECK(claimed > volume);
  CHECK(by == Approx(claimed - volume).margin(0.1));
  for (const auto& line : [&] {
         std::vector<std::string> lines;
         std::size_t from = 0;
         for (std::size_t next; (next = run.out.find('\n', from)) != std::string::npos;
              from = next + 1)
           lines.push_back(run.out.substr(from, next - from));
         return lines;
       }())
    CHECK(line.size() <= 100);
}

TEST_CASE(
    "a rank's national writer leaves no file, and only a summary-only file counts systems "
    "summarised elsewhere",
    "[national][mpi]") {
  // An MPI rank that summarises its own systems keeps their replicates in
  // files of its own, unlinked as soon as they are made (docs/mpi.md).
  const NationalPlan plan = load("tests/scenarios/national/align.toml");
  const Alignment alignment = align_systems(plan.systems);
  TempDir dir;
  const std::vector<double> quantiles{0.05, 0.5, 0.95};
  Storage summary_only;
  summary_only.monthly = false;
  summary_only.annual = false;
  {
    Storage unlinked = summary_only;
    unlinked.unlinked = true;
    NationalWriter own(dir / ".out.h5.rank1", plan, alignment, 3, quantiles, unlinked);
    CHECK(std::filesystem::is_empty(dir.path));
    // Still written and read through the descriptors it holds.
    AnnualTrajectory annual;
    Trajectory monthly;
    ReplicateResult result;
    double first = 0;
    for (int r = 0; r < 3; ++r) {
      run_replicate(plan.systems[0], r, true, result);
      scatter(alignment, 0, result.monthly, monthly);
      scatter(alignment, 0, result.annual, annual);
      own.write_replicate(0, 0, r, monthly, annual);
      if (r == 0) first = annual.at(index_of(Var::headcount), 0, 0);
    }
    const AnnualSlab slab = own.read_annual(0, 0, index_of(Var::headcount), 0);
    CHECK(slab.values.at(0) == first);
    CHECK(first > 0);
    CHECK(std::filesystem::is_empty(dir.path));
  }
  CHECK(std::filesystem::is_empty(dir.path));

  // A file that keeps replicates cannot count them as summarised elsewhere.
  NationalWriter whole(dir / "whole.h5", plan, alignment, 3, quantiles, Storage{});
  CHECK_THROWS_AS(whole.summarized_elsewhere(0, 0), std::logic_error);
  NationalWriter summary(dir / "summary.h5", plan, alignment, 3, quantiles, summary_only);
  CHECK_NOTHROW(summary.summarized_elsewhere(0, 1));
  CHECK_THROWS_AS(summary.summarized_elsewhere(0, 1), std::invalid_argument);  // twice
}
