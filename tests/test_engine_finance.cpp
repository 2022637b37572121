// Pay, uplift, funding and temporary staffing (MODEL.md section 6).

#include <catch2/catch.hpp>

#include "model_fixture.h"

using namespace wfsim;
using namespace wfsim::testing;

TEST_CASE("cost per FTE adds on-cost to basic pay and compounds the uplift from year 1",
          "[model][finance]") {
  Model m = tiny_model(3);
  int g = add_group(m, "nurse", 100);
  m.groups[g].basic_pay_gbp = 30000;
  m.groups[g].on_cost = 0.2;
  m.groups[g].uplift = {0.5 /* unused */, 0.03, 0.02};
  m = finalized(m);
  REQUIRE(m.groups[g].cost_per_fte_gbp[0] == Approx(36000));
  REQUIRE(m.groups[g].cost_per_fte_gbp[1] == Approx(36000 * 1.03));
  REQUIRE(m.groups[g].cost_per_fte_gbp[2] == Approx(36000 * 1.03 * 1.02));
  // funded_fte given: the budget is derived.
  REQUIRE(m.groups[g].budget_gbp[1] == Approx(100 * 36000 * 1.03));
}

TEST_CASE("funded FTE is derived from a pay budget", "[model][finance]") {
  Model m = tiny_model(2);
  int g = add_group(m, "doctor", 10);
  m.groups[g].basic_pay_gbp = 100000;
  m.groups[g].funded_fte_input.reset();
  m.groups[g].pay_budget_gbp_input = PerYear{1e6, 2e6};
  m = finalized(m);
  REQUIRE(m.groups[g].funded_fte[0] == Approx(10));
  REQUIRE(m.groups[g].funded_fte[1] == Approx(20));
}

TEST_CASE("pay: substantive, employed trainees and temporary cover at their premiums",
          "[engine][finance]") {
  Model m = tiny_model(2);
  int g = add_group(m, "nurse", 80);
  m.groups[g].basic_pay_gbp = 30000;
  m.groups[g].on_cost = 0.2;
  m.groups[g].uplift = {0.0, 0.03};
  m.groups[g].funded_fte_input = PerYear{90, 90};
  Activity a;
  a.id = "work";
  a.base = 16500 * 10;  // 100 FTE of demand
  a.growth = flat(m, 0.0);
  a.hours_per_unit = {{g, 1.0}};
  m.activities.push_back(a);
  m.temporary_staffing = {true, flat(m, 0.1), flat(m, 0.6), flat(m, 0.0), flat(m, 0.5)};
  Run r = run(m);
  const double c0 = 36000, c1 = 36000 * 1.03;
  // Shortfall 20 FTE, cover capped at 10 % of demand, the rest unmet.
  REQUIRE(r.monthly.at(Var::temporary_cover_fte, 0, g) == Approx(10));
  REQUIRE(r.monthly.at(Var::unmet_fte, 0, g) == Approx(10));
  const double temporary = 10 * c0 / 12 * (0.6 * 1.0 + 0.4 * 1.5);
  REQUIRE(r.monthly.at(Var::temporary_cost_gbp, 0, g) == Approx(temporary));
  REQUIRE(r.monthly.at(Var::pay_cost_gbp, 0, g) == Approx(80 * c0 / 12 + temporary));
  REQUIRE(r.monthly.at(Var::budget_gbp, 0, g) == Approx(90 * c0 / 12));
  REQUIRE(r.monthly.at(Var::pay_gap_gbp, 0, g) == Approx(80 * c0 / 12 + temporary - 90 * c0 / 12));
  REQUIRE(r.annual.at(index_of(Var::pay_cost_gbp), 1, g) ==
          Approx(12 * (80 * c1 / 12 + 10 * c1 / 12 * 1.2)));
  REQUIRE(r.annual.at(index_of(Var::budget_gbp), 1, g) == Approx(90 * c1));
  // Gaps.
  REQUIRE(r.monthly.at(Var::workforce_gap_fte, 0, g) == Approx(20));
  REQUIRE(r.monthly.at(Var::funding_gap_fte, 0, g) == Approx(10));
  REQUIRE(r.monthly.at(Var::vacancy_fte, 0, g) == Approx(10));
}

TEST_CASE("without a temporary staffing table nothing is covered", "[engine][finance]") {
  Model m = tiny_model(1);
  int g = add_group(m, "nurse", 80);
  m.establishments.push_back({"ward", g, flat(m, 100.0)});
  Run r = run(m);
  REQUIRE(r.monthly.at(Var::temporary_cover_fte, 0, g) == 0);
  REQUIRE(r.monthly.at(Var::unmet_fte, 0, g) == Approx(20));
}

TEST_CASE("employed trainees are paid at their host group's cost", "[engine][finance]") {
  Model m = tiny_model(1);
  int hcsw = add_group(m, "hcsw", 100);
  int na = add_group(m, "na", 0);
  m.groups[hcsw].basic_pay_gbp = 12000;
  m.pipelines.push_back(
      apprenticeship(m, "apprentice", hcsw, na, 24, 24));  // 2 a month: 48 in training
  m.groups[hcsw].fte_per_head = flat(m, 0.5);
  Run r = run(m);
  // 98 staff after month 0's intake (49 FTE) and 48 trainees (24 FTE), at 12,000 a year.
  REQUIRE(r.monthly.at(Var::trainee_fte, 0, hcsw) == Approx(24));
  REQUIRE(r.monthly.at(Var::pay_cost_gbp, 0, hcsw) == Approx((49 + 24) * 1000));
  REQUIRE(r.monthly.at(Var::pay_cost_gbp, 0, na) == 0);
}

TEST_CASE("temporary staffing's cap, bank share and premiums change year by year",
          "[engine][finance][per_year]") {
  // A plan that cuts agency use: cover capped at 10 % of demand, then 5 %;
  // the bank's share 60 %, then 80 %; agency premium 50 %, then 30 %.
  Model m = tiny_model(2);
  int g = add_group(m, "nurse", 80);
  m.groups[g].basic_pay_gbp = 36000;
  m.establishments.push_back({"ward", g, flat(m, 100.0)});  // demand 100, short 20
  m.temporary_staffing = {true, {0.1, 0.05}, {0.6, 0.8}, {0.0, 0.1}, {0.5, 0.3}};
  Run r = run(m);
  const double month_pay = 36000 / 12.0;
  // 2019/20: 10 FTE covered at 0.6 * 1.0 + 0.4 * 1.5 = 1.2 times pay.
  REQUIRE(r.monthly.at(Var::temporary_cover_fte, 0, g) == Approx(10));
  REQUIRE(r.monthly.at(Var::unmet_fte, 0, g) == Approx(10));
  REQUIRE(r.monthly.at(Var::temporary_cost_gbp, 11, g) == Approx(10 * month_pay * 1.2));
  // 2020/21: 5 FTE at 0.8 * 1.1 + 0.2 * 1.3 = 1.14 times pay.
  REQUIRE(r.monthly.at(Var::temporary_cover_fte, 12, g) == Approx(5));
  REQUIRE(r.monthly.at(Var::unmet_fte, 12, g) == Approx(15));
  REQUIRE(r.monthly.at(Var::temporary_cost_gbp, 12, g) == Approx(5 * month_pay * 1.14));
  REQUIRE(r.annual.at(index_of(Var::temporary_cost_gbp), 1, g) ==
          Approx(12 * 5 * month_pay * 1.14));
}
