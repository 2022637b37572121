// Effective supply, sickness and demand against closed forms
// (MODEL.md sections 4 and 5).

#include <catch2/catch.hpp>

#include "model_fixture.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

// An activity of `per_year` units needing `hours` of group g each; with
// 1,650 productive hours a year, 16,500 unit-hours a year is 10 FTE.
Activity activity(const Model& m, const std::string& id, double per_year, int g, double hours) {
  Activity a;
  a.id = a.name = id;
  a.base = per_year;
  a.growth = flat(m, 0.0);
  a.hours_per_unit = {{g, hours}};
  return a;
}

}  // namespace

TEST_CASE("sickness absence reduces effective supply with its month profile",
          "[engine][sickness]") {
  Model m = tiny_model(2);
  int g = add_group(m, "nurse", 100);
  m.groups[g].fte_per_head = flat(m, 0.8);
  m.groups[g].sickness_rate = {0.05, 0.04};
  m.groups[g].sickness_profile = {0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1};
  Run r = run(m);
  REQUIRE(r.monthly.at(Var::fte, 0, g) == Approx(80));
  REQUIRE(r.monthly.at(Var::effective_fte, 0, g) == Approx(80 * (1 - 0.05 * 0.9)));
  REQUIRE(r.monthly.at(Var::effective_fte, 9, g) == Approx(80 * (1 - 0.05 * 1.1)));
  REQUIRE(r.monthly.at(Var::effective_fte, 12, g) == Approx(80 * (1 - 0.04 * 0.9)));
  // The profile has mean 1, so the annual mean is the annual rate.
  REQUIRE(r.annual.at(index_of(Var::effective_fte), 1, g) == Approx(80 * 0.96));
  // Headcount does not change.
  REQUIRE(r.monthly.at(Var::headcount, 23, g) == Approx(100));
}

TEST_CASE("a per-year sickness profile applies in its own plan year only", "[engine][sickness]") {
  Model m = tiny_model(3);
  int g = add_group(m, "nurse", 100);
  m.groups[g].sickness_rate = flat(m, 0.06);
  const MonthProfile plan = {0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1};
  // Year 1: months 7 to 10 doubled, the rest scaled to keep the mean at 1.
  MonthProfile winter = plan;
  for (int month = 7; month <= 10; ++month) winter[month] *= 2;
  for (double& x : winter) x *= 12.0 / (12.0 + 4.4);
  m.groups[g].sickness_profile_by_year = {plan, winter, plan};
  Run r = run(m);
  for (int month = 0; month < 36; ++month) {
    const MonthProfile& p = month / 12 == 1 ? winter : plan;
    INFO("month " << month);
    REQUIRE(r.monthly.at(Var::effective_fte, month, g) ==
            Approx(100 * (1 - 0.06 * p[month % 12])).epsilon(1e-12));
  }
  // November 2020/21 (month 19) takes the doubled, rescaled multiplier; November 2021/22 the
  // plan's.
  REQUIRE(100 - r.monthly.at(Var::effective_fte, 19, g) == Approx(2 * 12 / 16.4 * 6 * 1.1));
  REQUIRE(100 - r.monthly.at(Var::effective_fte, 31, g) == Approx(6 * 1.1));
}

TEST_CASE("demand from activity with growth and productivity", "[engine][demand]") {
  Model m = tiny_model(3);
  int g = add_group(m, "physio", 10);
  Activity a = activity(m, "contacts", 16500, g, 1.0);
  a.growth = {0.0, 0.1, 0.1};
  m.activities.push_back(a);
  m.productivity_gain[g] = {0.0, 0.011, 0.011};
  Run r = run(m);
  // demand = volume/12 * hours * prod(1 - gain) / (1650/12)
  REQUIRE(r.monthly.at(Var::demand_fte, 0, g) == Approx(10));
  REQUIRE(r.monthly.at(Var::demand_fte, 12, g) == Approx(10 * 1.1 * 0.989));
  REQUIRE(r.annual.at(index_of(Var::demand_fte), 2, g) == Approx(10 * 1.21 * 0.989 * 0.989));
}

TEST_CASE("demand uses each group's productive hours, month profiles and fixed establishments",
          "[engine][demand]") {
  Model m = tiny_model(1);
  int g = add_group(m, "midwife", 10);
  m.groups[g].productive_hours_per_fte = flat(m, 1500);
  Activity a = activity(m, "births", 1200, g, 15);
  a.month_profile = {0.2, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.8};
  m.activities.push_back(a);
  m.establishments.push_back({"labour_ward_rota", g, flat(m, 4.0)});
  Run r = run(m);
  REQUIRE(r.monthly.at(Var::demand_fte, 0, g) == Approx(1200 * 0.2 * 15 / 125.0 + 4));
  REQUIRE(r.monthly.at(Var::demand_fte, 1, g) == Approx(4));
  REQUIRE(r.annual.at(index_of(Var::demand_fte), 0, g) == Approx(1200 * 15 / 1500.0 + 4));
}

TEST_CASE("activity shifts move a share of a line's current volume to another line's hours",
          "[engine][demand]") {
  Model m = tiny_model(2);
  int c = add_group(m, "consultant", 10);
  Activity f2f = activity(m, "followup_f2f", 16500, c, 1.0);
  Activity virt = activity(m, "followup_virtual", 0, c, 0.5);
  m.activities = {f2f, virt};
  m.activity_shifts.push_back({"virtual", 0, 1, {0.0, 0.33}});
  Run r = run(m);
  REQUIRE(r.monthly.at(Var::demand_fte, 0, c) == Approx(10));
  // A third of follow-ups go virtual at half the hours.
  REQUIRE(r.monthly.at(Var::demand_fte, 12, c) == Approx(10 * 0.67 + 10 * 0.33 * 0.5));
}

TEST_CASE("skill mix along a chain A -> B -> C in topological order", "[engine][skillmix]") {
  Model m = tiny_model(1);
  // Listed out of order so that file order is not topological order.
  int c = add_group(m, "c", 0);
  int b = add_group(m, "b", 0);
  int a = add_group(m, "a", 0);
  m.activities = {activity(m, "work_a", 16500 * 10, a, 1.0),
                  activity(m, "work_b", 16500 * 5, b, 1.0)};
  m.skill_mix.push_back({"b_to_c", {}, b, c, flat(m, 0.5), flat(m, 1.0)});
  m.skill_mix.push_back({"a_to_b", {}, a, b, flat(m, 0.2), flat(m, 0.5)});
  Run r = run(m);
  // A: 100 - 0.2 * 100 = 80. B: 50 + 0.2 * 0.5 * 100 = 60, then half to C.
  REQUIRE(r.monthly.at(Var::demand_fte, 0, a) == Approx(80));
  REQUIRE(r.monthly.at(Var::demand_fte, 0, b) == Approx(30));
  REQUIRE(r.monthly.at(Var::demand_fte, 0, c) == Approx(30));
}

TEST_CASE("skill-mix shares leaving one group all apply to its whole demand",
          "[engine][skillmix]") {
  Model m = tiny_model(1);
  int a = add_group(m, "gp", 0);
  int b = add_group(m, "fcp", 0);
  int c = add_group(m, "pharmacist", 0);
  m.activities = {activity(m, "appointments", 16500 * 10, a, 1.0)};
  m.establishments.push_back({"duty_doctor", a, flat(m, 20.0)});
  m.skill_mix.push_back({"to_fcp", {}, a, b, flat(m, 0.1), flat(m, 0.8)});
  m.skill_mix.push_back({"to_pharmacist", {}, a, c, flat(m, 0.25), flat(m, 1.2)});
  Run r = run(m);
  REQUIRE(r.monthly.at(Var::demand_fte, 0, a) == Approx(120 * 0.65));
  REQUIRE(r.monthly.at(Var::demand_fte, 0, b) == Approx(120 * 0.1 * 0.8));
  REQUIRE(r.monthly.at(Var::demand_fte, 0, c) == Approx(120 * 0.25 * 1.2));
}

TEST_CASE("a skill-mix cycle is reported with the groups on it", "[model][skillmix]") {
  Model m = tiny_model(1);
  int a = add_group(m, "a", 0);
  int b = add_group(m, "b", 0);
  int c = add_group(m, "c", 0);
  m.skill_mix.push_back({"ab", {"s.toml", 3, 1}, a, b, flat(m, 0.1), flat(m, 1.0)});
  m.skill_mix.push_back({"bc", {"s.toml", 9, 1}, b, c, flat(m, 0.1), flat(m, 1.0)});
  m.skill_mix.push_back({"ca", {"s.toml", 15, 1}, c, a, flat(m, 0.1), flat(m, 1.0)});
  auto problems = finalize_model(m);
  REQUIRE(problems.size() == 1);
  REQUIRE(problems[0].format() ==
          "s.toml:15:1: skill_mix.ca: skill-mix edges form a cycle: a -> b -> c -> a");
}

TEST_CASE("productive hours and a skill-mix ratio change year by year",
          "[engine][demand][per_year]") {
  // 16,500 unit-hours a year of group a: 10 FTE at 1,650 hours, 11 at 1,500.
  Model m = tiny_model(2);
  int a = add_group(m, "nurse", 10);
  int b = add_group(m, "nursing_associate", 0);
  m.groups[a].productive_hours_per_fte = {1650, 1500};
  m.activities.push_back(activity(m, "care", 16500, a, 1.0));
  // A fifth of the nurses' demand moves to associates, who need 1.25 FTE
  // per nurse FTE in 2019/20 and 1.1 in 2020/21.
  m.skill_mix.push_back({"to_na", {}, a, b, flat(m, 0.2), {1.25, 1.1}});
  Run r = run(m);
  REQUIRE(r.monthly.at(Var::demand_fte, 0, a) == Approx(10 * 0.8));
  REQUIRE(r.monthly.at(Var::demand_fte, 0, b) == Approx(10 * 0.2 * 1.25));
  REQUIRE(r.monthly.at(Var::demand_fte, 12, a) == Approx(11 * 0.8));
  REQUIRE(r.monthly.at(Var::demand_fte, 12, b) == Approx(11 * 0.2 * 1.1));
}

TEST_CASE("sickness applies to productive trainees too, and vacancies count staff in post",
          "[engine][sickness]") {
  // hcsw: 1000 staff at 0.8 FTE a head, 5 % sickness (an even profile), and
  // 120 employed apprentices in flight (60 a year, 24 months) counted at
  // half their FTE: effective = (800 + 0.5 x 120 x 0.8) x 0.95 = 805.6.
  // Funded 900 FTE: vacancies are funded less FTE in post, 900 - 800 = 100,
  // not less effective supply.
  Model m = tiny_model(1);
  const int hcsw = add_group(m, "hcsw", 1000);
  const int na = add_group(m, "nursing_associate", 0);
  m.groups[hcsw].fte_per_head = flat(m, 0.8);
  m.groups[hcsw].sickness_rate = flat(m, 0.05);
  m.groups[hcsw].funded_fte_input = flat(m, 900);
  Pipeline p = apprenticeship(m, "na_apprenticeship", hcsw, na, 60, 24);
  p.intake_month = 1;  // January: month index 9, so nobody moves in month 0
  p.productive_share = flat(m, 0.5);
  m.pipelines.push_back(p);
  Run r = run(m);
  CHECK(r.monthly.at(Var::fte, 0, hcsw) == Approx(800).epsilon(1e-12));
  CHECK(r.monthly.at(Var::trainee_fte, 0, hcsw) == Approx(96).epsilon(1e-12));
  CHECK(r.monthly.at(Var::effective_fte, 0, hcsw) == Approx(805.6).epsilon(1e-12));
  CHECK(r.monthly.at(Var::vacancy_fte, 0, hcsw) == Approx(100).epsilon(1e-12));
}
