// A small valid scenario lands exactly in the Model: per-year expansion,
// defaults, band-mix pricing with on-cost, funded/budget derivation,
// uplift and the leaver_rate_by_age override (SCENARIO.md, MODEL.md 9).

#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <thread>

#include "model/targets.h"
#include "scenario/load.h"

using namespace wfsim;
using Catch::Detail::Approx;

namespace {

const Model& small() {
  static const LoadResult loaded = load_scenario("tests/scenarios/load/small.toml");
  for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(d.format());
  REQUIRE(loaded.ok());
  return *loaded.model;
}

}  // namespace

TEST_CASE("scenario, system and age bands", "[scenario]") {
  const Model& m = small();
  CHECK(m.name == "Small plan");
  CHECK(m.file == "tests/scenarios/load/small.toml");
  CHECK(m.start_year == 2020);
  CHECK(m.start_month == 4);
  CHECK(m.years == 3);
  CHECK(m.seed == 7);
  CHECK(m.replicates == 10);
  CHECK(m.system_id == "small_ics");
  CHECK(m.system_name == "Small ICS");
  CHECK(m.population == 250'000);
  CHECK(m.default_tolerance == 0.05);
  REQUIRE(m.has_age_bands);
  REQUIRE(m.bands() == 2);
  CHECK(m.age_bands[0].id == "under_30");
  CHECK(m.age_bands[0].from_years == 20);
  CHECK(m.age_bands[0].to_years == 30);
  CHECK(m.age_bands[1].id == "age_30_plus");
  CHECK(m.age_bands[1].from_years == 30);
  CHECK(std::isinf(m.age_bands[1].to_years));
}

TEST_CASE("staff groups: per-year expansion, defaults and age profiles", "[scenario]") {
  const Model& m = small();
  REQUIRE(m.groups.size() == 2);
  const StaffGroup& nurse = m.groups[0];
  CHECK(nurse.id == "nurse");
  CHECK(nurse.name == "Nurses");
  CHECK(nurse.where.file == "tests/scenarios/load/small.toml");
  CHECK(nurse.where.line == 30);
  CHECK(nurse.headcount == 100);
  CHECK(nurse.fte_per_head == PerYear{0.9, 0.8, 0.8});
  CHECK(nurse.age_profile == std::vector<double>{0.25, 0.75});
  CHECK(nurse.joiner_age_profile == std::vector<double>{0.25, 0.75});  // defaults to age_profile
  // [year * bands + band]: under_30 overridden to 0.2 in every year.
  CHECK(nurse.leaver_rate == std::vector<double>{0.2, 0.1, 0.2, 0.12, 0.2, 0.14});
  CHECK(nurse.leaver_rate_by_age == std::vector<bool>{true, false});
  CHECK(nurse.sickness_rate == PerYear{0.05, 0.05, 0.05});
  CHECK(nurse.sickness_profile == kFlatSickness);
  CHECK(nurse.pay_system == PaySystem::afc);
  CHECK(nurse.on_cost == 0.25);                                        // from [defaults]
  CHECK(nurse.tolerance == 0.05);                                      // from [defaults]
  CHECK(nurse.productive_hours_per_fte == PerYear{1650, 1650, 1650});  // built-in default

  const StaffGroup& doctor = m.groups[1];
  CHECK(doctor.name == "doctor");  // defaults to the id
  CHECK(doctor.fte_per_head == PerYear{1, 1, 1});
  CHECK(doctor.age_profile == std::vector<double>{0.5, 0.5});  // spread evenly
  CHECK(doctor.leaver_rate == std::vector<double>(6, 0.05));
  CHECK(doctor.leaver_rate_by_age.empty());
  CHECK(doctor.sickness_rate == PerYear{0, 0, 0});
  CHECK(doctor.sickness_profile[0] == 1.1);
  CHECK(doctor.sickness_profile[1] == 0.9);
  CHECK(doctor.pay_system == PaySystem::other);
  CHECK(doctor.on_cost == 0.2);  // its own value wins over [defaults]
  CHECK(doctor.tolerance == 0.1);
  CHECK(doctor.productive_hours_per_fte == PerYear{1500, 1500, 1500});
}

TEST_CASE("pay: band mix priced from data, on-cost, uplift, funded and budget derived",
          "[scenario]") {
  const Model& m = small();
  const StaffGroup& nurse = m.groups[0];
  // 0.5 * 24,000 + 0.5 * 32,000 = 28,000; * 1.25 on-cost = 35,000;
  // afc uplift [0, 0.03, 0.02] (the data series is cut to 3 years).
  CHECK(nurse.basic_pay_gbp == 28'000);
  CHECK(nurse.uplift == PerYear{0, 0.03, 0.02});
  REQUIRE(nurse.cost_per_fte_gbp.size() == 3);
  CHECK(nurse.cost_per_fte_gbp[0] == Approx(35'000));
  CHECK(nurse.cost_per_fte_gbp[1] == Approx(36'050));
  CHECK(nurse.cost_per_fte_gbp[2] == Approx(36'771));
  // The nurse sets pay_budget_gbp, so the [defaults] funded_fte does not apply.
  CHECK_FALSE(nurse.funded_fte_input.has_value());
  REQUIRE(nurse.pay_budget_gbp_input.has_value());
  CHECK(nurse.budget_gbp == PerYear{3e6, 3e6, 3e6});
  CHECK(nurse.funded_fte[0] == Approx(3e6 / 35'000));
  CHECK(nurse.funded_fte[2] == Approx(3e6 / 36'771));

  const StaffGroup& doctor = m.groups[1];
  // 100,000 * 1.2 = 120,000; other uplift [0, 0.01, 0.01].
  CHECK(doctor.basic_pay_gbp == 100'000);
  CHECK(doctor.cost_per_fte_gbp[0] == Approx(120'000));
  CHECK(doctor.cost_per_fte_gbp[1] == Approx(121'200));
  CHECK(doctor.cost_per_fte_gbp[2] == Approx(122'412));
  CHECK(doctor.funded_fte == PerYear{50, 50, 50});  // from [defaults]
  CHECK(doctor.budget_gbp[0] == Approx(6e6));
  CHECK(doctor.budget_gbp[2] == Approx(50 * 122'412.0));
}

TEST_CASE("flows and demand", "[scenario]") {
  const Model& m = small();
  REQUIRE(m.joiners.size() == 1);
  const JoinerFlow& returners = m.joiners[0];
  CHECK(returners.id == "nurse_returners");
  CHECK(returners.group == 0);
  CHECK(returners.by_rate);
  CHECK(returners.rate == PerYear{0.05, 0.05, 0.05});
  CHECK(returners.age_profile == std::vector<double>{0.25, 0.75});  // the group's joiner profile
  CHECK(returners.month_profile == kEvenMonths);  // a rate follows the stock instead

  REQUIRE(m.international.size() == 1);
  CHECK(m.international[0].per_year == PerYear{10, 20, 30});
  CHECK(m.international[0].lag_months == 3);
  CHECK(m.international[0].success_rate == PerYear{1, 1, 1});
  CHECK(m.international[0].age_profile == std::vector<double>{0, 1});
  CHECK(m.international[0].month_profile[0] == 0.5);
  CHECK(m.international[0].month_profile[2] == 0);

  REQUIRE(m.pipelines.size() == 2);
  const Pipeline& degree = m.pipelines[0];
  CHECK(degree.from == -1);
  CHECK(degree.while_training == -1);
  CHECK(degree.into == 0);
  CHECK(degree.intake_per_year == PerYear{30, 30, 30});
  CHECK(degree.intake_month == 9);
  CHECK(degree.duration_months == 36);
  CHECK(degree.attrition_rate == PerYear{0.1, 0.1, 0.1});
  CHECK(degree.joining_rate == PerYear{1, 1, 1});
  CHECK_FALSE(degree.employed);
  CHECK(degree.productive_share == PerYear{1, 1, 1});
  const Pipeline& conversion = m.pipelines[1];
  CHECK(conversion.from == 0);
  CHECK(conversion.while_training == 0);  // defaults to from
  CHECK(conversion.into == 1);
  CHECK(conversion.intake_month == 0);  // monthly
  CHECK(conversion.employed);
  CHECK(conversion.productive_share == PerYear{0.5, 0.5, 0.5});
  CHECK(conversion.age_profile == std::vector<double>{0.5, 0.5});  // the doctors' profile

  REQUIRE(m.activities.size() == 2);
  const Activity& beds = m.activities[0];
  CHECK(beds.name == "bed_days");
  CHECK_FALSE(beds.per_year.has_value());
  CHECK(beds.base == 100'000);
  CHECK(beds.growth == PerYear{0, 0.1, 0.05});
  CHECK(beds.volume[0] == Approx(100'000));
  CHECK(beds.volume[1] == Approx(110'000));
  CHECK(beds.volume[2] == Approx(115'500));
  // File order, not the alphabetical order of the keys.
  REQUIRE(beds.hours_per_unit.size() == 2);
  CHECK(beds.hours_per_unit[0] == std::pair<int, double>{0, 1.5});
  CHECK(beds.hours_per_unit[1] == std::pair<int, double>{1, 0.25});
  CHECK(m.activities[1].volume == PerYear{0, 1000, 2000});

  REQUIRE(m.activity_shifts.size() == 1);
  CHECK(m.activity_shifts[0].from == 0);
  CHECK(m.activity_shifts[0].to == 1);
  CHECK(m.activity_shifts[0].share == PerYear{0, 0.05, 0.1});
  REQUIRE(m.establishments.size() == 1);
  CHECK(m.establishments[0].group == 0);
  CHECK(m.establishments[0].fte == PerYear{5, 5, 5});

  REQUIRE(m.productivity_gain.size() == 2);
  CHECK(m.productivity_gain[0] == PerYear{0.01, 0.01, 0.01});
  CHECK(m.productivity_gain[1] == PerYear{0, 0, 0});
  CHECK(m.productivity_factor[0][2] == Approx(0.99 * 0.99));

  REQUIRE(m.skill_mix.size() == 1);
  CHECK(m.skill_mix[0].from == 0);
  CHECK(m.skill_mix[0].to == 1);
  CHECK(m.skill_mix[0].ratio == PerYear{0.5, 0.5, 0.5});
  CHECK(m.skill_mix[0].where.line == 109);
  CHECK(m.skill_mix_order == std::vector<int>{0, 1});

  CHECK(m.temporary_staffing.enabled);
  CHECK(m.temporary_staffing.max_cover == PerYear{0.1, 0.1, 0.1});
  CHECK(m.temporary_staffing.bank_share == PerYear{0.6, 0.6, 0.6});
  CHECK(m.temporary_staffing.bank_premium == PerYear{0, 0, 0});
  CHECK(m.temporary_staffing.agency_premium == PerYear{0.5, 0.5, 0.5});
}

TEST_CASE("assertions, uncertainty and sweeps", "[scenario]") {
  const Model& m = small();
  REQUIRE(m.assertions.size() == 2);
  const Assertion& gap = m.assertions[0];
  CHECK(gap.id == "nurse_gap");
  CHECK(gap.metric == "workforce_gap_fte");
  CHECK(gap.flag.empty());
  CHECK(gap.group == 0);
  CHECK(gap.year == 1);  // 2021/22 in a plan starting 2020/21
  CHECK(gap.stat == "p90");
  CHECK(gap.max == 5);
  CHECK_FALSE(gap.min.has_value());
  const Assertion& spend = m.assertions[1];
  CHECK(spend.flag == "overspend");
  CHECK(spend.metric.empty());
  CHECK(spend.group == -1);  // default "all"
  CHECK(spend.year == -1);   // default "any"
  CHECK(spend.stat == "mean");
  CHECK(spend.max == 0.1);

  CHECK(m.stochastic_flows);
  REQUIRE(m.uncertainty.size() == 1);
  CHECK(m.uncertainty[0].target == "staff_group.nurse.sickness_rate");
  CHECK(m.uncertainty[0].dist == Distribution::triangular);
  CHECK(m.uncertainty[0].p1 == 0.04);
  CHECK(m.uncertainty[0].p2 == 0.05);
  CHECK(m.uncertainty[0].p3 == 0.07);
  CHECK(m.uncertainty[0].per_year);
  REQUIRE(m.sweeps.size() == 1);
  CHECK(m.sweeps[0].target == "international.nurse_ir.per_year");
  CHECK(m.sweeps[0].values == std::vector<double>{0, 50});
}

TEST_CASE("defaults when keys are absent", "[scenario]") {
  const LoadResult r = load_scenario_text(R"(
[scenario]
name = "Bare"

[[staff_group]]
id = "nurse"
headcount = 10
leaver_rate = 0
sickness_rate = 0
cost_per_fte = 1000
funded_fte = [1, 2, 3, 4, 5]
)",
                                          "bare.toml");
  for (const auto& d : r.diagnostics) UNSCOPED_INFO(d.format());
  REQUIRE(r.ok());
  const Model& m = *r.model;
  CHECK(m.start_year == 2019);
  CHECK(m.start_month == 4);
  CHECK(m.years == 5);
  CHECK(m.seed == 0);
  CHECK(m.replicates == 1);
  CHECK_FALSE(m.has_age_bands);
  REQUIRE(m.bands() == 1);
  CHECK(m.age_bands[0].id == "all");
  CHECK(m.default_tolerance == 0.02);
  const StaffGroup& g = m.groups[0];
  CHECK(g.tolerance == 0.02);
  CHECK(g.on_cost == 0);
  CHECK(g.uplift == PerYear(5, 0.0));  // no [uplift] table: no uplift
  CHECK(g.cost_per_fte_gbp == PerYear(5, 1000.0));
  CHECK(g.budget_gbp == PerYear{1000, 2000, 3000, 4000, 5000});
  CHECK(g.age_profile == std::vector<double>{1});
  CHECK_FALSE(m.temporary_staffing.enabled);
  CHECK_FALSE(m.stochastic_flows);
  CHECK(m.productivity_gain == std::vector<PerYear>{PerYear(5, 0.0)});
  // The resolved document is the file itself here, as toml++ writes it.
  CHECK(m.resolved_toml.get().find("name = 'Bare'") != std::string::npos);
}

TEST_CASE("the resolved scenario is printed once, when first asked for, and shared by copies",
          "[scenario][resolved]") {
  std::atomic<int> made{0};
  const LazyText text([&made] {
    ++made;
    return std::string("name = 'Lazy'\n");
  });
  CHECK(made == 0);  // loading alone prints nothing: validate and check never ask
  const LazyText copy = text;
  std::vector<std::thread> readers;
  std::vector<std::string> seen(4);
  for (int i = 0; i < 4; ++i)
    readers.emplace_back([&, i] { seen[i] = (i % 2 ? copy : text).get(); });
  for (auto& r : readers) r.join();
  CHECK(made == 1);
  CHECK(seen == std::vector<std::string>(4, "name = 'Lazy'\n"));
  CHECK(LazyText().get().empty());
}

TEST_CASE("phased inputs: productive hours, productive share, ratio and temporary staffing by year",
          "[scenario][per_year]") {
  const LoadResult loaded = load_scenario("tests/scenarios/per_year/phased.toml");
  for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(d.format());
  REQUIRE(loaded.ok());
  Model m = *loaded.model;
  CHECK(m.groups[0].productive_hours_per_fte == PerYear{1650, 1600, 1550});
  CHECK(m.groups[1].productive_hours_per_fte == PerYear{1650, 1650, 1650});  // the default
  CHECK(m.pipelines[0].productive_share == PerYear{0.5, 0.4, 0.3});
  CHECK(m.skill_mix[0].ratio == PerYear{1.2, 1.1, 1.0});
  CHECK(m.temporary_staffing.max_cover == PerYear{0.1, 0.08, 0.05});
  CHECK(m.temporary_staffing.bank_share == PerYear{0.6, 0.7, 0.8});
  CHECK(m.temporary_staffing.bank_premium == PerYear{0, 0, 0});
  CHECK(m.temporary_staffing.agency_premium == PerYear{0.5, 0.4, 0.3});

  // Each is a target of draws and sweeps, one slot per year.
  for (const char* target :
       {"staff_group.nurse.productive_hours_per_fte", "pipeline.apprentice.productive_share",
        "skill_mix.to_associate.ratio", "temporary_staffing.max_cover",
        "temporary_staffing.bank_share", "temporary_staffing.bank_premium",
        "temporary_staffing.agency_premium"}) {
    INFO(target);
    auto slots = resolve_target(m, target);
    REQUIRE(slots);
    CHECK_FALSE(slots->single);
    REQUIRE(slots->by_year.size() == 3);
    for (const auto& year : slots->by_year) CHECK(year.size() == 1);
  }
  auto hours = resolve_target(m, "staff_group.nurse.productive_hours_per_fte");
  *hours->by_year[2][0] = 1500;
  CHECK(m.groups[0].productive_hours_per_fte[2] == 1500);
  CHECK_FALSE(hours->range.contains(0));  // hours must stay positive
  CHECK(resolve_target(m, "temporary_staffing.max_cover")->is_share());
  CHECK_FALSE(resolve_target(m, "temporary_staffing.no_such_key"));
  REQUIRE(m.sweeps.size() == 1);
  CHECK(m.sweeps[0].target == "skill_mix.to_associate.ratio");
  REQUIRE(m.uncertainty.size() == 2);
}
