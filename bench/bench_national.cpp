// A national run of 42 systems, each the example ICS (12 staff groups,
// 3 age bands, 10 pipelines, 13 activity lines), with pool reconciliation,
// end to end as a user runs it: process start, loading 42 scenarios, both
// plans, the HDF5 write with national totals and pools. Target: under 2 s
// wall on a 2-core machine.
//
// The national file and its systems are written to
// /tmp/wfsim-bench-national/ and left there, so the same run can be timed
// with many replicates:
//   /usr/bin/time -v build/wfsim run /tmp/wfsim-bench-national/england42.toml -q -r 1000 -o
//   /tmp/n.h5

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

const std::filesystem::path kDir = "/tmp/wfsim-bench-national";

// 42 systems extending the example, each with its own id and seed, drawing
// adult nursing graduates and international recruits from national pools
// sized below the claims (about 9,600 a year of adult nurses claimed against 8,000 to 9,200).
void write_files() {
  std::filesystem::create_directories(kDir / "systems");
  const std::string example = std::string(WFSIM_SOURCE_DIR) + "/scenarios/example-ics.toml";
  for (int s = 0; s < 42; ++s) {
    std::ofstream out(kDir / "systems" / fmt::format("ics_{:02d}.toml", s));
    out << fmt::format(R"([scenario]
name = "Bench system {0}"
extends = "{1}"
seed = {2}

[system]
id = "ics_{0:02d}"

[[pipeline]]
id = "adult_nursing_degree"
pool = "nq_adult_nurses"

[[international]]
id = "nurse_adult_ir"
pool = "international_nurses"
)",
                       s, example, 1000 + s);
  }
  std::ofstream national(kDir / "england42.toml");
  national << R"([national]
name = "Bench: 42 systems"
systems = ["systems/*.toml"]
allocation = "unmet_demand"

[[pool]]
id = "nq_adult_nurses"
per_year = [8000, 8300, 8600, 8900, 9200]

[[pool]]
id = "international_nurses"
per_year = 8000
)";
}

void BM_National42EndToEnd(benchmark::State& state) {
  write_files();
  const std::string command =
      fmt::format("{} run {}/england42.toml -q -j {} -o /tmp/wfsim-bench-national.h5",
                  WFSIM_PROGRAM, kDir.string(), state.range(0));
  for (auto _ : state) {
    if (std::system(command.c_str()) != 0) {
      state.SkipWithError("wfsim run failed");
      break;
    }
  }
}
BENCHMARK(BM_National42EndToEnd)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
