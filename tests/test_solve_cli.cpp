// `wfsim solve` as a user runs it: exit statuses, the solved scenario that
// `wfsim run` reproduces, the /solve group, and messages word for word.

#include <hdf5.h>
#include <hdf5_hl.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "process.h"

using namespace wfsim::testing;
using Catch::Detail::Approx;

namespace {

std::vector<double> read_doubles(hid_t file, const char* path) {
  hid_t d = H5Dopen2(file, path, H5P_DEFAULT);
  REQUIRE(d >= 0);
  hid_t space = H5Dget_space(d);
  std::vector<double> values(H5Sget_simple_extent_npoints(space));
  H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Sclose(space);
  H5Dclose(d);
  return values;
}

// The name of the dimension scale attached to axis `dim` of a dataset.
std::string scale_name(hid_t file, const char* path, unsigned dim) {
  hid_t d = H5Dopen2(file, path, H5P_DEFAULT);
  REQUIRE(d >= 0);
  std::string name;
  H5DSiterate_scales(
      d, dim, nullptr,
      [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
        char buffer[64] = {};
        H5DSget_scale_name(scale, buffer, sizeof buffer);
        *static_cast<std::string*>(out) = buffer;
        return 1;
      },
      &name);
  H5Dclose(d);
  return name;
}

}  // namespace

TEST_CASE("wfsim solve: the example's plan, written, re-run and reproduced", "[solve][cli]") {
  TempDir dir;
  const auto solved = dir / "solved.toml", h5 = dir / "solved.h5", rerun = dir / "rerun.h5";
  ProcessResult r = run_wfsim("solve scenarios/solve/example-ics-solve.toml -o '" +
                              solved.string() + "' --h5 '" + h5.string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("Binding targets: what one more FTE of demand would cost") != std::string::npos);
  for (std::size_t at = 0, next; at < r.out.size(); at = next + 1) {
    next = r.out.find('\n', at);
    if (next == std::string::npos) next = r.out.size();
    CHECK(next - at <= 100);  // a 100-column terminal
  }
  const std::string text = slurp(solved);
  CHECK(text.rfind("# Solved plan, written by wfsim solve (wfsim ", 0) == 0);
  CHECK(text.find("extends = \"") != std::string::npos);

  ProcessResult run = run_wfsim("run '" + solved.string() + "' -q -o '" + rerun.string() + "'");
  INFO(run.err);
  REQUIRE(run.status == 0);
  hid_t a = H5Fopen(h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  hid_t b = H5Fopen(rerun.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(a >= 0);
  REQUIRE(b >= 0);
  // The solver's predicted gaps are what `wfsim run` of the solved file gives.
  const auto predicted = read_doubles(a, "/solve/workforce_gap_fte");
  const auto demand = read_doubles(b, "/annual/demand_fte");
  const auto gap = read_doubles(b, "/annual/workforce_gap_fte");
  REQUIRE(predicted.size() == gap.size());
  const std::size_t groups = 12;
  for (std::size_t i = groups; i < gap.size(); ++i)  // from 2020/21
    CHECK(std::abs(gap[i] - predicted[i]) <= 1e-6 * demand[i]);
  CHECK(read_doubles(a, "/annual/workforce_gap_fte") == gap);
  CHECK(scale_name(a, "/solve/lever_value", 0) == "lever");
  CHECK(scale_name(a, "/solve/lever_value", 1) == "year");
  CHECK(scale_name(a, "/solve/shadow_price", 1) == "staff_group");
  CHECK(read_doubles(a, "/solve/lever_value").size() == 7 * 5);
  H5Fclose(a);
  H5Fclose(b);
}

TEST_CASE("wfsim solve: infeasible targets exit 4 and still write the closest plan",
          "[solve][cli]") {
  TempDir dir;
  ProcessResult r =
      run_wfsim("solve tests/solve/late.toml -o '" + (dir / "closest.toml").string() + "'");
  CHECK(r.status == 4);
  CHECK(r.err ==
        "wfsim solve: infeasible: the targets cannot be met\n"
        "nurse 2021/22: 13.0 FTE short with every lever at max\n");
  CHECK(r.out.find("INFEASIBLE: the targets cannot be met.") != std::string::npos);
  const std::string text = slurp(dir / "closest.toml");
  CHECK(text.find("# INFEASIBLE: the targets cannot all be met; this is the closest plan") !=
        std::string::npos);
  CHECK(run_wfsim("run '" + (dir / "closest.toml").string() + "' -q -o '" +
                  (dir / "closest.h5").string() + "'")
            .status == 0);
}

TEST_CASE("wfsim solve: bad input exits 2 with every problem and writes nothing",
          "[solve][cli][bad]") {
  TempDir dir;
  const auto out = dir / "out.toml";
  ProcessResult r = run_wfsim("solve tests/solve/bad_lever.toml -o '" + out.string() + "'");
  CHECK(r.status == 2);
  CHECK(r.err ==
        "tests/solve/bad_lever.toml:19:13: solve.objective: unknown objective 'cheapest' (cost "
        "or gap)\n"
        "tests/solve/bad_lever.toml:23:7: lever[0].min: must not exceed max (10) in 2019/20, got "
        "50\n");
  CHECK_FALSE(std::filesystem::exists(out));
  r = run_wfsim("solve tests/solve/no_levers.toml");
  CHECK(r.status == 2);
  CHECK(r.err ==
        "tests/solve/no_levers.toml:13:1: lever: wfsim solve needs at least one [[lever]]: the "
        "volumes it may change\n");
  // `wfsim validate` checks the same keys.
  CHECK(run_wfsim("validate tests/solve/bad_lever.toml").status == 2);
}
