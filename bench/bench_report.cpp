// wfsim report end to end, as a user runs it: process start, reading the
// file, the HTML and the workbook. Targets: the example under 0.5 s; a
// national run of 42 systems (bench_national's scenario) under 3 s.
// Also: /usr/bin/time build/wfsim report /tmp/wfsim-bench-report-national.h5 ...

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

bool run(const std::string& command) {
  return std::system((command + " >/dev/null").c_str()) == 0;
}

void report(benchmark::State& state, const std::string& h5) {
  const std::string command =
      std::string(WFSIM_PROGRAM) + " report -q " + h5 +
      " -o /tmp/wfsim-bench-report.html --xlsx /tmp/wfsim-bench-report.xlsx";
  for (auto _ : state)
    if (!run(command)) {
      state.SkipWithError("wfsim report failed");
      break;
    }
  state.counters["html_bytes"] =
      static_cast<double>(std::filesystem::file_size("/tmp/wfsim-bench-report.html"));
  state.counters["xlsx_bytes"] =
      static_cast<double>(std::filesystem::file_size("/tmp/wfsim-bench-report.xlsx"));
}

void BM_ReportExample(benchmark::State& state) {
  const std::string h5 = "/tmp/wfsim-bench-report-example.h5";
  if (!run(std::string(WFSIM_PROGRAM) + " run -q " + WFSIM_SOURCE_DIR +
           "/scenarios/example-ics.toml -o " + h5)) {
    state.SkipWithError("wfsim run failed");
    return;
  }
  report(state, h5);
}
BENCHMARK(BM_ReportExample)->Unit(benchmark::kMillisecond)->UseRealTime();

// Needs /tmp/wfsim-bench-national/england42.toml, which bench_national writes.
void BM_ReportNational42(benchmark::State& state) {
  const std::string scenario = "/tmp/wfsim-bench-national/england42.toml";
  const std::string h5 = "/tmp/wfsim-bench-report-national.h5";
  if (!std::filesystem::exists(scenario) ||
      !run(std::string(WFSIM_PROGRAM) + " run -q " + scenario + " -o " + h5)) {
    state.SkipWithError("no 42-system run: run bench_national first");
    return;
  }
  report(state, h5);
}
BENCHMARK(BM_ReportNational42)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
