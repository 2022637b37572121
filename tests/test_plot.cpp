// tools/plot: draws a run and a comparison, PNG or SVG by the extension.
// Skipped, with a warning, where matplotlib, xarray or h5netcdf is missing.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "process.h"

using namespace wfsim::testing;

namespace {

bool python_can_plot() {
  return std::system("/usr/bin/python3 -c 'import matplotlib, xarray, h5netcdf' >/dev/null 2>&1") ==
         0;
}

ProcessResult run_plot(const std::string& args) {
  const TempDir io;
  const std::string command = std::string("cd '") + WFSIM_SOURCE_DIR + "' && tools/plot " + args +
                              " >'" + (io / "out").string() + "' 2>'" + (io / "err").string() +
                              "' </dev/null";
  const int raw = std::system(command.c_str());
  ProcessResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(io / "out");
  r.err = slurp(io / "err");
  return r;
}

}  // namespace

TEST_CASE("tools/plot draws a run and a comparison", "[plot]") {
  if (!python_can_plot()) {
    WARN(
        "tools/plot not tested: /usr/bin/python3 cannot import matplotlib, xarray and h5netcdf "
        "(tools/install-deps --test installs them)");
    return;
  }
  // The runs are made once: Catch2 enters the test case again for each section.
  static const TempDir dir;
  static bool made = false;
  if (!made) {
    for (const char* name : {"north", "south"})
      REQUIRE(run_wfsim(std::string("run -q tests/scenarios/compare/") + name + ".toml -o '" +
                        (dir / (std::string(name) + ".h5")).string() + "'")
                  .status == 0);
    REQUIRE(run_wfsim("run -q tests/scenarios/uncertain.toml -r 20 -o '" +
                      (dir / "mc.h5").string() + "'")
                .status == 0);
    made = true;
  }

  SECTION("a run, with its Monte Carlo band, as PNG") {
    const ProcessResult r =
        run_plot("'" + (dir / "mc.h5").string() + "' -o '" + (dir / "mc.png").string() + "'");
    INFO(r.err);
    REQUIRE(r.status == 0);
    const std::string png = slurp(dir / "mc.png");
    REQUIRE(png.size() > 1000);
    CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
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
  }
  SECTION("--help documents it") {
    const ProcessResult r = run_plot("--help");
    CHECK(r.status == 0);
    CHECK(r.out.find("gap_share") != std::string::npos);
    CHECK(r.out.find("5 %-95 %") != std::string::npos);
  }
}
