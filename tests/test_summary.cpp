// The terminal summary: fits 100 columns whatever the names, and prints a
// flag's value and threshold so that they can be told apart.

#include <catch2/catch.hpp>
#include <sstream>

#include "engine/flags.h"
#include "model_fixture.h"
#include "output/summary.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

Model long_named_model() {
  Model m = tiny_model(1, 1);
  const int g = add_group(m, "community_mental_health_nurses_band_six_rotational", 10);
  m.groups[g].name = std::string(120, 'N');
  return m;
}

}  // namespace

TEST_CASE("long names and ids are cut to fit 100 columns, marked with ~", "[summary]") {
  const Model m = long_named_model();
  Trajectory t;
  t.resize_for(m);
  AnnualTrajectory a;
  aggregate_years(t, a);
  std::ostringstream os;
  print_summary(os, m, a);
  print_flags(os, m, {Flag{0, 0, FlagKind::unfilled_posts, 2.01, 2.0, Severity::warning}});
  std::istringstream lines(os.str());
  int cut = 0;
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK(line.size() <= 100);
    cut += line.find('~') != std::string::npos;
  }
  CHECK(cut == 2);  // the group's heading and its flag line
  CHECK_THAT(os.str(), Catch::Matchers::Contains(std::string(98, 'N') + "~\n"));
  CHECK_THAT(os.str(), Catch::Matchers::Contains("community_mental_he~ "));
}

TEST_CASE("a flag's value and threshold get the decimals that tell them apart", "[summary]") {
  const Model m = long_named_model();
  std::ostringstream os;
  print_flags(os, m,
              {Flag{0, -1, FlagKind::unfilled_posts, 2.01, 2.0, Severity::warning},
               Flag{0, -1, FlagKind::unmet_demand, 15.04, 2.0, Severity::critical},
               Flag{0, -1, FlagKind::overspend, 1234567, 1230000, Severity::warning}});
  CHECK_THAT(os.str(), Catch::Matchers::Contains("vacancy_fte = 2.01 > 2.00\n"));
  CHECK_THAT(os.str(), Catch::Matchers::Contains("unmet_fte = 15.0 > 2.0\n"));
  CHECK_THAT(os.str(), Catch::Matchers::Contains("pay_gap_gbp = 1.235m > 1.230m\n"));
}

TEST_CASE("Monte Carlo flags show their share, and those of under 1 future in 20 are counted",
          "[summary]") {
  const Model m = long_named_model();
  const std::vector<Flag> flags{Flag{0, -1, FlagKind::unfilled_posts, 3, 2.0, Severity::warning},
                                Flag{0, 0, FlagKind::unmet_demand, 15.04, 2.0, Severity::critical},
                                Flag{0, -1, FlagKind::overspend, 1e6, 2e6, Severity::warning}};
  const std::vector<double> share{0.5, 0.04, 1.0};
  std::ostringstream os;
  print_flags(os, m, flags, &share);
  CHECK(os.str() ==
        "Flags: 3 (1 critical, 2 warning)\n"
        "  (share of replicates raising the flag; value and threshold of the replicates' mean)\n"
        "  2019/20  warning    50% all                  unfilled_posts     3.0 > 2.0\n"
        "  2019/20  warning   100% all                  overspend          1.00m <= 2.00m\n"
        "  and 1 more, each raised in under 5% of replicates (all are in the file)\n");
}
