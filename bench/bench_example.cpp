// The example scenario end to end, as a user runs it: process start, parse,
// run, HDF5 write. Target: under 50 ms wall on a 2-core machine.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

namespace {

void BM_ExampleEndToEnd(benchmark::State& state) {
  const std::string command = std::string(WFSIM_PROGRAM) + " run " + WFSIM_SOURCE_DIR +
                              "/scenarios/example-ics.toml -q -o /tmp/wfsim-bench-example.h5";
  for (auto _ : state) {
    if (std::system(command.c_str()) != 0) {
      state.SkipWithError("wfsim run failed");
      break;
    }
  }
}
BENCHMARK(BM_ExampleEndToEnd)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
