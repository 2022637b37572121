// Broken scenarios (tests/bad): every problem reported word for word with
// file:line:column and key, by the library and by the program (exit 2, the
// messages on stderr, no output file, an existing one left untouched).

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "process.h"
#include "scenario/load.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

struct BadCase {
  std::string file;
  std::vector<std::string> messages;  // in file, line, column order
};

// clang-format off
const std::vector<BadCase> kBadCases = {
    {"tests/bad/age_band_gap.toml",
     {"tests/bad/age_band_gap.toml:12:8: age_band.age_30_39.from: must equal the previous band's to (25), got 30",
      "tests/bad/age_band_gap.toml:13:6: age_band.age_30_39.to: must be greater than from (30), got 29",
      "tests/bad/age_band_gap.toml:17:8: age_band.age_40_plus.from: must equal the previous band's to (29), got 40"}},
    {"tests/bad/age_profile_sum.toml",
     {"tests/bad/age_profile_sum.toml:21:15: staff_group.nurse.age_profile: shares sum to 0.9, not 1"}},
    {"tests/bad/assert_flag_stat.toml",
     {"tests/bad/assert_flag_stat.toml:18:8: assert.unmet.stat: not allowed with flag (a flag's figure is the share of replicates raising it)"}},
    {"tests/bad/assert_group.toml",
     {"tests/bad/assert_group.toml:13:1: assert.gap: one of max or min is required",
      "tests/bad/assert_group.toml:16:9: assert.gap.group: unknown staff group 'doctor'",
      "tests/bad/assert_group.toml:17:8: assert.gap.year: unknown plan year '2030/31' (the plan runs 2019/20 to 2023/24; or \"any\")",
      "tests/bad/assert_group.toml:18:8: assert.gap.stat: must be mean, min, max or p1 ... p99, got 'p100'"}},
    {"tests/bad/assert_metric.toml",
     {"tests/bad/assert_metric.toml:15:10: assert.gap.metric: unknown metric 'workforce_gap'"}},
    {"tests/bad/bad_ids.toml",
     {"tests/bad/bad_ids.toml:14:6: staff_group[1].id: must be lower-case snake_case ([a-z][a-z0-9_]*), got 'Nurse-Adult'",
      "tests/bad/bad_ids.toml:22:6: staff_group[2].id: duplicate id 'nurse' (first given at tests/bad/bad_ids.toml:6:6)"}},
    {"tests/bad/bad_start_years.toml",
     {"tests/bad/bad_start_years.toml:4:9: scenario.start: expected \"YYYY-MM\", got '2019-4'",
      "tests/bad/bad_start_years.toml:5:9: scenario.years: must be in [1, 100], got 0"}},
    {"tests/bad/band_mix_sum.toml",
     {"tests/bad/band_mix_sum.toml:11:12: staff_group.nurse.band_mix: shares sum to 0.9, not 1",
      "tests/bad/band_mix_sum.toml:19:28: staff_group.midwife.band_mix.band_9: unknown pay band 'band_9'"}},
    {"tests/bad/cycle_and_more.toml",
     {"tests/bad/cycle_and_more.toml:7:13: staff_group.nurse.headcount: must be >= 0, got -1",
      "tests/bad/cycle_and_more.toml:27:1: skill_mix.hcsw_to_nurse: skill-mix edges form a cycle: nurse -> hcsw -> nurse",
      "tests/bad/cycle_and_more.toml:36:6: skill_mix.to_nobody.to: unknown staff group 'physio'"}},
    {"tests/bad/defaults_rules.toml",
     {"tests/bad/defaults_rules.toml:7:6: defaults.id: not allowed in [defaults] (set it in each staff group)",
      "tests/bad/defaults_rules.toml:8:17: defaults.sickness_rate: expected 2 values (one per plan year), got 1"}},
    {"tests/bad/defaults_unused.toml",
     {"tests/bad/defaults_unused.toml:6:15: defaults.leaver_rate: must be in [0, 1], got 11",
      "tests/bad/defaults_unused.toml:7:16: defaults.fte_per_head: expected a number or an array of numbers, got a string",
      "tests/bad/defaults_unused.toml:8:20: defaults.sickness_profile: expected 12 values (one per month), got 1"}},
    {"tests/bad/extends_cycle.toml",
     {"tests/bad/support/cycle_b.toml:3:11: scenario.extends: extends cycle: tests/bad/extends_cycle.toml -> tests/bad/support/cycle_b.toml -> tests/bad/extends_cycle.toml"}},
    {"tests/bad/flows_rules.toml",
     {"tests/bad/flows_rules.toml:17:8: joiners.returners.rate: give per_year or rate, not both",
      "tests/bad/flows_rules.toml:19:1: activity.beds: one of per_year or base is required",
      "tests/bad/flows_rules.toml:26:6: activity_shift.same.to: must differ from from"}},
    {"tests/bad/fte_per_head.toml",
     {"tests/bad/fte_per_head.toml:13:17: staff_group.nurse.fte_per_head[0]: must be in (0, 1], got 0",
      "tests/bad/fte_per_head.toml:13:20: staff_group.nurse.fte_per_head[1]: must be in (0, 1], got 1.2"}},
    {"tests/bad/ignored_keys.toml",
     {"tests/bad/ignored_keys.toml:17:17: joiners.returners.month_profile: only allowed with per_year, not rate",
      "tests/bad/ignored_keys.toml:25:18: pipeline.degree.while_training: only allowed with employed = true",
      "tests/bad/ignored_keys.toml:26:20: pipeline.degree.productive_share: only allowed with employed = true"}},
    {"tests/bad/include_cycle.toml",
     {"tests/bad/support/loop.toml:2:12: scenario.include[0]: include cycle: tests/bad/include_cycle.toml -> tests/bad/support/loop.toml -> tests/bad/include_cycle.toml"}},
    {"tests/bad/many_problems.toml",
     {"tests/bad/many_problems.toml:5:1: scenario.seeds: unknown key (did you mean 'seed'?)",
      "tests/bad/many_problems.toml:9:13: staff_group.nurse.headcount: must be >= 0, got -5",
      "tests/bad/many_problems.toml:10:26: staff_group.nurse.leaver_rate[2]: must be in [0, 1], got 1.1",
      "tests/bad/many_problems.toml:11:17: staff_group.nurse.sickness_rate: expected a number or an array of numbers, got a string",
      "tests/bad/many_problems.toml:14:14: staff_group.nurse.pay_system: must be 'afc' or 'other', got 'nhs'",
      "tests/bad/many_problems.toml:19:10: activity.beds.growth: must be > -1, got -1.5",
      "tests/bad/many_problems.toml:20:31: activity.beds.hours_per_unit.doctor: unknown staff group 'doctor'"}},
    {"tests/bad/missing_include.toml",
     {"tests/bad/missing_include.toml:4:12: scenario.include[0]: cannot open included file 'missing.toml'"}},
    {"tests/bad/missing_name.toml",
     {"tests/bad/missing_name.toml:2:1: scenario.name: missing required key"}},
    {"tests/bad/missing_required.toml",
     {"tests/bad/missing_required.toml:5:1: staff_group.nurse.headcount: missing required key",
      "tests/bad/missing_required.toml:5:1: staff_group.nurse.sickness_rate: missing required key"}},
    {"tests/bad/missing_two.toml",
     {"tests/bad/missing_two.toml:4:11: scenario.extends: cannot open extended file 'no_such_base.toml'",
      "tests/bad/missing_two.toml:5:41: scenario.include[1]: cannot open included file 'no_such_data.toml'"}},
    {"tests/bad/misspelt_key.toml",
     {"tests/bad/misspelt_key.toml:5:1: staff_group.nurse.leaver_rate: missing required key",
      "tests/bad/misspelt_key.toml:8:1: staff_group.nurse.leaver_rat: unknown key (did you mean 'leaver_rate'?)"}},
    {"tests/bad/no_funding.toml",
     {"tests/bad/no_funding.toml:5:1: staff_group.nurse: one of band_mix or cost_per_fte is required",
      "tests/bad/no_funding.toml:5:1: staff_group.nurse: one of funded_fte or pay_budget_gbp is required"}},
    {"tests/bad/no_staff_group.toml",
     {"tests/bad/no_staff_group.toml:1:1: staff_group: at least one staff group is required"}},
    {"tests/bad/not_finite.toml",
     {"tests/bad/not_finite.toml:7:13: staff_group.nurse.headcount: must be a finite number, got inf",
      "tests/bad/not_finite.toml:8:15: staff_group.nurse.leaver_rate: must be a finite number, got nan"}},
    {"tests/bad/phased_targets.toml",
     {"tests/bad/phased_targets.toml:15:28: staff_group.nurse.productive_hours_per_fte: expected 2 values (one per plan year), got 3",
      "tests/bad/phased_targets.toml:30:10: uncertainty.parameter[0].target: 'agency_fee' is not a per-year value of temporary_staffing (one of: max_cover, bank_share, bank_premium, agency_premium)",
      "tests/bad/phased_targets.toml:36:10: uncertainty.parameter[1].target: pipeline 'degree' does not set productive_share"}},
    {"tests/bad/pipeline_rules.toml",
     {"tests/bad/pipeline_rules.toml:13:1: pipeline.apprentices.while_training: missing required key (an employed pipeline without from must name while_training)",
      "tests/bad/pipeline_rules.toml:17:16: pipeline.apprentices.intake_month: must be in [1, 12], got 13",
      "tests/bad/pipeline_rules.toml:18:19: pipeline.apprentices.duration_months: must be in [1, 1200], got 0"}},
    {"tests/bad/profiles.toml",
     {"tests/bad/profiles.toml:12:20: staff_group.nurse.sickness_profile: mean is 0.95, not 1",
      "tests/bad/profiles.toml:18:17: international.ir.month_profile: expected 12 values (one per month), got 11",
      "tests/bad/profiles.toml:24:17: joiners.returners.month_profile: shares sum to 1.5, not 1"}},
    {"tests/bad/rate_as_percent.toml",
     {"tests/bad/rate_as_percent.toml:8:15: staff_group.nurse.leaver_rate: must be in [0, 1], got 11"}},
    {"tests/bad/rates_above_one.toml",
     {"tests/bad/rates_above_one.toml:6:13: defaults.tolerance: must be in [0, 1], got 2",
      "tests/bad/rates_above_one.toml:14:11: staff_group.nurse.on_cost: must be in [0, 1], got 27",
      "tests/bad/rates_above_one.toml:16:13: staff_group.nurse.tolerance: must be in [0, 1], got 5"}},
    {"tests/bad/repeated_id.toml",
     {"tests/bad/repeated_id.toml:11:6: staff_group.nurse.id: duplicate id 'nurse' (first given at tests/bad/repeated_id.toml:7:6)"}},
    {"tests/bad/remove_unknown.toml",
     {"tests/bad/remove_unknown.toml:7:10: staff_group.doctor.remove: no inherited element with id 'doctor' to remove"}},
    {"tests/bad/short_series.toml",
     {"tests/bad/support/short_uplift.toml:2:7: uplift.afc: expected 5 values (one per plan year), got 2"}},
    {"tests/bad/sickness_by_year.toml",
     {"tests/bad/sickness_by_year.toml:8:20: defaults.sickness_profile: expected 2 profiles of 12 values (one per plan year), got 1",
      "tests/bad/sickness_by_year.toml:17:59: staff_group.nurse.sickness_profile[1]: mean is 1.08333, not 1"}},
    {"tests/bad/skill_mix_cycle.toml",
     {"tests/bad/skill_mix_cycle.toml:27:1: skill_mix.hcsw_to_nurse: skill-mix edges form a cycle: nurse -> hcsw -> nurse"}},
    {"tests/bad/skill_mix_over.toml",
     {"tests/bad/skill_mix_over.toml:39:9: skill_mix.to_associate.share: shares leaving 'nurse' sum to 1.1 in 2021/22, more than 1"}},
    {"tests/bad/stress_lost.toml",
     {"tests/bad/stress_lost.toml:9:15: staff_group.nurse.leaver_rate: changed here, but the normal of uncertainty.parameter[0] (tests/bad/support/drawn_base.toml:14) replaces it in every replicate: restate that distribution here by its target, or draw a lognormal multiplier"}},
    {"tests/bad/sweep_drawn.toml",
     {"tests/bad/sweep_drawn.toml:38:10: sweep[0].target: staff_group.nurse.leaver_rate is also drawn from a normal distribution (tests/bad/sweep_drawn.toml:19), which would replace the swept values; only a lognormal multiplier may draw a swept target",
      "tests/bad/sweep_drawn.toml:42:10: sweep[1].target: productivity.gain is also drawn from a uniform distribution (tests/bad/sweep_drawn.toml:25), which would replace the swept values; only a lognormal multiplier may draw a swept target"}},
    {"tests/bad/sweep_range.toml",
     {"tests/bad/sweep_range.toml:15:16: sweep[0].values[1]: must be in [0, 1], got 1.5",
      "tests/bad/sweep_range.toml:18:10: sweep[1].target: 'name' is not a per-year value of staff_group (one of: leaver_rate, leaver_rate_by_age.<band>, sickness_rate, fte_per_head, headcount, funded_fte, pay_budget_gbp, productive_hours_per_fte)",
      "tests/bad/sweep_range.toml:19:10: sweep[1].values: must not be empty"}},
    {"tests/bad/syntax_duplicate_key.toml",
     {"tests/bad/syntax_duplicate_key.toml:12:13: syntax: Error while parsing key-value pair: cannot redefine existing integer 'headcount'"}},
    {"tests/bad/syntax_unclosed_array.toml",
     {"tests/bad/syntax_unclosed_array.toml:8:1: syntax: Error while parsing array: expected comma or closing ']', saw 'h'"}},
    {"tests/bad/temporary_staffing.toml",
     {"tests/bad/temporary_staffing.toml:13:1: temporary_staffing.agency_premium: missing required key",
      "tests/bad/temporary_staffing.toml:13:1: temporary_staffing.bank_premium: missing required key",
      "tests/bad/temporary_staffing.toml:15:14: temporary_staffing.bank_share: must be in [0, 1], got 1.6"}},
    {"tests/bad/uncertainty_beta.toml",
     {"tests/bad/uncertainty_beta.toml:16:9: uncertainty.parameter[0].alpha: must be > 0, got 0",
      "tests/bad/uncertainty_beta.toml:23:6: uncertainty.parameter[1].sd: must be > 0, got -0.01"}},
    {"tests/bad/uncertainty_by_group.toml",
     {"tests/bad/uncertainty_by_group.toml:37:10: uncertainty.parameter[0].target: [productivity] gain gives staff group 'doctor' no gain",
      "tests/bad/uncertainty_by_group.toml:43:10: uncertainty.parameter[1].target: staff group 'doctor' does not set leaver_rate_by_age.age_55_plus",
      "tests/bad/uncertainty_by_group.toml:49:10: uncertainty.parameter[2].target: unknown age band 'over_90'",
      "tests/bad/uncertainty_by_group.toml:55:10: uncertainty.parameter[3].target: unknown staff group 'midwife'"}},
    {"tests/bad/uncertainty_sd.toml",
     {"tests/bad/uncertainty_sd.toml:17:6: uncertainty.parameter[0].sd: must be > 0, got 0"}},
    {"tests/bad/uncertainty_target.toml",
     {"tests/bad/uncertainty_target.toml:14:10: uncertainty.parameter[0].target: unknown staff group 'nurse_adlt'"}},
    {"tests/bad/uncertainty_twice.toml",
     {"tests/bad/uncertainty_twice.toml:21:10: uncertainty.parameter[1].target: 'staff_group.nurse.leaver_rate' draws values that 'staff_group.nurse.leaver_rate' already draws (one distribution per value)",
      "tests/bad/uncertainty_twice.toml:36:10: uncertainty.parameter[3].target: 'productivity.gain.nurse' draws values that 'productivity.gain' already draws (one distribution per value)"}},
    {"tests/bad/uncertainty_triangular.toml",
     {"tests/bad/uncertainty_triangular.toml:17:8: uncertainty.parameter[0].mode: must be between low and high ([0.04, 0.07]), got 0.09",
      "tests/bad/uncertainty_triangular.toml:22:8: uncertainty.parameter[1].dist: unknown distribution 'gaussian' (normal, uniform, triangular, beta or lognormal)"}},
    {"tests/bad/uncertainty_volume.toml",
     {"tests/bad/uncertainty_volume.toml:23:8: uncertainty.parameter[0].dist: beta draws a share in (0, 1), but staff_group.nurse.headcount is not a rate or share (lognormal draws a multiplier)",
      "tests/bad/uncertainty_volume.toml:32:12: uncertainty.parameter[1].per_year: not allowed: activity.visits.base is one value for the whole plan, drawn once",
      "tests/bad/uncertainty_volume.toml:36:8: uncertainty.parameter[2].dist: beta draws a share in (0, 1), but activity.visits.growth is not a rate or share (lognormal draws a multiplier)"}},
    {"tests/bad/unknown_band.toml",
     {"tests/bad/unknown_band.toml:12:17: staff_group.nurse.age_profile.under_25: unknown age band 'under_25'"}},
    {"tests/bad/unknown_group.toml",
     {"tests/bad/unknown_group.toml:15:9: joiners.returners.group: unknown staff group 'nurse_adlt'"}},
    {"tests/bad/unknown_table.toml",
     {"tests/bad/unknown_table.toml:13:2: staffing: unknown key"}},
    {"tests/bad/wrong_length.toml",
     {"tests/bad/wrong_length.toml:9:15: staff_group.nurse.leaver_rate: expected 5 values (one per plan year), got 4"}},
    {"tests/bad/wrong_shapes.toml",
     {"tests/bad/wrong_shapes.toml:5:1: staff_group: expected an array of tables ([[staff_group]]), got a table",
      "tests/bad/wrong_shapes.toml:8:1: productivity: expected a table, got an array"}},
    {"tests/bad/wrong_type.toml",
     {"tests/bad/wrong_type.toml:7:13: staff_group.nurse.headcount: expected a number, got a string"}},
};
// clang-format on

std::vector<std::string> formatted(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.push_back(d.format());
  return out;
}

}  // namespace

TEST_CASE("the bad-input table covers at least 30 files", "[scenario][bad]") {
  CHECK(kBadCases.size() >= 30);
  for (const auto& c : kBadCases) CHECK(std::filesystem::exists(c.file));
}

TEST_CASE("every broken scenario is reported word for word", "[scenario][bad]") {
  for (const auto& c : kBadCases) {
    SECTION(c.file) {
      const LoadResult r = load_scenario(c.file);
      CHECK_FALSE(r.ok());
      CHECK(formatted(r.diagnostics) == c.messages);
    }
  }
}

TEST_CASE("the same text loaded from memory gives the same messages", "[scenario][bad]") {
  for (const auto& c : kBadCases) {
    const LoadResult r = load_scenario_text(slurp(c.file), c.file);
    INFO(c.file);
    CHECK(formatted(r.diagnostics) == c.messages);
  }
}

TEST_CASE("a missing scenario file", "[scenario][bad]") {
  const LoadResult r = load_scenario("tests/bad/no-such-file.toml");
  CHECK(formatted(r.diagnostics) ==
        std::vector<std::string>{"tests/bad/no-such-file.toml: cannot read the scenario: No such file or "
                                   "directory"});
}

TEST_CASE("wfsim run rejects every broken scenario with exit status 2", "[scenario][bad][cli]") {
  for (const auto& c : kBadCases) {
    SECTION(c.file) {
      TempDir dir;
      const auto out = dir / "out.h5";
      ProcessResult r = run_wfsim("run " + c.file + " -o " + out.string());
      CHECK(r.status == 2);
      for (const auto& m : c.messages) CHECK_THAT(r.err, Catch::Matchers::Contains(m));
      CHECK_FALSE(std::filesystem::exists(out));

      // An output file that is already there is left byte for byte as it was.
      const std::string before = std::string("not an HDF5 file\n\0\x01\x02", 20);
      {
        std::ofstream existing(out, std::ios::binary);
        existing << before;
      }
      r = run_wfsim("run " + c.file + " -o " + out.string());
      CHECK(r.status == 2);
      CHECK(slurp(out) == before);

      r = run_wfsim("validate " + c.file);
      CHECK(r.status == 2);
      for (const auto& m : c.messages) CHECK_THAT(r.err, Catch::Matchers::Contains(m));
    }
  }
}
