// extends and include (SCENARIO.md "Layering"): key overrides, arrays of
// tables merged by id, append, remove, includes under the file, long data
// series cut to the plan, and cycles.

#include <catch2/catch.hpp>

#include "scenario/load.h"

using namespace wfsim;

namespace {

std::vector<std::string> messages(const LoadResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.format());
  return out;
}

const StaffGroup* group(const Model& m, const std::string& id) {
  for (const auto& g : m.groups)
    if (g.id == id) return &g;
  return nullptr;
}

}  // namespace

TEST_CASE("extends: override by id, append, remove, include under the file",
          "[scenario][layering]") {
  const LoadResult r = load_scenario("tests/scenarios/layering/stress.toml");
  INFO(Catch::Detail::stringify(messages(r)));
  REQUIRE(r.ok());
  const Model& m = *r.model;
  CHECK(m.file == "tests/scenarios/layering/stress.toml");
  CHECK(m.name == "Stress: more leavers");  // key override
  CHECK(m.seed == 11);                      // inherited
  CHECK(m.years == 2);

  // admin removed, physio appended after the inherited groups.
  REQUIRE(m.groups.size() == 3);
  CHECK(m.groups[0].id == "nurse");
  CHECK(m.groups[1].id == "hcsw");
  CHECK(m.groups[2].id == "physio");
  CHECK(group(m, "admin") == nullptr);

  const StaffGroup& nurse = m.groups[0];
  CHECK(nurse.leaver_rate == std::vector<double>{0.15, 0.15});  // overridden
  CHECK(nurse.headcount == 100);                                // kept from the base
  CHECK(nurse.sickness_rate == PerYear{0.05, 0.05});
  // Its source position is still the base file's [[staff_group]].
  CHECK(nurse.where.file == "tests/scenarios/layering/base.toml");
  CHECK(nurse.where.line == 11);
  CHECK(m.groups[2].where.file == "tests/scenarios/layering/stress.toml");

  // [defaults]: the include's on_cost 0.2 goes over the base's 0.1; the
  // file's own productive hours (1600) win over the include's 1500.
  CHECK(nurse.on_cost == 0.2);
  CHECK(nurse.productive_hours_per_fte == PerYear{1600, 1600});
  // A 5-value uplift series from the data file, cut to the 2-year plan.
  CHECK(nurse.uplift == PerYear{0, 0.03});
  CHECK(nurse.cost_per_fte_gbp[1] == Catch::Detail::Approx(30'000 * 1.2 * 1.03));

  // The activity's inline table merged key by key (the base's key order).
  REQUIRE(m.activities.size() == 1);
  CHECK(m.activities[0].hours_per_unit == std::vector<std::pair<int, double>>{{0, 1.2}, {1, 0.5}});

  // The resolved document has the merge applied and no extends/include.
  CHECK(m.resolved_toml.get().find("extends") == std::string::npos);
  CHECK(m.resolved_toml.get().find("include") == std::string::npos);
  CHECK(m.resolved_toml.get().find("admin") == std::string::npos);
  CHECK(m.resolved_toml.get().find("id = 'physio'") != std::string::npos);
  CHECK(m.resolved_toml.get().find("remove") == std::string::npos);
}

TEST_CASE("load_scenario_text anchors relative paths at the named file", "[scenario][layering]") {
  const LoadResult r = load_scenario_text(R"(
[scenario]
extends = "base.toml"
years = 3

[[staff_group]]
id = "hcsw"
leaver_rate = [0.2, 0.25, 0.3]
)",
                                          "tests/scenarios/layering/in_memory.toml");
  INFO(Catch::Detail::stringify(messages(r)));
  REQUIRE(r.ok());
  CHECK(r.model->name == "Base plan");
  CHECK(r.model->years == 3);
  CHECK(r.model->groups[1].leaver_rate == std::vector<double>{0.2, 0.25, 0.3});
  CHECK(r.model->groups.size() == 3);
}

TEST_CASE("the resolved scenario cuts long data series and loads as the same plan",
          "[scenario][layering]") {
  // The data file holds five uplift values; a three-year plan
  // uses the first three, and so must its resolved text, which is no
  // longer a data file.
  const LoadResult r = load_scenario_text(R"(
[scenario]
name = "Three years"
years = 3
include = ["../../../data/planning-assumptions-2019.toml"]

[[staff_group]]
id = "nurse"
headcount = 100
leaver_rate = 0.1
sickness_rate = 0.04
band_mix = { band_5 = 1 }
funded_fte = 100
)",
                                          "tests/scenarios/layering/three_years.toml");
  INFO(Catch::Detail::stringify(messages(r)));
  REQUIRE(r.ok());
  const StaffGroup& nurse = r.model->groups[0];
  CHECK(nurse.uplift == std::vector<double>{0.0, 0.029, 0.028});

  const LoadResult again = load_scenario_text(r.model->resolved_toml.get(), "resolved.toml");
  INFO(Catch::Detail::stringify(messages(again)));
  REQUIRE(again.ok());
  CHECK(again.model->years == 3);
  CHECK(again.model->groups[0].uplift == nurse.uplift);
  CHECK(again.model->groups[0].cost_per_fte_gbp == nurse.cost_per_fte_gbp);
  CHECK(again.model->resolved_toml.get() == r.model->resolved_toml.get());
}

TEST_CASE("a series from the scenario itself must match the plan length", "[scenario][layering]") {
  // The same 5-value series is an error when written in the scenario.
  const LoadResult r = load_scenario_text(R"(
[scenario]
extends = "base.toml"

[uplift]
afc = [0.0, 0.03, 0.02, 0.02, 0.02]
)",
                                          "tests/scenarios/layering/long.toml");
  CHECK(messages(r) ==
        std::vector<std::string>{
            "tests/scenarios/layering/long.toml:6:7: uplift.afc: expected 2 values (one per "
            "plan year), got 5"});
}

TEST_CASE("extends and include cycles name the chain", "[scenario][layering]") {
  CHECK(messages(load_scenario("tests/bad/extends_cycle.toml")) ==
        std::vector<std::string>{
            "tests/bad/support/cycle_b.toml:3:11: scenario.extends: extends cycle: "
            "tests/bad/extends_cycle.toml -> tests/bad/support/cycle_b.toml -> "
            "tests/bad/extends_cycle.toml"});
  CHECK(messages(load_scenario("tests/bad/include_cycle.toml")) ==
        std::vector<std::string>{
            "tests/bad/support/loop.toml:2:12: scenario.include[0]: include cycle: "
            "tests/bad/include_cycle.toml -> tests/bad/support/loop.toml -> "
            "tests/bad/include_cycle.toml"});
}
