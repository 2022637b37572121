// Flags at just below and just above their thresholds (MODEL.md section 7).

#include <catch2/catch.hpp>

#include "engine/flags.h"
#include "engine/statistics.h"
#include "model_fixture.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

// Annual values of `years` by `groups`, every one 0.
AnnualTrajectory zero_annual(int years, int groups) {
  AnnualTrajectory annual;
  annual.years = years;
  annual.groups = groups;
  annual.values.assign(static_cast<std::size_t>(kAnnualVarCount) * years * groups, 0.0);
  return annual;
}

// One group, one year; annual values set by hand.
struct Fixture {
  Model model = tiny_model(1);
  AnnualTrajectory annual;
  Fixture() {
    add_group(model, "nurse", 0);
    model.groups[0].tolerance = 0.02;
    annual = zero_annual(1, 1);
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

TEST_CASE("each flag is raised strictly above tolerance * base, critical strictly above 3x",
          "[flags]") {
  struct Case {
    FlagKind kind;
    Var metric;  // set directly (over_establishment via fte)
    double below, equal, above, at_critical, critical, threshold;
  };
  // Base 100 FTE (demand or funded) or 1e6 GBP budget; tolerance 2 %: the
  // threshold is 0.02 * 100 = 2 FTE (20,000 GBP), exactly in binary, and
  // the critical line 3 * 2 = 6 FTE (60,000 GBP); over_establishment is
  // fte - funded, so fte 106 sits on it.
  const Case cases[] = {
      {FlagKind::unfunded_demand, Var::funding_gap_fte, 1.99, 2.0, 2.01, 6.0, 6.01, 2.0},
      {FlagKind::unfilled_posts, Var::vacancy_fte, 1.99, 2.0, 2.01, 6.0, 6.01, 2.0},
      {FlagKind::over_establishment, Var::fte, 101.99, 102.0, 102.01, 106.0, 106.01, 2.0},
      {FlagKind::unmet_demand, Var::unmet_fte, 1.99, 2.0, 2.01, 6.0, 6.01, 2.0},
      {FlagKind::overspend, Var::pay_gap_gbp, 19999, 20000, 20001, 60000, 60001, 20000},
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
    f.set(c.metric, c.at_critical);  // exactly 3x: still a warning
    raised = f.flags_of(c.kind, 0);
    REQUIRE(raised.size() == 1);
    REQUIRE(raised[0].threshold == c.threshold);
    REQUIRE(raised[0].value == 3 * c.threshold);
    REQUIRE(raised[0].severity == Severity::warning);
    f.set(c.metric, c.critical);
    raised = f.flags_of(c.kind, 0);
    REQUIRE(raised.size() == 1);
    REQUIRE(raised[0].severity == Severity::critical);
  }
}

TEST_CASE("each flag kind compares its metric with its own base", "[flags]") {
  // Demand 200, funded 50, budget 1e6, tolerance 2 %: the thresholds are
  // 4 FTE (of demand) for unfunded and unmet demand, 1 FTE (of funded) for
  // unfilled posts and over-establishment, 20,000 GBP for overspend.
  Fixture f;
  f.set(Var::demand_fte, 200);
  f.set(Var::funded_fte, 50);
  f.set(Var::fte, 60);  // over establishment by 10
  f.set(Var::funding_gap_fte, 150);
  f.set(Var::vacancy_fte, 5);
  f.set(Var::unmet_fte, 7);
  f.set(Var::pay_gap_gbp, 30000);
  auto flags = compute_flags(f.model, f.annual);
  std::vector<std::tuple<FlagKind, double, double>> got;
  for (const Flag& flag : flags)
    if (flag.group == 0) got.emplace_back(flag.kind, flag.value, flag.threshold);
  CHECK(got ==
        std::vector<std::tuple<FlagKind, double, double>>{{FlagKind::unfunded_demand, 150, 4},
                                                          {FlagKind::unfilled_posts, 5, 1},
                                                          {FlagKind::over_establishment, 10, 1},
                                                          {FlagKind::unmet_demand, 7, 4},
                                                          {FlagKind::overspend, 30000, 20000}});
}

TEST_CASE("the whole system is flagged on sums, after the groups, with the default tolerance",
          "[flags]") {
  Model m = tiny_model(1);
  add_group(m, "a", 0);
  add_group(m, "b", 0);
  m.groups[0].tolerance = 0.5;  // a tolerates its gap; the system does not
  m.groups[1].tolerance = 0.02;
  m.default_tolerance = 0.02;
  AnnualTrajectory annual = zero_annual(1, 2);
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
  AnnualTrajectory annual = zero_annual(2, 2);
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

TEST_CASE("a Monte Carlo flag is critical when more than half of the replicates raising it say so",
          "[flags][replicates]") {
  // One group, one year; replicates raise unmet_demand as given. With n
  // raising replicates, critical needs 2 * critical > n: 2 of 4 is a tie
  // (warning), 3 of 4 a majority, 1 of 1 all of them.
  Model m = tiny_model(1);
  add_group(m, "nurse", 0);
  AnnualTrajectory mean = zero_annual(1, 1);
  auto raise = [](Severity s) { return Flag{0, 0, FlagKind::unmet_demand, 1, 1, s}; };
  auto severity_with = [&](int critical, int warning, int quiet) {
    FlagCounts counts(1, 1);
    for (int i = 0; i < critical; ++i) counts.add({raise(Severity::critical)});
    for (int i = 0; i < warning; ++i) counts.add({raise(Severity::warning)});
    for (int i = 0; i < quiet; ++i) counts.add({});
    std::vector<double> share;
    const auto rows = counts.rows(m, mean, share);
    REQUIRE(rows.size() == 1);
    REQUIRE(rows[0].kind == FlagKind::unmet_demand);
    REQUIRE(rows[0].group == 0);
    // The share counts every replicate, those raising nothing too.
    REQUIRE(share ==
            std::vector<double>{double(critical + warning) / (critical + warning + quiet)});
    return rows[0].severity;
  };
  CHECK(severity_with(2, 2, 0) == Severity::warning);   // exactly half
  CHECK(severity_with(2, 2, 4) == Severity::warning);   // half of those raising it
  CHECK(severity_with(3, 1, 0) == Severity::critical);  // a majority
  CHECK(severity_with(3, 1, 4) == Severity::critical);  // quiet replicates do not dilute it
  CHECK(severity_with(1, 2, 0) == Severity::warning);
  CHECK(severity_with(1, 0, 0) == Severity::critical);
}

TEST_CASE("flag counts sent as numbers come back as the same counts", "[flags][replicates]") {
  // How a rank sends the flag counts of the systems it summarised: whole
  // numbers, appended after what is already there, read back from there.
  Model m = tiny_model(2);
  add_group(m, "nurse", 0);
  add_group(m, "hca", 0);
  AnnualTrajectory mean = zero_annual(2, 2);
  FlagCounts sent(2, 2);
  sent.add({Flag{1, 0, FlagKind::unmet_demand, 1, 1, Severity::critical},
            Flag{0, -1, FlagKind::over_establishment, 2, 1, Severity::warning}});
  sent.add({Flag{1, 0, FlagKind::unmet_demand, 1, 1, Severity::critical}});
  sent.add({});
  std::vector<double> message{7.0};  // what came before the counts
  sent.append_to(message);
  message.push_back(9.0);  // what follows them

  FlagCounts received(2, 2);
  const std::size_t after = received.read_from(message, 1);
  CHECK(message.at(after) == 9.0);
  CHECK(received.replicates() == 3);
  std::vector<double> sent_share, received_share;
  const auto sent_rows = sent.rows(m, mean, sent_share);
  const auto received_rows = received.rows(m, mean, received_share);
  REQUIRE(received_rows.size() == 2);
  REQUIRE(sent_rows.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(received_rows[i].year == sent_rows[i].year);
    CHECK(received_rows[i].group == sent_rows[i].group);
    CHECK(received_rows[i].kind == sent_rows[i].kind);
    CHECK(received_rows[i].severity == sent_rows[i].severity);
  }
  CHECK(received_share == std::vector<double>{1.0 / 3, 2.0 / 3});
  // Cut short, the counts are refused, not read past the end.
  message.resize(after - 2);
  FlagCounts cut(2, 2);
  CHECK_THROWS_WITH(cut.read_from(message, 1), "flag counts arrived damaged from another rank");
}
