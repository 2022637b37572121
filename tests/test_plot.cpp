// tools/plot: draws a run and a comparison, PNG or SVG by the extension, on
// the example, a national file and tiny runs. Skipped (ctest reports the skip) where
// matplotlib, xarray or h5netcdf is missing.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "process.h"
#include "skip.h"

using namespace wfsim::testing;

namespace {

bool python_can_plot() {
  return std::system("/usr/bin/python3 -c 'import matplotlib, xarray, h5netcdf' >/dev/null 2>&1") ==
         0;
}

// Runs `program` (tools/plot, or a check script) from the source directory.
ProcessResult run_plot(const std::string& args, const std::string& program = "tools/plot") {
  return run_in_source_dir(program + " " + args);
}

}  // namespace

TEST_CASE("tools/plot draws a run and a comparison", "[plot]") {
  // Asked once: Catch2 enters the test case again for each section.
  static const bool can_plot = python_can_plot();
  if (!can_plot)
    WFSIM_SKIP(
        "tools/plot not tested: /usr/bin/python3 cannot import matplotlib, xarray and h5netcdf "
        "(tools/install-deps --test installs them)");
  // The runs are made once.
  static const TempDir dir;
  static bool made = false;
  if (!made) {
    for (const char* name : {"north", "south"})
      REQUIRE(run_wfsim(std::string("run -q tests/scenarios/compare/") + name + ".toml -o '" +
                        (dir / (std::string(name) + ".h5")).string() + "'")
                  .status == 0);
    // The example (a Monte Carlo run, as planned, under stress) and the national one.
    const std::pair<const char*, const char*> runs[] = {
        {"scenarios/example-ics.toml -r 20", "mc.h5"},
        {"scenarios/example-ics.toml", "example.h5"},
        {"scenarios/stress/activity-plus-1pt.toml", "stress.h5"},
        {"scenarios/national/england.toml", "england.h5"}};
    for (const auto& [scenario, h5] : runs)
      REQUIRE(run_wfsim(std::string("run -q ") + scenario + " -o '" + (dir / h5).string() + "'")
                  .status == 0);
    made = true;
  }
  auto png_written = [](const std::filesystem::path& path) {
    const std::string png = slurp(path);
    REQUIRE(png.size() > 1000);
    CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  };

  SECTION("the example, with its Monte Carlo band, as PNG") {
    const ProcessResult r =
        run_plot("'" + (dir / "mc.h5").string() + "' -o '" + (dir / "mc.png").string() + "'");
    INFO(r.err);
    REQUIRE(r.status == 0);
    png_written(dir / "mc.png");
  }
  SECTION("the example's workforce gap by group and plan year, as PNG") {
    const ProcessResult r = run_plot("'" + (dir / "example.h5").string() + "' --gap -o '" +
                                     (dir / "gap.png").string() + "'");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out == "wrote " + (dir / "gap.png").string() + "\n");
    png_written(dir / "gap.png");
  }
  SECTION("the national example's systems as SVG") {
    const ProcessResult r = run_plot("'" + (dir / "england.h5").string() + "' -o '" +
                                     (dir / "england.svg").string() + "'");
    INFO(r.err);
    REQUIRE(r.status == 0);
    const std::string svg = slurp(dir / "england.svg");
    REQUIRE(svg.size() > 1000);
    CHECK(svg.find("<svg") != std::string::npos);
  }
  SECTION("one system's panel keeps its title and legend inside the figure") {
    // The example against its stress test: one panel, two long scenario names.
    const ProcessResult r =
        run_plot("'" + (dir / "one.png").string() + "' '" + (dir / "example.h5").string() + "' '" +
                     (dir / "stress.h5").string() + "' --measure fte_per_100k",
                 "/usr/bin/python3 tests/plot_layout_check.py");
    INFO(r.out + r.err);
    REQUIRE(r.status == 0);
    png_written(dir / "one.png");
  }
  SECTION("a comparison of systems as SVG") {
    const ProcessResult r =
        run_plot("'" + (dir / "north.h5").string() + "' '" + (dir / "south.h5").string() +
                 "' -o '" + (dir / "gap.svg").string() + "' --measure fte_per_100k");
    INFO(r.err);
    REQUIRE(r.status == 0);
    const std::string svg = slurp(dir / "gap.svg");
    CHECK(svg.find("<svg") != std::string::npos);
  }
  SECTION("bad input") {
    ProcessResult r =
        run_plot("'" + (dir / "north.h5").string() + "' -o '" + (dir / "x.pdf").string() + "'");
    CHECK(r.status == 2);
    CHECK(r.err ==
          "tools/plot: -o " + (dir / "x.pdf").string() + ": the extension must be .png or .svg\n");
    r = run_plot("'" + (dir / "absent.h5").string() + "' -o '" + (dir / "x.png").string() + "'");
    CHECK(r.status == 2);
    CHECK(r.err == "tools/plot: " + (dir / "absent.h5").string() + ": no such file\n");
    // A file of its summary alone has no /annual to draw from: refused by name.
    const std::string summary = (dir / "summary.h5").string();
    REQUIRE(
        run_wfsim("run -q tests/scenarios/uncertain.toml -r 3 --keep summary -o '" + summary + "'")
            .status == 0);
    r = run_plot("'" + summary + "' -o '" + (dir / "x.png").string() + "'");
    CHECK(r.status == 2);
    CHECK(r.err == "tools/plot: " + summary +
                       ": keeps only its summary (run --keep summary), and this tool draws from "
                       "/annual: write the run with --keep annual\n");
  }
  SECTION("--help documents it") {
    const ProcessResult r = run_plot("--help");
    CHECK(r.status == 0);
    CHECK(r.out.find("gap_share") != std::string::npos);
    CHECK(r.out.find("5 %-95 %") != std::string::npos);
  }
}
