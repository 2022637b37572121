// The output file as analysts open it: xarray with the h5netcdf engine
// (tests/xarray_check.py), on a synthetic file and on a run's file.

#include <fmt/format.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "engine/engine.h"
#include "engine/flags.h"
#include "model_fixture.h"
#include "output/hdf5_writer.h"
#include "output_fixture.h"
#include "process.h"
#include "skip.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

int shell(const std::string& command) {
  const int raw = std::system(command.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

// Why Debian's python3-xarray and python3-h5netcdf cannot be imported, or
// "" when they can; the tests skip (tests/skip.h) with that reason.
std::string xarray_missing(const TempDir& dir) {
  const auto log = dir / "import.log";
  if (shell("/usr/bin/python3 -c 'import xarray, h5netcdf' > '" + log.string() + "' 2>&1") == 0)
    return "";
  return "/usr/bin/python3 cannot import xarray and h5netcdf (python3-xarray, "
         "python3-h5netcdf): " +
         slurp(log);
}

// Runs tests/xarray_check.py FILE ARGS; its exit status, its output in `log`.
int xarray_check(const TempDir& dir, const std::filesystem::path& file, const std::string& args,
                 std::string& log) {
  const auto out = dir / "check.log";
  const int status =
      shell(fmt::format("/usr/bin/python3 '{}/tests/xarray_check.py' '{}' {} > '{}' 2>&1",
                        WFSIM_SOURCE_DIR, file.string(), args, out.string()));
  log = slurp(out);
  return status;
}

}  // namespace

TEST_CASE("xarray opens a synthetic file with labelled dimensions and finds values by label",
          "[output][xarray]") {
  TempDir dir;
  std::string log;
  if (const std::string why = xarray_missing(dir); !why.empty()) WFSIM_SKIP(why);
  // The "high" variant, replicate 1: year 2020/21 of nurse, and February 2020 (month 10).
  write_synthetic(dir / "variant.h5", synthetic_layout(true));
  const double gap = annual_value(1, 1, index_of(Var::workforce_gap_fte), 1, 0);
  const double headcount = monthly_value(1, 1, index_of(Var::headcount), 10, 0);
  int status =
      xarray_check(dir, dir / "variant.h5",
                   fmt::format("nurse 2020/21 {:.17g} --replicate 1 --variant high --flags 2 "
                               "--monthly 2020-02 {:.17g}",
                               gap, headcount),
                   log);
  INFO(log);
  REQUIRE(status == 0);

  // No outer dims, no flags, a November start.
  OutputLayout november = synthetic_layout();
  november.start_year = 2023;
  november.start_month = 11;
  write_synthetic(dir / "plain.h5", november, FlagTable{});
  const double hcsw = annual_value(0, 0, index_of(Var::workforce_gap_fte), 0, 1);
  status = xarray_check(
      dir, dir / "plain.h5",
      fmt::format("hcsw 2023/24 {:.17g} --flags 0 --start 2023-11 --monthly 2024-02 {:.17g}", hcsw,
                  monthly_value(0, 0, 0, 3, 1)),
      log);
  INFO(log);
  REQUIRE(status == 0);

  // A wrong value is caught: the check is not vacuous.
  status = xarray_check(dir, dir / "plain.h5",
                        fmt::format("hcsw 2023/24 {:.17g} --start 2023-11", hcsw + 1), log);
  REQUIRE(status == 1);
  REQUIRE_THAT(log, Catch::Matchers::Contains("FAIL: workforce_gap_fte"));
}

TEST_CASE("xarray opens a run's file with labelled dimensions and values", "[output][xarray]") {
  TempDir dir;
  std::string log;
  if (const std::string why = xarray_missing(dir); !why.empty()) WFSIM_SKIP(why);
  const Run r = small_run();
  const auto flags = compute_flags(r.model, r.annual);
  {
    RunWriter writer(dir / "run.h5", OutputLayout::for_model(r.model, 1),
                     RunInfo::for_model(r.model, 1));
    writer.write_replicate({}, 0, r.monthly, r.annual);
    writer.write_flags(FlagTable::from_flags(r.model, flags));
    writer.commit();
  }
  const double expected = r.annual.at(index_of(Var::workforce_gap_fte), 1, 0);
  const int status =
      xarray_check(dir, dir / "run.h5",
                   fmt::format("nurse 2020/21 {:.17g} --flags {} --monthly 2019-06 {:.17g}",
                               expected, flags.size(), r.monthly.at(Var::headcount, 2, 0)),
                   log);
  INFO(log);
  REQUIRE(status == 0);
}
