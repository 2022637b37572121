// Monte Carlo runs of the example plan: end to end as a user runs them
// (`wfsim run scenarios/example-ics.toml --replicates N -j T`: stochastic
// flows, sampled parameters, every replicate written to HDF5, summaries
// computed), and the two parts apart, so that a change to the speed-up from
// 1 to 2 threads can be traced to the replicates or to the serial /summary
// pass.
// Targets: 10,000 replicates under 5 s wall on a 2-core machine, and at
// least 1.8x from 1 to 2 threads. Peak memory should not grow with N;
// measure it with /usr/bin/time -v on the same command (README.md,
// "Performance").

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>

#include "engine/replicates.h"
#include "engine/statistics.h"
#include "scenario/load.h"

namespace {

using namespace wfsim;

constexpr const char* kOutput = "/tmp/wfsim-bench-mc.h5";

// The whole program; args: replicates, threads (0: all cores).
void BM_MonteCarloRun(benchmark::State& state) {
  const std::string command = std::string(WFSIM_PROGRAM) + " run " + WFSIM_SOURCE_DIR +
                              "/scenarios/example-ics.toml -q -r " +
                              std::to_string(state.range(0)) + " -j " +
                              std::to_string(state.range(1)) + " -o " + kOutput;
  for (auto _ : state) {
    // Replacing an earlier output frees its blocks inside the run's rename:
    // not the program's work, so not timed.
    state.PauseTiming();
    std::remove(kOutput);
    state.ResumeTiming();
    if (std::system(command.c_str()) != 0) {
      state.SkipWithError("wfsim run failed");
      break;
    }
  }
  state.counters["replicates/s"] = benchmark::Counter(
      static_cast<double>(state.range(0)), benchmark::Counter::kIsIterationInvariantRate);
  std::remove(kOutput);
}

// The replicates alone, consumed by nothing; args: replicates, threads.
void BM_MonteCarloReplicates(benchmark::State& state) {
  LoadResult loaded = load_scenario(std::string(WFSIM_SOURCE_DIR) + "/scenarios/example-ics.toml");
  if (!loaded.ok()) throw std::runtime_error("cannot load the example");
  const int replicates = static_cast<int>(state.range(0));
  for (auto _ : state) {
    double total = 0;
    run_replicates(*loaded.model, replicates, static_cast<int>(state.range(1)),
                   [&](const ReplicateResult& r) { total += r.annual.values[0]; });
    benchmark::DoNotOptimize(total);
  }
  state.counters["replicates/s"] = benchmark::Counter(
      static_cast<double>(replicates), benchmark::Counter::kIsIterationInvariantRate);
}

// The /summary pass of N replicates of the example: its 20 annual variables
// of 5 years by 12 groups, three quantiles each; args: replicates, threads.
void BM_Summaries(benchmark::State& state) {
  const int replicates = static_cast<int>(state.range(0)), cells = 60, variables = 20;
  std::vector<double> data(static_cast<std::size_t>(replicates) * cells);
  std::mt19937_64 rng(1);
  std::normal_distribution<double> headcount(1000, 30);
  for (double& x : data) x = std::round(headcount(rng));
  std::vector<double> quantiles, means;
  for (auto _ : state)
    for (int v = 0; v < variables; ++v)
      summarize(data, replicates, {0.05, 0.5, 0.95}, quantiles, means,
                static_cast<int>(state.range(1)));
}

BENCHMARK(BM_MonteCarloRun)
    ->ArgsProduct({{1000, 10000}, {1, 2, 0}})
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(BM_MonteCarloReplicates)
    ->ArgsProduct({{10000}, {1, 2}})
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(BM_Summaries)
    ->ArgsProduct({{10000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
