// The example scenario end to end, as a user runs it: process start, parse,
// run, HDF5 write. Target: under 50 ms wall on a 2-core machine. The parts
// apart, in this process: the program's start (`wfsim --version`), a
// validation (start and load, as `wfsim validate` does), loading
// the scenario (parse, layering, validation, derived values), the engine's
// one deterministic run, and writing the file as `wfsim run` does.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "engine/flags.h"
#include "engine/replicates.h"
#include "output/hdf5_writer.h"
#include "scenario/load.h"

namespace {

const std::string kExample = std::string(WFSIM_SOURCE_DIR) + "/scenarios/example-ics.toml";

void run_program(benchmark::State& state, const std::string& command) {
  for (auto _ : state) {
    if (std::system(command.c_str()) != 0) {
      state.SkipWithError("wfsim failed");
      break;
    }
  }
}

void BM_ExampleEndToEnd(benchmark::State& state) {
  run_program(state, std::string(WFSIM_PROGRAM) + " run " + kExample +
                         " -q -o /tmp/wfsim-bench-example.h5");
}
BENCHMARK(BM_ExampleEndToEnd)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ProgramStart(benchmark::State& state) {
  run_program(state, std::string(WFSIM_PROGRAM) + " --version >/dev/null");
}
BENCHMARK(BM_ProgramStart)->Unit(benchmark::kMillisecond)->UseRealTime();

// What `check` and a planner's editor ask before any run: the resolved
// scenario is not printed (LazyText), so this is the start and the load.
void BM_ExampleValidate(benchmark::State& state) {
  run_program(state, std::string(WFSIM_PROGRAM) + " validate " + kExample + " >/dev/null");
}
BENCHMARK(BM_ExampleValidate)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ExampleLoad(benchmark::State& state) {
  for (auto _ : state) {
    wfsim::LoadResult loaded = wfsim::load_scenario(kExample);
    if (!loaded.ok()) state.SkipWithError("the example does not load");
    benchmark::DoNotOptimize(loaded.model);
  }
}
BENCHMARK(BM_ExampleLoad)->Unit(benchmark::kMillisecond);

void BM_ExampleEngine(benchmark::State& state) {
  const wfsim::LoadResult loaded = wfsim::load_scenario(kExample);
  wfsim::ReplicateResult result;
  for (auto _ : state) {
    wfsim::run_replicate(*loaded.model, 0, false, result);
    benchmark::DoNotOptimize(result.annual.values.data());
  }
}
BENCHMARK(BM_ExampleEngine)->Unit(benchmark::kMillisecond);

void BM_ExampleWrite(benchmark::State& state) {
  const wfsim::LoadResult loaded = wfsim::load_scenario(kExample);
  const wfsim::Model& model = *loaded.model;
  wfsim::ReplicateResult result;
  wfsim::run_replicate(model, 0, false, result);
  const wfsim::FlagTable flags = wfsim::FlagTable::from_flags(model, result.flags);
  for (auto _ : state) {
    wfsim::RunWriter writer("/tmp/wfsim-bench-example-write.h5",
                            wfsim::OutputLayout::for_model(model, 1),
                            wfsim::RunInfo::for_model(model, 1));
    writer.write_replicate({}, 0, result.monthly, result.annual);
    writer.write_flags(flags);
    writer.commit();
  }
}
BENCHMARK(BM_ExampleWrite)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
