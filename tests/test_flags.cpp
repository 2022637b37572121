// Flags at just below and just above their thresholds (MODEL.md section 7).

#include <catch2/catch.hpp>

#include "engine/flags.h"
#include "model_fixture.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

// One group, one year; annual values set by hand.
struct Fixture {
  Model model = tiny_model(1);
  AnnualTrajectory annual;
  Fixture() {
    add_group(model, "nurse", 0);
    model.groups[0].tolerance = 0.02;
    annual.years = 1;
    annual.groups = 1;
    annual.values.assign(kAnnualVarCount, 0.0);
    set(Var::demand_fte, 100);
    set(Var::funded_fte, 100);
    set(Var::fte, 100);
    set(Var::budget_gbp, 1e6);
  }
  void set(Var v, double x) { annual.at(index_of(v), 0, 0) = x; }
  std::vector<Flag> flags_of(FlagKind kind, int group) {
    std::vector<Flag> out;
    for (const Flag& f : compute_flags(model, annual))
      if (f.kind == kind && f.group == group) out.push_back(f);
    return out;
  }
};

}  // namespace

TEST_CASE("each flag is raised strictly above tolerance * base, critical above 3x", "[flags]") {
  struct Case {
    FlagKind kind;
    Var metric;  // set directly (over_establishment via fte)
    double below, equal, above, critical, threshold;
  };
  // Base 100 FTE (demand or funded) or 1e6 GBP budget; tolerance 2 %.
  const Case cases[] = {
      {FlagKind::unfunded_demand, Var::funding_gap_fte, 1.99, 2.0, 2.01, 6.01, 2.0},
      {FlagKind::unfilled_posts, Var::vacancy_fte, 1.99, 2.0, 2.01, 6.01, 2.0},
      {FlagKind::over_establishment, Var::fte, 101.99, 102.0, 102.01, 106.01, 2.0},
      {FlagKind::unmet_demand, Var::unmet_fte, 1.99, 2.0, 2.01, 6.01, 2.0},
      {FlagKind::overspend, Var::pay_gap_gbp, 19999, 20000, 20001, 60001, 20000},
  };
  for (const Case& c : cases) {
    INFO(flag_kind_name(c.kind));
    Fixture f;
    f.set(c.metric, c.below);
    REQUIRE(f.flags_of(c.kind, 0).empty());
    f.set(c.metric, c.equal);
    REQUIRE(f.flags_of(c.kind, 0).empty());  // equal is not above
    f.set(c.metric, c.above);
    auto raised = f.flags_of(c.kind, 0);
    REQUIRE(raised.size() == 1);
    REQUIRE(raised[0].threshold == Approx(c.threshold));
    REQUIRE(raised[0].severity == Severity::warning);
    f.set(c.metric, c.critical);
    raised = f.flags_of(c.kind, 0);
    REQUIRE(raised.size() == 1);
    REQUIRE(raised[0].severity == Severity::critical);
  }
}

TEST_CASE("the whole system is flagged on sums, after the groups, with the default tolerance",
          "[flags]") {
  Model m = tiny_model(1);
  add_group(m, "a", 0);
  add_group(m, "b", 0);
  m.groups[0].tolerance = 0.5;  // a tolerates its gap; the system does not
  m.groups[1].tolerance = 0.02;
  m.default_tolerance = 0.02;
  AnnualTrajectory annual;
  annual.years = 1;
  annual.groups = 2;
  annual.values.assign(kAnnualVarCount * 2, 0.0);
  annual.at(index_of(Var::demand_fte), 0, 0) = 100;
  annual.at(index_of(Var::demand_fte), 0, 1) = 100;
  annual.at(index_of(Var::funding_gap_fte), 0, 0) = 10;  // 10 %: under a's 50 %
  annual.at(index_of(Var::funding_gap_fte), 0, 1) = -3;
  // Funded equals staff in post, so no vacancy or establishment flags.
  auto flags = compute_flags(m, annual);
  REQUIRE(flags.size() == 1);
  REQUIRE(flags[0].group == -1);
  REQUIRE(flags[0].kind == FlagKind::unfunded_demand);
  REQUIRE(flags[0].value == Approx(7));
  REQUIRE(flags[0].threshold == Approx(4));
  REQUIRE(flags[0].severity == Severity::warning);
}

TEST_CASE("flags are ordered by year, then group in file order with all last, then kind",
          "[flags]") {
  Model m = tiny_model(2);
  add_group(m, "z_first", 0);
  add_group(m, "a_second", 0);
  AnnualTrajectory annual;
  annual.years = 2;
  annual.groups = 2;
  annual.values.assign(kAnnualVarCount * 2 * 2, 0.0);
  for (int y = 0; y < 2; ++y)
    for (int g = 0; g < 2; ++g) {
      annual.at(index_of(Var::demand_fte), y, g) = 10;
      annual.at(index_of(Var::funding_gap_fte), y, g) = 10;  // unfunded_demand, critical
      annual.at(index_of(Var::unmet_fte), y, g) = 10;        // unmet_demand, critical
    }
  auto flags = compute_flags(m, annual);
  REQUIRE(flags.size() == 12);
  std::vector<std::tuple<int, int, FlagKind>> order;
  for (const Flag& f : flags) order.emplace_back(f.year, f.group, f.kind);
  REQUIRE(order[0] == std::make_tuple(0, 0, FlagKind::unfunded_demand));
  REQUIRE(order[1] == std::make_tuple(0, 0, FlagKind::unmet_demand));
  REQUIRE(order[2] == std::make_tuple(0, 1, FlagKind::unfunded_demand));
  REQUIRE(order[4] == std::make_tuple(0, -1, FlagKind::unfunded_demand));
  REQUIRE(order[6] == std::make_tuple(1, 0, FlagKind::unfunded_demand));
  REQUIRE(order[11] == std::make_tuple(1, -1, FlagKind::unmet_demand));
}
