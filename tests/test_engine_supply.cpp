// Supply: stocks and flows against closed forms worked by hand
// (MODEL.md sections 2 and 3).

#include <catch2/catch.hpp>
#include <cmath>

#include "model_fixture.h"

using namespace wfsim;
using namespace wfsim::testing;
using Catch::Matchers::WithinRel;

namespace {

double monthly_p(double r) {
  return 1 - std::pow(1 - r, 1.0 / 12);
}

// H_end = H_start - leavers - transfers_out + transfers_in + joiners (all kinds).
void require_conservation(const Run& r) {
  for (int g = 0; g < r.monthly.groups; ++g) {
    double before = r.model.groups[g].headcount;
    for (int m = 0; m < r.monthly.months; ++m) {
      auto at = [&](Var v) { return r.monthly.at(v, m, g); };
      double expected = before - at(Var::leavers) - at(Var::transfers_out) + at(Var::transfers_in) +
                        at(Var::joiners_domestic) + at(Var::joiners_international) +
                        at(Var::joiners_pipeline);
      REQUIRE_THAT(at(Var::headcount),
                   WithinRel(expected, 1e-9) || Catch::Matchers::WithinAbs(expected, 1e-9));
      before = at(Var::headcount);
    }
  }
}

}  // namespace

TEST_CASE("pure retention decays as H0 (1 - r)^(t/12)", "[engine][supply]") {
  Model m = tiny_model();
  int g = add_group(m, "nurse", 1000);
  set_leaver_rate(m, g, 0.1);
  Run r = run(m);
  for (int month : {0, 5, 11, 23, 59})
    REQUIRE_THAT(r.monthly.at(Var::headcount, month, g),
                 WithinRel(1000 * std::pow(0.9, (month + 1) / 12.0), 1e-12));
  // Twelve months compound exactly to the annual rate.
  REQUIRE_THAT(r.annual.at(kHeadcountAtYearEnd, 0, g), WithinRel(900.0, 1e-12));
  REQUIRE_THAT(r.annual.at(index_of(Var::leavers), 0, g), WithinRel(100.0, 1e-12));
  REQUIRE_THAT(r.annual.at(index_of(Var::leavers), 1, g), WithinRel(90.0, 1e-12));
  require_conservation(r);
}

TEST_CASE("joiners against leavers converge to the discrete steady state", "[engine][supply]") {
  // H_{m+1} = H_m (1 - p) + J/12, so H* = J / (12 p) and
  // H_m = H* + (H0 - H*) (1 - p)^(m+1) at the end of month m.
  Model m = tiny_model(10);
  int g = add_group(m, "hcsw", 500);
  set_leaver_rate(m, g, 0.2);
  JoinerFlow j;
  j.id = "domestic";
  j.group = g;
  j.per_year = flat(m, 240);
  j.age_profile = {1.0};
  m.joiners.push_back(j);
  Run r = run(m);
  const double p = monthly_p(0.2);
  const double steady = 240 / (12 * p);
  for (int month : {0, 1, 30, 119}) {
    double expected = steady + (500 - steady) * std::pow(1 - p, month + 1);
    REQUIRE_THAT(r.monthly.at(Var::headcount, month, g), WithinRel(expected, 1e-10));
  }
  REQUIRE_THAT(r.monthly.at(Var::joiners_domestic, 7, g), WithinRel(20.0, 1e-12));
  require_conservation(r);
}

TEST_CASE("a joining rate brings rate/12 of the start-of-month stock", "[engine][supply]") {
  Model m = tiny_model(1);
  int g = add_group(m, "ahp", 1200);
  JoinerFlow j;
  j.id = "returners";
  j.group = g;
  j.by_rate = true;
  j.rate = flat(m, 0.06);
  j.age_profile = {1.0};
  m.joiners.push_back(j);
  Run r = run(m);
  // No leavers: each month adds 0.5 % of the stock at its start.
  REQUIRE_THAT(r.monthly.at(Var::joiners_domestic, 0, g), WithinRel(6.0, 1e-12));
  REQUIRE_THAT(r.monthly.at(Var::headcount, 11, g), WithinRel(1200 * std::pow(1.005, 12), 1e-12));
}

TEST_CASE("international recruits arrive lag months later, times the arrival year's success",
          "[engine][supply]") {
  Model m = tiny_model();
  int g = add_group(m, "nurse", 100);
  InternationalFlow f;
  f.id = "ir";
  f.group = g;
  f.per_year = {0, 120, 0, 0, 0};  // 10 a month, committed in plan year 1 only
  f.lag_months = 3;
  f.success_rate = {1.0, 0.9, 0.5, 1.0, 1.0};
  f.age_profile = {1.0};
  m.international.push_back(f);
  Run r = run(m);
  // Commitments in months 12..23 arrive in months 15..26; those arriving in
  // plan year 1 (months 15..23) succeed at 0.9, in year 2 (24..26) at 0.5.
  for (int month = 0; month < 60; ++month) {
    double expected = month >= 15 && month <= 23 ? 9.0 : month >= 24 && month <= 26 ? 5.0 : 0.0;
    REQUIRE_THAT(r.monthly.at(Var::joiners_international, month, g),
                 Catch::Matchers::WithinAbs(expected, 1e-12));
  }
  REQUIRE(r.monthly.at(Var::headcount, 59, g) == Approx(100 + 9 * 9 + 3 * 5).epsilon(1e-12));
}

TEST_CASE("international steady start: commitments before month 0 arrive from month 0",
          "[engine][supply]") {
  Model m = tiny_model(2);
  int g = add_group(m, "nurse", 0);
  InternationalFlow f;
  f.id = "ir";
  f.group = g;
  f.per_year = {60, 0};
  f.lag_months = 6;
  f.success_rate = flat(m, 0.5);
  f.age_profile = {1.0};
  m.international.push_back(f);
  Run r = run(m);
  // Months 0..5 bring commitments made before the start at the year-0 volume;
  // months 6..17 bring year-0 commitments; year-1 commitments are zero.
  for (int month = 0; month < 24; ++month)
    REQUIRE(r.monthly.at(Var::joiners_international, month, g) == Approx(month < 18 ? 2.5 : 0.0));
}

TEST_CASE("a 36-month degree delivers in September with attrition and a steady start",
          "[engine][pipeline]") {
  Model m = tiny_model();
  int g = add_group(m, "nurse", 1000);
  Pipeline p;
  p.id = "degree";
  p.into = g;
  p.intake_per_year = {100, 200, 300, 400, 500};
  p.intake_month = 9;  // September: month index 5 from April 2019
  p.duration_months = 36;
  p.attrition_rate = flat(m, 0.08);
  p.joining_rate = flat(m, 0.7);
  p.age_profile = {1.0};
  m.pipelines.push_back(p);
  Run r = run(m);
  const double completers = 100 * std::pow(0.92, 3);  // (1 - a)^(D/12)
  // Steady start: the 2016, 2017 and 2018 cohorts (at the year-0 volume)
  // complete in Septembers 2019, 2020 and 2021; the September 2019 intake
  // (100) in September 2022 (month 41), the 2020 intake (200) in month 53.
  for (int month = 0; month < 60; ++month) {
    double expected = 0;
    if (month == 5 || month == 17 || month == 29 || month == 41) expected = 0.7 * completers;
    if (month == 53) expected = 0.7 * 2 * completers;
    REQUIRE_THAT(r.monthly.at(Var::joiners_pipeline, month, g),
                 Catch::Matchers::WithinAbs(expected, 1e-9));
  }
  // In training at the end of April 2019: the cohorts of September 2018,
  // 2017 and 2016, with 8, 20 and 32 months of attrition.
  const double keep = 1 - monthly_p(0.08);
  double in_training = 100 * (std::pow(keep, 8) + std::pow(keep, 20) + std::pow(keep, 32));
  REQUIRE_THAT(r.monthly.in_training[0], WithinRel(in_training, 1e-12));
  // End of September 2019 (month 5): the 2016 cohort has left, the new one
  // has had one month.
  in_training = 100 * (std::pow(keep, 1) + std::pow(keep, 13) + std::pow(keep, 25));
  REQUIRE_THAT(r.monthly.in_training[5], WithinRel(in_training, 1e-12));
  require_conservation(r);
}

TEST_CASE("an apprenticeship moves staff from one group to another and conserves headcount",
          "[engine][pipeline]") {
  Model m = tiny_model();
  int hcsw = add_group(m, "hcsw", 1000);
  int na = add_group(m, "nursing_associate", 50);
  Pipeline p = apprenticeship(m, "na_apprenticeship", hcsw, na, 60, 24);
  p.intake_month = 1;  // January: month index 9
  p.productive_share = flat(m, 0.5);
  m.pipelines.push_back(p);
  Run r = run(m);
  // In flight at the start: the January 2018 and 2019 intakes, not taken
  // from hcsw again.
  REQUIRE(r.monthly.in_training[0] == Approx(120));
  REQUIRE(r.monthly.at(Var::trainee_fte, 0, hcsw) == Approx(120));
  REQUIRE(r.monthly.at(Var::effective_fte, 0, hcsw) == Approx(1000 + 0.5 * 120));
  REQUIRE(r.monthly.at(Var::trainee_fte, 0, na) == 0);
  for (int month = 0; month < 60; ++month) {
    const bool january = month % 12 == 9;
    REQUIRE(r.monthly.at(Var::transfers_out, month, hcsw) == Approx(january ? 60 : 0));
    REQUIRE(r.monthly.at(Var::transfers_in, month, na) == Approx(january ? 60 : 0));
    // Staff plus trainees stay at 1,170 people.
    double total = r.monthly.at(Var::headcount, month, hcsw) +
                   r.monthly.at(Var::headcount, month, na) + r.monthly.in_training[month];
    REQUIRE(total == Approx(1170).epsilon(1e-12));
  }
  REQUIRE(r.monthly.at(Var::headcount, 59, na) == Approx(50 + 5 * 60));
  REQUIRE(r.monthly.at(Var::headcount, 59, hcsw) == Approx(1000 - 5 * 60));
  require_conservation(r);
}

TEST_CASE("an internal intake never takes more than the group holds", "[engine][pipeline]") {
  Model m = tiny_model(1);
  int from = add_group(m, "hcsw", 10);
  int into = add_group(m, "nursing_associate", 0);
  m.pipelines.push_back(apprenticeship(m, "route", from, into, 240, 12));  // 20 a month
  Run r = run(m);
  REQUIRE(r.monthly.at(Var::transfers_out, 0, from) == Approx(10));
  REQUIRE(r.monthly.at(Var::headcount, 0, from) == 0);
  REQUIRE(r.monthly.at(Var::transfers_out, 1, from) == 0);
}

TEST_CASE("ageing moves 1/(12 w) of survivors up a band each month; the last band keeps its staff",
          "[engine][supply]") {
  Model m = tiny_model(1, 2);
  int g = add_group(m, "gp", 1200);
  m.groups[g].age_profile = {1.0, 0.0};
  Run r = run(m);
  // Band width 10 years: 1/120 of the young band moves each month.
  REQUIRE(r.monthly.headcount_by_age[0] == Approx(1200 * (1 - 1.0 / 120)));
  REQUIRE(r.monthly.headcount_by_age[1] == Approx(10));
  REQUIRE(r.monthly.headcount_by_age[11 * 2 + 0] == Approx(1200 * std::pow(1 - 1.0 / 120, 12)));
  REQUIRE(r.monthly.at(Var::headcount, 11, g) == Approx(1200));
}

TEST_CASE("leavers by age band use each band's rate", "[engine][supply]") {
  Model m = tiny_model(1, 2);
  int g = add_group(m, "consultant", 1000);
  m.groups[g].age_profile = {0.0, 1.0};
  m.groups[g].leaver_rate = {0.05, 0.25};  // [year][band]
  Run r = run(m);
  REQUIRE(r.annual.at(kHeadcountAtYearEnd, 0, g) == Approx(750));
}

TEST_CASE("an apprenticeship's productive share changes year by year",
          "[engine][pipeline][per_year]") {
  Model m = tiny_model(2);
  int hcsw = add_group(m, "hcsw", 1000);
  int na = add_group(m, "nursing_associate", 50);
  Pipeline p = apprenticeship(m, "na_apprenticeship", hcsw, na, 60, 24);
  p.intake_month = 1;
  p.productive_share = {0.5, 0.2};
  m.pipelines.push_back(p);
  Run r = run(m);
  // 120 trainees in flight at the start (two January intakes) and still in
  // April 2020, when the January 2018 cohort has gone and 2020's has come:
  // half of them count in 2019/20, a fifth in 2020/21.
  REQUIRE(r.monthly.in_training[0] == Approx(120));
  REQUIRE(r.monthly.at(Var::effective_fte, 0, hcsw) == Approx(1000 + 0.5 * 120));
  REQUIRE(r.monthly.in_training[12] == Approx(120));
  const double staff = r.monthly.at(Var::fte, 12, hcsw);
  REQUIRE(r.monthly.at(Var::effective_fte, 12, hcsw) == Approx(staff + 0.2 * 120));
}
