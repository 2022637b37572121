// wfsim solve: the example plan with its levers (target: solve and verify
// under 1 s on the 2-core CI machine), and a large system of 200 groups
// over 10 plan years with 25, 50 and 100 levers, to show how the time
// grows with levers (without bank and agency cover: docs/solve.md). Counters: rows and columns of
// the problem, binary columns, engine runs and COIN-OR's own time.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <string>

#include "scenario/load.h"
#include "solve/solve_plan.h"

namespace {

using namespace wfsim;

void report(benchmark::State& state, const SolvedPlan& s) {
  state.counters["rows"] = s.rows;
  state.counters["columns"] = s.columns;
  state.counters["binary"] = s.binary_columns;
  state.counters["engine_runs"] = s.engine_runs;
  state.counters["solver_s"] = s.solver_seconds;
}

// Solves a loaded plan once per iteration and reports the problem's size.
void solve_loaded(benchmark::State& state, const LoadResult& loaded) {
  if (!loaded.ok()) {
    state.SkipWithError(loaded.diagnostics.front().format().c_str());
    return;
  }
  SolvedPlan s;
  for (auto _ : state) {
    s = solve_plan(*loaded.model);
    benchmark::DoNotOptimize(s.total_cost_gbp);
  }
  report(state, s);
}

void BM_SolveExample(benchmark::State& state) {
  solve_loaded(state, load_scenario(std::string(WFSIM_SOURCE_DIR) +
                                    "/scenarios/solve/example-ics-solve.toml"));
}
BENCHMARK(BM_SolveExample)->Unit(benchmark::kMillisecond);

// 200 groups; the first `levers` recruit internationally against demand
// growing 3 % a year, the others are steady. Bank and agency cover up to
// 10 % of demand, which puts binary columns where the lever bounds let a
// month's shortfall pass the cap.
std::string large_system(int levers, bool cover) {
  const int groups = 200, years = 10;
  std::string text = fmt::format(
      "[scenario]\nname = \"large\"\nyears = {}\n\n[defaults]\ntolerance = 0.03\n\n", years);
  if (cover)
    text +=
        "[temporary_staffing]\nmax_cover = 0.1\nbank_share = 0.65\nbank_premium = 0\n"
        "agency_premium = 0.55\n\n";
  for (int g = 0; g < groups; ++g) {
    const bool lever = g < levers;
    std::string demand;
    for (int y = 0; y < years; ++y)
      demand += fmt::format("{}{:.1f}", y ? ", " : "", lever ? 470 * std::pow(1.03, y) : 460.0);
    text += fmt::format(
        "[[staff_group]]\nid = \"g{0}\"\nheadcount = {1}\nleaver_rate = 0.08\n"
        "sickness_rate = 0.045\ncost_per_fte = {2}\nfunded_fte = 500\n\n"
        "[[joiners]]\nid = \"j{0}\"\ngroup = \"g{0}\"\nper_year = 40\n\n"
        "[[international]]\nid = \"ir{0}\"\ngroup = \"g{0}\"\nper_year = 10\n"
        "lag_months = 6\nsuccess_rate = 0.85\n\n"
        "[[establishment]]\nid = \"e{0}\"\ngroup = \"g{0}\"\nfte = [{3}]\n\n",
        g, 500, 30000 + 50 * g, demand);
    if (lever)
      text += fmt::format(
          "[[lever]]\ntarget = \"international.ir{}.per_year\"\nmax = 120\ncost_gbp = 12000\n\n",
          g);
  }
  return text;
}

void BM_SolveLarge(benchmark::State& state) {
  const int levers = static_cast<int>(state.range(0));
  solve_loaded(state, load_scenario_text(large_system(levers, state.range(1) != 0), "large.toml"));
}
BENCHMARK(BM_SolveLarge)
    // cover = 1 (bank and agency cover that can reach its cap in thousands
    // of months) does not finish in minutes: see docs/solve.md, limits.
    ->ArgsProduct({{25, 50, 100}, {0}})
    ->ArgNames({"levers", "cover"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
