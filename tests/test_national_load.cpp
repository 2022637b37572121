// National files: every bad input named word for word, exit 2 through the
// program, and no output file.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "process.h"
#include "scenario/load.h"
#include "scenario/national_load.h"

using namespace wfsim;
using wfsim::testing::run_wfsim;
using wfsim::testing::TempDir;

namespace {

void expect_bad(const std::string& file, const std::string& expected) {
  TempDir dir;
  const auto output = dir / "out.h5";
  const auto r = run_wfsim("run " + file + " -o '" + output.string() + "'");
  CHECK(r.status == 2);
  CHECK(r.err == expected);
  CHECK(r.out.empty());
  CHECK_FALSE(std::filesystem::exists(output));
}

const std::string kBad = "tests/scenarios/national/bad/";

}  // namespace

TEST_CASE("national file: unknown keys, wrong types and wrong lengths", "[national][bad]") {
  expect_bad(
      kBad + "keys.toml",
      kBad + "keys.toml:4:1: national.allocaton: unknown key (did you mean 'allocation'?)\n" +
          kBad + "keys.toml:5:14: national.replicates: expected an integer, got a string\n" + kBad +
          "keys.toml:9:12: pool.intl.per_year: expected 2 values (one per plan year), got 3\n" +
          kBad + "keys.toml:10:1: pool.intl.size: unknown key\n");
  expect_bad(kBad + "systems_type.toml", kBad +
                                             "systems_type.toml:3:11: national.systems: expected "
                                             "an array of file names or globs, got a string\n");
  expect_bad(kBad + "missing_name.toml",
             kBad + "missing_name.toml:1:1: national.name: missing required key\n" + kBad +
                 "missing_name.toml:2:11: national.systems: must list at least one system file\n");
}

TEST_CASE("national file: a glob that matches nothing", "[national][bad]") {
  expect_bad(
      kBad + "no_match.toml",
      kBad + "no_match.toml:3:31: national.systems[1]: no system files match 'nothing/*.toml'\n");
}

TEST_CASE("national file: bad allocation, pool ids missing, malformed and unknown",
          "[national][bad]") {
  expect_bad(kBad + "unknown_pool.toml",
             kBad +
                 "unknown_pool.toml:4:14: national.allocation: must be \"pro_rata\" or "
                 "\"unmet_demand\", got \"first_come\"\n" +
                 kBad + "unknown_pool.toml:6:1: pool[0].id: missing required key\n" + kBad +
                 "unknown_pool.toml:10:6: pool[1].id: must be lower-case snake_case "
                 "([a-z][a-z0-9_]*), got 'Nurses'\n" +
                 "tests/scenarios/national/pools/a.toml:23:8: international.ir.pool: unknown pool "
                 "'intl' (no [[pool]] with "
                 "this id in " +
                 kBad + "unknown_pool.toml)\n");
}

TEST_CASE("national file: what a pool counts", "[national][bad]") {
  expect_bad(
      kBad + "pool_counts.toml",
      kBad +
          "pool_counts.toml:12:10: pool.other.counts: must be \"joiners\" or \"intakes\", got "
          "\"graduates\"\n"
          "tests/scenarios/national/pools/a.toml:23:8: international.ir.pool: pool 'intl' counts "
          "training intakes; international recruits draw on a pool of joiners\n");
}

TEST_CASE("national file: duplicate system ids", "[national][bad]") {
  expect_bad(kBad + "duplicate.toml", kBad + "duplicate.toml:3:11: national.systems: " + kBad +
                                          "dup/two.toml: duplicate system id 'same' (also in " +
                                          kBad + "dup/one.toml)\n");
}

TEST_CASE("national file: systems with different years and start", "[national][bad]") {
  expect_bad(kBad + "mismatch.toml",
             kBad + "mismatch.toml:3:11: national.systems: " + kBad +
                 "mismatch/b.toml: years = 3, but " + kBad +
                 "mismatch/a.toml has years = 2 (every system must cover the same plan years)\n" +
                 kBad + "mismatch.toml:3:11: national.systems: " + kBad +
                 "mismatch/b.toml: start = \"2020-04\", but " + kBad +
                 "mismatch/a.toml has start = \"2019-04\" (every system must cover the same plan "
                 "years)\n");
}

TEST_CASE("national file: recognised by its [national] table", "[national]") {
  CHECK(is_national_file("tests/scenarios/national/pools-over.toml"));
  CHECK_FALSE(is_national_file("tests/scenarios/national/pools/a.toml"));
  CHECK_FALSE(is_national_file("tests/scenarios/national/no-such-file.toml"));
}

// is_national_file skips the parse when no line can give a top-level
// `national` key; every way TOML can give one must still be seen.
TEST_CASE("national file: every way of writing the national table is recognised", "[national]") {
  TempDir dir;
  auto national = [&](const std::string& text) {
    const std::filesystem::path file = dir / "file.toml";
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    return is_national_file(file);
  };
  CHECK(national("[national]\nname = \"x\"\n"));
  CHECK(national("  [ national ]\n"));
  CHECK(national("[\"national\"]\n"));
  CHECK(national("[ 'national' . pools ]\n"));
  CHECK(national("[[national]]\n"));
  CHECK(national("national.name = \"x\"\n"));
  CHECK(national("national = { name = \"x\" }\n"));
  CHECK(national("\"national\" . name = \"x\"\n"));
  CHECK(national("\xEF\xBB\xBF[national]\n"));                 // after a byte-order mark
  CHECK(national("\"nation\\u0061l\" = { name = \"x\" }\n"));  // an escaped key
  CHECK(national("# [national] is below\r\n[national]\r\n"));
  CHECK_FALSE(national("# the national pools\n[scenario]\nname = \"nationally\"\n"));
  CHECK_FALSE(national("[[international]]\nid = \"ir\"\n"));
  CHECK_FALSE(national("[national-pools]\n"));
  CHECK_FALSE(national("[scenario]\nnational = 1\n"));  // a key of [scenario], not the top level
  CHECK_FALSE(national("s = \"\"\"\n[national]\n\"\"\"\n"));  // in a string: parsed, not a table
  CHECK_FALSE(is_national_file("scenarios/example-ics.toml"));
}

TEST_CASE("national file: globs are sorted and de-duplicated", "[national]") {
  auto loaded = load_national("tests/scenarios/national/pools-over.toml");
  REQUIRE(loaded.ok());
  REQUIRE(loaded.plan->systems.size() == 2);
  CHECK(loaded.plan->systems[0].system_id == "sys_a");
  CHECK(loaded.plan->systems[1].system_id == "sys_b");
  CHECK(loaded.plan->pools[0].name == "International nurses");
  CHECK(loaded.plan->pools[0].volume == PerYear{90, 400});
  CHECK(loaded.plan->systems[0].international[0].pool == "intl");
}

TEST_CASE("scenario: a flow's pool must be a well-formed id", "[national][bad]") {
  auto loaded = load_scenario_text(R"([scenario]
name = "x"
years = 1
[[staff_group]]
id = "nurse"
headcount = 1
leaver_rate = 0
sickness_rate = 0
cost_per_fte = 1
funded_fte = 1
[[pipeline]]
id = "degree"
into = "nurse"
intake_per_year = 1
duration_months = 12
pool = "NQ nurses"
[[international]]
id = "ir"
group = "nurse"
per_year = 1
pool = 3
)",
                                   "pool.toml");
  REQUIRE(loaded.diagnostics.size() == 2);
  CHECK(loaded.diagnostics[0].format() ==
        "pool.toml:16:8: pipeline.degree.pool: must be lower-case snake_case ([a-z][a-z0-9_]*), "
        "got 'NQ nurses'");
  CHECK(loaded.diagnostics[1].format() ==
        "pool.toml:21:8: international.ir.pool: expected a string, got an integer");
}
