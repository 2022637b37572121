// The engine alone on a large system: 200 staff groups, 10 age bands,
// 100 activity lines, 10 plan years (120 months). Target: under 5 ms a run.
// "cells" counts group-band-month updates, so cells/s is the update rate.

#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

#include "engine/engine.h"
#include "model/model.h"

namespace {

using namespace wfsim;

Model large_model(int groups, int bands, int activities, int years) {
  Model m;
  m.name = "large";
  m.years = years;
  m.has_age_bands = true;
  for (int a = 0; a < bands; ++a)
    m.age_bands.push_back({"band_" + std::to_string(a), 16.0 + 5 * a,
                           a + 1 < bands ? 21.0 + 5 * a : std::numeric_limits<double>::infinity()});
  auto per_year = [&](double v, double step) {
    PerYear out(years);
    for (int y = 0; y < years; ++y) out[y] = v + step * y;
    return out;
  };
  for (int g = 0; g < groups; ++g) {
    StaffGroup s;
    s.id = s.name = "group_" + std::to_string(g);
    s.headcount = 500 + 10 * g;
    s.fte_per_head = per_year(0.9, 0);
    s.age_profile.assign(bands, 1.0 / bands);
    s.joiner_age_profile = s.age_profile;
    s.leaver_rate.resize(years * bands);
    for (int i = 0; i < years * bands; ++i) s.leaver_rate[i] = 0.08 + 0.002 * (i % bands);
    s.sickness_rate = per_year(0.045, -0.001);
    s.basic_pay_gbp = 30000;
    s.on_cost = 0.25;
    s.uplift = per_year(0.021, 0);
    s.funded_fte_input = per_year(480 + 10 * g, 5);
    m.groups.push_back(s);
    m.productivity_gain.push_back(per_year(0.011, 0));

    JoinerFlow j;
    j.id = "joiners_" + std::to_string(g);
    j.group = g;
    j.per_year = per_year(40, 1);
    j.age_profile = s.age_profile;
    m.joiners.push_back(j);
    InternationalFlow f;
    f.id = "ir_" + std::to_string(g);
    f.group = g;
    f.per_year = per_year(10, 1);
    f.lag_months = 6;
    f.success_rate = per_year(0.9, 0);
    f.age_profile = s.age_profile;
    m.international.push_back(f);
    Pipeline p;
    p.id = "pipeline_" + std::to_string(g);
    p.into = g;
    p.from = g % 4 == 0 && g + 1 < groups ? g + 1 : -1;
    p.employed = p.from >= 0;
    p.while_training = p.from;
    p.intake_per_year = per_year(30, 1);
    p.intake_month = g % 2 == 0 ? 9 : 0;
    p.duration_months = 12 + 12 * (g % 3);
    p.attrition_rate = per_year(0.08, 0);
    p.joining_rate = per_year(0.8, 0);
    p.age_profile = s.age_profile;
    m.pipelines.push_back(p);
  }
  for (int k = 0; k < activities; ++k) {
    Activity a;
    a.id = a.name = "activity_" + std::to_string(k);
    a.base = 100000 + 1000 * k;
    a.growth = per_year(0.02, 0);
    for (int i = 0; i < 6; ++i)
      a.hours_per_unit.emplace_back((k * 7 + i * 31) % groups, 0.5 + 0.1 * i);
    m.activities.push_back(a);
  }
  for (int g = 0; g + 1 < groups; g += 10)
    m.skill_mix.push_back(
        {"mix_" + std::to_string(g), {}, g, g + 1, per_year(0.0, 0.01), per_year(0.9, 0.0)});
  m.temporary_staffing = {true, per_year(0.1, 0.0), per_year(0.65, 0.0), per_year(0.0, 0.0),
                          per_year(0.55, 0.0)};
  finalize_model(m);
  return m;
}

void BM_EngineLargeSystem(benchmark::State& state) {
  const Model model = large_model(200, 10, 100, 10);
  Engine engine(model);
  Trajectory out;
  out.resize_for(model);
  for (auto _ : state) {
    engine.run(out);
    benchmark::DoNotOptimize(out.monthly.data());
  }
  const double cells = 200.0 * 10 * model.months();
  state.counters["cells"] = cells;
  state.counters["cells/s"] =
      benchmark::Counter(cells, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_EngineLargeSystem)->Unit(benchmark::kMillisecond);

// The engine's set-up (demand tables) plus a run, as a replicate with
// sampled parameters pays it.
void BM_EngineLargeSystemWithSetup(benchmark::State& state) {
  const Model model = large_model(200, 10, 100, 10);
  Trajectory out;
  out.resize_for(model);
  for (auto _ : state) {
    Engine engine(model);
    engine.run(out);
    benchmark::DoNotOptimize(out.monthly.data());
  }
}
BENCHMARK(BM_EngineLargeSystemWithSetup)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
