// Monte Carlo runs of the example plan end to end, as a user runs them
// (`wfsim run scenarios/example-ics.toml --replicates N`): stochastic flows,
// sampled parameters, every replicate written to HDF5, summaries computed.
// Target: 10,000 replicates under 5 s wall on a 2-core machine. Peak memory
// should not grow with N; measure it with /usr/bin/time -v on the same
// command (see README.md, "Performance").

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

void run(benchmark::State& state, const std::string& threads) {
  const std::string command = std::string(WFSIM_PROGRAM) + " run " + WFSIM_SOURCE_DIR +
                              "/scenarios/example-ics.toml -q -r " + std::to_string(state.range(0)) +
                              " -j " + threads + " -o /tmp/wfsim-bench-mc.h5";
  for (auto _ : state) {
    if (std::system(command.c_str()) != 0) {
      state.SkipWithError("wfsim run failed");
      break;
    }
  }
  state.counters["replicates/s"] =
      benchmark::Counter(static_cast<double>(state.range(0)), benchmark::Counter::kIsIterationInvariantRate);
  std::remove("/tmp/wfsim-bench-mc.h5");
}

void BM_MonteCarloAllThreads(benchmark::State& state) { run(state, "0"); }
void BM_MonteCarloOneThread(benchmark::State& state) { run(state, "1"); }

BENCHMARK(BM_MonteCarloAllThreads)->Arg(1000)->Arg(10000)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);
BENCHMARK(BM_MonteCarloOneThread)->Arg(1000)->Arg(10000)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
