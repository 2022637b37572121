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

TEST_CASE("a joining rate applies to the stock before this month's leavers", "[engine][supply]") {
  // 6 % a year joins (0.5 % a month) and 10 % a year leaves (p a month):
  // H_{m+1} = H_m (1 - p) + 0.005 H_m, with the joiners of month m 0.005 H_m.
  Model m = tiny_model(1);
  int g = add_group(m, "ahp", 1200);
  set_leaver_rate(m, g, 0.1);
  JoinerFlow j;
  j.id = "returners";
  j.group = g;
  j.by_rate = true;
  j.rate = flat(m, 0.06);
  j.age_profile = {1.0};
  m.joiners.push_back(j);
  Run r = run(m);
  const double p = monthly_p(0.1), growth = 1 - p + 0.005;
  CHECK(r.monthly.at(Var::joiners_domestic, 0, g) == Approx(6.0).epsilon(1e-12));
  CHECK(r.monthly.at(Var::joiners_domestic, 5, g) ==
        Approx(0.005 * 1200 * std::pow(growth, 5)).epsilon(1e-12));
  CHECK(r.monthly.at(Var::headcount, 11, g) == Approx(1200 * std::pow(growth, 12)).epsilon(1e-12));
  require_conservation(r);
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

TEST_CASE(
    "ageing moves 1/(12 w) of survivors up a band each month, and the last band keeps its staff",
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

TEST_CASE("leaver rates are read by year and by band, [year * bands + band]", "[engine][supply]") {
  // Three years, two bands, six different rates, so that reading the table
  // as [band * years + year] would use another year's or band's rate.
  // "old" starts in the last band, which nobody leaves by ageing and nobody
  // enters (band 0 is empty): it keeps (1 - r) of its staff each year. "young"
  // starts in band 0, which loses its leavers, then 1/120 of the survivors
  // to ageing, each month: 1200 (1 - r) (119/120)^12 a year.
  Model m = tiny_model(3, 2);
  const int young = add_group(m, "young", 1200), old = add_group(m, "old", 1000);
  m.groups[young].age_profile = {1.0, 0.0};
  m.groups[old].age_profile = {0.0, 1.0};
  const std::vector<double> rates = {0.10, 0.20, 0.30, 0.40, 0.05, 0.50};  // y0b0 y0b1 y1b0 ...
  m.groups[young].leaver_rate = rates;
  m.groups[old].leaver_rate = rates;
  Run r = run(m);
  CHECK(r.annual.at(kHeadcountAtYearEnd, 0, old) == Approx(1000 * 0.8).epsilon(1e-12));
  CHECK(r.annual.at(kHeadcountAtYearEnd, 1, old) == Approx(1000 * 0.8 * 0.6).epsilon(1e-12));
  CHECK(r.annual.at(kHeadcountAtYearEnd, 2, old) == Approx(1000 * 0.8 * 0.6 * 0.5).epsilon(1e-12));
  const double ageing = std::pow(119.0 / 120, 12);
  auto young_band0 = [&](int month) { return r.monthly.headcount_by_age[(month * 2 + young) * 2]; };
  CHECK(young_band0(11) == Approx(1200 * 0.9 * ageing).epsilon(1e-12));
  CHECK(young_band0(23) == Approx(1200 * 0.9 * 0.7 * ageing * ageing).epsilon(1e-12));
  CHECK(young_band0(35) ==
        Approx(1200 * 0.9 * 0.7 * 0.95 * ageing * ageing * ageing).epsilon(1e-12));
  require_conservation(r);
}

TEST_CASE("ageing uses each band's own width", "[engine][supply]") {
  // Bands 20-25, 25-45 and 45-65: 1/60 of band 0 and 1/240 of band 1 move
  // up each month; the last band, closed or not, keeps its staff; nobody
  // leaves. From 1200 in band 0:
  // month 0: 1180, 20, 0;
  // month 1: 1180 (59/60), 20 (239/240) + 1180/60, 20/240.
  Model m = tiny_model(1, 1);
  m.has_age_bands = true;
  m.age_bands = {{"a", 20, 25}, {"b", 25, 45}, {"c", 45, 65}};
  const int g = add_group(m, "gp", 1200);
  m.groups[g].age_profile = {1.0, 0.0, 0.0};
  m.groups[g].leaver_rate.assign(3, 0.0);
  Run r = run(m);
  const auto& by_age = r.monthly.headcount_by_age;
  CHECK(by_age[0] == Approx(1180).epsilon(1e-12));
  CHECK(by_age[1] == Approx(20).epsilon(1e-12));
  CHECK(by_age[2] == 0);
  CHECK(by_age[3] == Approx(1180 * 59.0 / 60).epsilon(1e-12));
  CHECK(by_age[4] == Approx(20 * 239.0 / 240 + 1180.0 / 60).epsilon(1e-12));
  CHECK(by_age[5] == Approx(20.0 / 240).epsilon(1e-12));
  for (int month = 0; month < 12; ++month)
    CHECK(r.monthly.at(Var::headcount, month, g) == Approx(1200).epsilon(1e-12));
  require_conservation(r);
}

TEST_CASE("a monthly intake's steady start: cohorts in flight have had their months of attrition",
          "[engine][pipeline]") {
  // 120 a year (10 a month) in year 0, 240 (20 a month) in year 1, six months
  // long, 20 % attrition a year (k = 1 - p a month kept), every completer
  // joins. A cohort begun in month s completes in month s + 6 after six
  // months of attrition, 10 k^6 (those begun before the start, at the
  // year-0 volume, too); year-1 cohorts (months 12..) complete from month 18.
  Model m = tiny_model(2);
  const int g = add_group(m, "nurse", 0);
  Pipeline p = apprenticeship(m, "course", -1, g, 0, 6);
  p.while_training = -1;
  p.employed = false;
  p.intake_per_year = {120, 240};
  p.attrition_rate = flat(m, 0.2);
  m.pipelines.push_back(p);
  Run r = run(m);
  const double k = 1 - monthly_p(0.2);
  for (int month = 0; month < 24; ++month) {
    INFO("month " << month);
    CHECK(r.monthly.pipeline_started[month] == Approx(month < 12 ? 10 : 20));
    CHECK(r.monthly.at(Var::joiners_pipeline, month, g) ==
          Approx((month < 18 ? 10 : 20) * std::pow(k, 6)).epsilon(1e-12));
  }
  // In training at the end of month 0: this month's intake (one month of
  // attrition) and those begun in months -1..-5 (two to six).
  double in_training = 0;
  for (int months = 1; months <= 6; ++months) in_training += 10 * std::pow(k, months);
  CHECK(r.monthly.in_training[0] == Approx(in_training).epsilon(1e-12));
  require_conservation(r);
}

TEST_CASE("a once-a-year intake starts in its calendar month whatever month the plan starts",
          "[engine][pipeline]") {
  // The plan starts in January; September is month index 8 (and 20). A
  // year-long course with no attrition: the September cohort of the year
  // before the start completes in month 8, each intake twelve months on.
  for (int start : {1, 4, 10}) {
    INFO("plan starts in month " << start);
    Model m = tiny_model(2);
    m.start_month = start;
    const int g = add_group(m, "nurse", 0);
    Pipeline p = apprenticeship(m, "course", -1, g, 120, 12);
    p.while_training = -1;
    p.employed = false;
    p.intake_month = 9;
    m.pipelines.push_back(p);
    Run r = run(m);
    const int september = (9 - start + 12) % 12;  // January 8, April 5, October 11
    for (int month = 0; month < 24; ++month) {
      const bool in_september = month % 12 == september;
      INFO("month " << month);
      CHECK(r.monthly.pipeline_started[month] == (in_september ? 120 : 0));
      CHECK(r.monthly.at(Var::joiners_pipeline, month, g) == (in_september ? 120 : 0));
    }
  }
}
