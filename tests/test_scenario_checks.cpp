// The bounds of [[assert]] stat and of [[uncertainty.parameter]] shapes,
// each tested just inside, exactly at and just outside (SCENARIO.md).

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "scenario/load.h"

using namespace wfsim;

namespace {

// One staff group; `more` starts at line 12.
std::vector<std::string> problems(const std::string& more) {
  const std::string text = R"([scenario]
name = "t"

[[staff_group]]
id = "nurse"
headcount = 100
leaver_rate = 0.1
sickness_rate = 0.05
cost_per_fte = 30000
funded_fte = 100

)" + more;
  std::vector<std::string> out;
  for (const auto& d : load_scenario_text(text, "t.toml").diagnostics) out.push_back(d.format());
  return out;
}

using Messages = std::vector<std::string>;

}  // namespace

TEST_CASE("an assertion's stat is mean, min, max or p1 to p99, written without a leading zero",
          "[scenario][checks]") {
  auto with_stat = [](const std::string& stat) {
    return problems("[[assert]]\nid = \"gap\"\nmetric = \"workforce_gap_fte\"\nstat = \"" + stat +
                    "\"\nmax = 10\n");
  };
  for (const char* good : {"mean", "min", "max", "p1", "p9", "p10", "p50", "p99"}) {
    INFO(good);
    CHECK(with_stat(good).empty());
  }
  // The value sits at line 15, column 8 (after `stat = `).
  for (const char* bad : {"p0", "p00", "p05", "p100", "p", "q50", "p5x", "median"}) {
    INFO(bad);
    CHECK(with_stat(bad) ==
          Messages{std::string("t.toml:15:8: assert.gap.stat: must be mean, min, max or p1 ... "
                               "p99, got '") +
                   bad + "'"});
  }
}

TEST_CASE("a uniform's high must be greater than its low, not equal", "[scenario][checks]") {
  auto uniform = [](const std::string& low, const std::string& high) {
    return problems(
        "[[uncertainty.parameter]]\ntarget = \"staff_group.nurse.sickness_rate\"\ndist = "
        "\"uniform\"\nlow = " +
        low + "\nhigh = " + high + "\n");
  };
  CHECK(uniform("0.04", "0.0401").empty());
  CHECK(uniform("0.04", "0.04") ==
        Messages{"t.toml:16:8: uncertainty.parameter[0].high: must be greater than low (0.04), got "
                 "0.04"});
  CHECK(uniform("0.04", "0.03") ==
        Messages{"t.toml:16:8: uncertainty.parameter[0].high: must be greater than low (0.04), got "
                 "0.03"});
}

TEST_CASE("a triangular's mode lies in [low, high], ends included, and high above low",
          "[scenario][checks]") {
  auto triangular = [](const std::string& low, const std::string& mode, const std::string& high) {
    return problems(
        "[[uncertainty.parameter]]\ntarget = \"staff_group.nurse.sickness_rate\"\ndist = "
        "\"triangular\"\nlow = " +
        low + "\nmode = " + mode + "\nhigh = " + high + "\n");
  };
  CHECK(triangular("0.04", "0.05", "0.07").empty());
  CHECK(triangular("0.04", "0.04", "0.07").empty());  // mode at low
  CHECK(triangular("0.04", "0.07", "0.07").empty());  // mode at high
  const std::string mode_at = "t.toml:16:8: uncertainty.parameter[0].mode: ";
  CHECK(triangular("0.04", "0.039", "0.07") ==
        Messages{mode_at + "must be between low and high ([0.04, 0.07]), got 0.039"});
  CHECK(triangular("0.04", "0.071", "0.07") ==
        Messages{mode_at + "must be between low and high ([0.04, 0.07]), got 0.071"});
  // high not above low: that is said first, and the mode is not judged.
  CHECK(triangular("0.04", "0.04", "0.04") ==
        Messages{"t.toml:17:8: uncertainty.parameter[0].high: must be greater than low (0.04), got "
                 "0.04"});
}
