// Phased inputs (tests/scenarios/per_year/phased.toml) through the
// program: a sweep of a skill-mix ratio and draws of productive hours and
// agency premiums, each year with its own value.

#include <catch2/catch.hpp>

#include "output/hdf5_reader.h"
#include "process.h"

using namespace wfsim;
using namespace wfsim::testing;

TEST_CASE("a sweep of a phased skill-mix ratio moves demand by its value in every year",
          "[per_year][sweeps]") {
  const TempDir dir;
  const std::string h5 = (dir / "phased.h5").string();
  const ProcessResult r =
      run_wfsim("run -q -r 1 tests/scenarios/per_year/phased.toml -o '" + h5 + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const RunReader reader(h5);
  const Array demand = reader.read("annual/demand_fte");
  REQUIRE(demand.dims == std::vector<std::string>{"variant", "replicate", "year", "staff_group"});
  REQUIRE(demand.shape == std::vector<std::size_t>{2, 1, 3, 2});
  // 165,000 nurse hours a year over productive hours of 1,650, 1,600 and
  // 1,550: 100, 103.125 and 106.45 FTE. A tenth of it moves to associates
  // at the swept ratio (1.0, then 1.5), replacing the file's own phasing.
  const double hours[] = {1650, 1600, 1550}, ratio[] = {1.0, 1.5};
  for (std::size_t v = 0; v < 2; ++v)
    for (std::size_t y = 0; y < 3; ++y) {
      const double whole = 165000 / hours[y];
      const std::size_t at = (v * 3 + y) * 2;
      CHECK(demand.values[at] == Approx(0.9 * whole).epsilon(1e-12));
      CHECK(demand.values[at + 1] == Approx(0.1 * whole * ratio[v]).epsilon(1e-12));
    }
}

TEST_CASE("Monte Carlo draws of phased productive hours and agency premiums",
          "[per_year][replicates]") {
  const TempDir dir;
  const std::string h5 = (dir / "phased.h5").string();
  const ProcessResult r =
      run_wfsim("run -q -r 40 -j 2 tests/scenarios/per_year/phased.toml -o '" + h5 + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const RunReader reader(h5);
  const Array demand = reader.read("annual/demand_fte");
  REQUIRE(demand.shape == std::vector<std::size_t>{2, 40, 3, 2});
  // A lognormal multiplier m on the hours scales every year alike, so the
  // nurses' demand keeps the planned ratio between years in each
  // replicate (1650 / 1600 from 2019/20 to 2020/21), while replicates differ.
  double lowest = 1e300, highest = 0;
  for (std::size_t i = 0; i < 40; ++i) {
    const std::size_t at = (0 * 40 + i) * 3 * 2;
    const double y0 = demand.values[at], y1 = demand.values[at + 2];
    CHECK(y1 / y0 == Approx(1650.0 / 1600.0).epsilon(1e-12));
    lowest = std::min(lowest, y0);
    highest = std::max(highest, y0);
  }
  CHECK(highest > lowest);
}
