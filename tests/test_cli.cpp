// The command line end to end: exit statuses, the summary, check and its
// JUnit report.

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "engine/replicates.h"
#include "process.h"
#include "scenario/load.h"
#include "skip.h"

using namespace wfsim::testing;
using Catch::Matchers::Contains;

namespace {

// What a Python script prints about a JUnit file, parsed by a real XML
// parser: `body` sees the file's root element as `root`.
std::string inspect_junit(const TempDir& dir, const std::filesystem::path& xml,
                          const std::string& body) {
  std::ofstream(dir / "inspect.py") << "import sys, xml.etree.ElementTree as ET\n"
                                       "root = ET.parse(sys.argv[1]).getroot()\n"
                                    << body;
  const std::string command = "/usr/bin/python3 " + (dir / "inspect.py").string() + " " +
                              xml.string() + " > " + (dir / "inspected").string();
  REQUIRE(std::system(command.c_str()) == 0);
  return slurp(dir / "inspected");
}

}  // namespace

TEST_CASE("version and help options", "[cli]") {
  auto r = run_wfsim("--version");
  REQUIRE(r.status == 0);
  REQUIRE(r.out == std::string("wfsim ") + WFSIM_VERSION + "\n");
  r = run_wfsim("--help");
  REQUIRE(r.status == 0);
  REQUIRE_THAT(r.out, Contains("run") && Contains("validate") && Contains("check"));
  r = run_wfsim("run --help");
  REQUIRE(r.status == 0);
  REQUIRE_THAT(r.out, Contains("--output") && Contains("--replicates"));
}

TEST_CASE("the program loads only the C library when it starts", "[cli][startup]") {
  // Every shared library is loaded and relocated at every start, whatever
  // the command: the rest is linked in (WFSIM_STATIC_DEPS), and
  // libxlsxwriter is loaded by `report --xlsx` alone.
  if (!WFSIM_STATIC_RUNTIME)
    WFSIM_SKIP("a build with shared libraries (WFSIM_STATIC_DEPS off, or a sanitizer)");
  const ProcessResult r = run_in_source_dir(
      "{ objdump -p '" + std::string(WFSIM_PROGRAM) +
      "' | awk '$1 == \"NEEDED\" && $2 !~ /^ld-linux/ {print $2}' | sort; }");  // braces: sort
                                                                                // reads the pipe
  INFO(r.err);
  REQUIRE(r.status == 0);
  // (The dynamic loader itself, which the static C++ runtime names for its
  // thread-local storage, is left out: every program has it.)
  std::string expected = "libc.so.6\nlibm.so.6\n";
#ifdef WFSIM_MPI
  expected += "libmpi.so.40\n";  // MPI's own C library, by design
#endif
  CHECK(r.out == expected);
}

TEST_CASE("usage errors are bad input", "[cli]") {
  REQUIRE(run_wfsim("").status == 2);
  REQUIRE(run_wfsim("frobnicate").status == 2);
  REQUIRE(run_wfsim("run").status == 2);
  REQUIRE(run_wfsim("run tests/scenarios/tiny.toml --replicates 0").status == 2);
}

TEST_CASE("run prints the summary and writes the file", "[cli]") {
  TempDir dir;
  auto r = run_wfsim("run tests/scenarios/tiny.toml -o " + (dir / "tiny.h5").string());
  REQUIRE(r.status == 0);
  REQUIRE(r.err.empty());
  REQUIRE(std::filesystem::exists(dir / "tiny.h5"));
  REQUIRE_THAT(r.out, Contains("Tiny plan") && Contains("Registered nurses (nurse)"));
  // 2020/21: demand 100, effective 85.0, funded 100, gaps 15.0, 0.0, 15.0, no cover.
  REQUIRE_THAT(
      r.out,
      Contains(
          "  2020/21        100.0      85.0     100.0      15.0       0.0      15.0      15.0"));
  REQUIRE_THAT(
      r.out,
      Contains(
          "2020/21  critical nurse                unfilled_posts     vacancy_fte = 15.0 > 2.0"));
  std::istringstream lines(r.out);
  // Every line fits a 100-column terminal, but for the output path's own.
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("wrote ", 0) != 0) REQUIRE(line.size() <= 100);
}

TEST_CASE("run -q prints nothing, and validate checks without writing", "[cli]") {
  TempDir dir;
  auto r = run_wfsim("run tests/scenarios/tiny.toml -q -o " + (dir / "tiny.h5").string());
  REQUIRE(r.status == 0);
  REQUIRE(r.out.empty());
  r = run_wfsim("validate tests/scenarios/tiny.toml");
  REQUIRE(r.status == 0);
  REQUIRE(
      r.out ==
      "tests/scenarios/tiny.toml: ok: 1 staff groups, 1 age bands, 0 pipelines, 1 activity lines, "
      "2019/20 to 2020/21\n");
}

TEST_CASE("a missing scenario file is bad input", "[cli]") {
  auto r = run_wfsim("validate tests/scenarios/no-such-file.toml");
  REQUIRE(r.status == 2);
  REQUIRE_THAT(r.err, Contains("tests/scenarios/no-such-file.toml"));
}

TEST_CASE("check: exit 0 when every assertion holds, 3 when any fails", "[cli][check]") {
  auto r = run_wfsim("check tests/scenarios/check/passes.toml");
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  REQUIRE_THAT(
      r.out,
      Contains(
          "PASS  gap_under_20             mean workforce_gap_fte[nurse, 2020/21] = 14.95 <= 20"));
  REQUIRE_THAT(r.out, Contains("PASS  headcount_floor          mean headcount_at_year_end[all, "
                               "2020/21] = 81 >= 80 (worst year)"));
  REQUIRE_THAT(r.out, Contains("PASS  no_overspend             share raising overspend[nurse, "
                               "2019/20] = 0 <= 0 (worst year)"));
  REQUIRE_THAT(r.out, Contains("check: 3 assertions in 1 scenario: 3 passed, 0 failed"));

  r = run_wfsim("check tests/scenarios/check/fails.toml");
  REQUIRE(r.status == 3);
  REQUIRE_THAT(r.out, Contains("FAIL  gap_under_10             mean workforce_gap_fte[nurse, "
                               "2020/21] = 14.95 > 10 (worst year)"));
  REQUIRE_THAT(r.out, Contains("PASS  gap_under_20"));
  REQUIRE_THAT(
      r.out,
      Contains(
          "FAIL  unfunded_demand_raised   share raising unfunded_demand[nurse, 2019/20] = 0 < 1"));
}

TEST_CASE("check writes JUnit XML with one suite per scenario and one case per assertion",
          "[cli][check]") {
  TempDir dir;
  const auto xml = dir / "report.xml";
  auto r = run_wfsim(
      "check tests/scenarios/check/passes.toml tests/scenarios/check/fails.toml --junit " +
      xml.string());
  REQUIRE(r.status == 3);
  REQUIRE(std::filesystem::exists(xml));
  // Parsed by a real XML parser, and counted.
  REQUIRE(
      inspect_junit(
          dir, xml,
          "suites = root.findall('testsuite')\n"
          "print(root.tag, root.get('tests'), root.get('failures'), len(suites),\n"
          "      [len(s.findall('testcase')) for s in suites], [s.get('failures') for s in "
          "suites],\n"
          "      [c.get('name') for c in root.iter('testcase') if c.find('failure') is not None],\n"
          "      "
          "root.find(\"testsuite/testcase[@name='gap_under_10']/failure\").get('message'))\n") ==
      "testsuites 6 2 2 [3, 3] ['0', '2'] ['gap_under_10', 'unfunded_demand_raised'] "
      "mean workforce_gap_fte[nurse, 2020/21] = 14.95 > 10 (worst year)\n");
}

TEST_CASE("check with bad input exits 2 and reports it in JUnit as an error", "[cli][check]") {
  TempDir dir;
  std::ofstream(dir / "broken.toml") << "[scenario]\nname = \"broken\"\nyears = 0\n";
  auto r = run_wfsim("check tests/scenarios/check/passes.toml " + (dir / "broken.toml").string() +
                     " --junit " + (dir / "r.xml").string());
  REQUIRE(r.status == 2);
  REQUIRE_THAT(slurp(dir / "r.xml"), Contains("<error message=\"the scenario has bad input\">"));
}

TEST_CASE("check refuses a national file, saying what to check instead", "[cli][check][national]") {
  auto r = run_wfsim("check tests/scenarios/national/pools-over.toml");
  REQUIRE(r.status == 2);
  REQUIRE(r.err ==
          "tests/scenarios/national/pools-over.toml:1:1: national: a national file: wfsim check "
          "runs system "
          "scenarios and their [[assert]] entries (check each system's file, or run this one with "
          "wfsim run)\n");
}

TEST_CASE("the example plan's stress suite: what breaks it and what it survives",
          "[cli][check][stress]") {
  TempDir dir;
  auto r = run_wfsim("check scenarios/stress/*.toml -j 2 --junit " + (dir / "stress.xml").string());
  INFO(r.out << r.err);
  REQUIRE(r.status == 3);
  // The figures are p90s over 200 Monte Carlo replicates, which move with
  // the sampler; what the suite promises is the verdicts. A FAIL line's
  // figure breaks its bound, a PASS line's keeps it.
  auto figure_of = [&](const std::string& block, const std::string& prefix) {
    const auto at = block.find(prefix);
    REQUIRE(at != std::string::npos);
    return std::stod(block.substr(at + prefix.size()));
  };
  const std::string adult_gap =
      "FAIL  adult_nursing_gap_2023   p90 workforce_gap_fte[nurse_adult, 2023/24] = ";
  // Stopping international recruitment breaks the adult nursing plan...
  REQUIRE_THAT(r.out, Contains("scenarios/stress/ir-stopped.toml (200 replicates"));
  // ...while the plan survives the levy cut, and the pandemic-like winter
  // but for its money: bank and agency cover that winter overruns the
  // winter reserve, and only in 2020/21.
  auto block = [&](const char* stress) {
    const auto at = r.out.find(std::string("scenarios/stress/") + stress + ".toml");
    REQUIRE(at != std::string::npos);
    return r.out.substr(at, r.out.find("scenarios/stress/", at + 1) - at);
  };
  CHECK(figure_of(block("ir-stopped"), adult_gap) > 450);
  REQUIRE(block("levy-cut").find("FAIL") == std::string::npos);
  const std::string winter = block("pandemic-winter");
  REQUIRE_THAT(winter, Contains("FAIL  winter_pay_gap_2020      p90 pay_gap_gbp[all, 2020/21] = "));
  REQUIRE(winter.find("FAIL") == winter.rfind("FAIL"));
  // Activity growth a point higher breaks the adult nursing plan too, now that
  // Monte Carlo keeps the stressed community growth.
  CHECK(figure_of(block("activity-plus-1pt"), adult_gap) > 450);
  // The tally is that of the verdict lines, 29 assertions in all (the
  // [[assert]] entries of the plan, which every stress file inherits, and
  // their own).
  int passed = 0, failed = 0;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    passed += line.rfind("  PASS  ", 0) == 0;
    failed += line.rfind("  FAIL  ", 0) == 0;
  }
  CHECK(passed + failed == 29);
  CHECK(failed >= 3);  // at least the three above
  REQUIRE_THAT(r.out,
               Contains(fmt::format("check: 29 assertions in 7 scenarios: {} passed, {} failed",
                                    passed, failed)));
}

TEST_CASE("the example runs with Monte Carlo replicates and writes quantiles",
          "[cli][replicates]") {
  TempDir dir;
  auto r = run_wfsim("run scenarios/example-ics.toml -r 50 -j 2 -o " + (dir / "mc.h5").string());
  REQUIRE(r.status == 0);
  REQUIRE_THAT(r.out, Contains("Means over 50 replicates"));
  REQUIRE_THAT(
      r.out,
      Contains(
          "(share of replicates raising the flag; value and threshold of the replicates' mean)"));
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("wrote ", 0) != 0) REQUIRE(line.size() <= 100);
  // The same file on one thread is the same, byte for byte, but for its creation time.
  auto again =
      run_wfsim("run scenarios/example-ics.toml -r 50 -j 1 -o " + (dir / "mc1.h5").string());
  REQUIRE(again.status == 0);
  REQUIRE(again.out.substr(again.out.find("Means")) == r.out.substr(r.out.find("Means")));
}

TEST_CASE("check: pNN, min and max over real replicates, each passing and failing",
          "[cli][check][replicates]") {
  const std::string file = "tests/scenarios/check/replicates.toml";
  auto r = run_wfsim("check " + file + " -j 2");
  INFO(r.out << r.err);
  REQUIRE(r.status == 3);
  // The figures are those of the replicates as the library runs them, the
  // statistics worked here: numpy's linear quantile of the sorted values,
  // v[floor(h)] + (h - floor(h)) (v[floor(h) + 1] - v[floor(h)]), h = q (n - 1).
  auto loaded = wfsim::load_scenario(file);
  REQUIRE(loaded.ok());
  const wfsim::Model& model = *loaded.model;
  REQUIRE(model.replicates == 200);
  std::vector<double> values;
  wfsim::run_replicates(model, model.replicates, 2, [&](const wfsim::ReplicateResult& rep) {
    values.push_back(rep.annual.at(wfsim::kHeadcountAtYearEnd, 1, 0));
  });
  std::sort(values.begin(), values.end());
  auto figure = [&](double q) {
    const double h = q * (values.size() - 1);
    const std::size_t lo = static_cast<std::size_t>(h), hi = std::min(lo + 1, values.size() - 1);
    return fmt::format("{:.4g}", values[lo] + (h - lo) * (values[hi] - values[lo]));
  };
  const std::string p10 = figure(0.1), p90 = figure(0.9), min = figure(0), max = figure(1);
  REQUIRE(min != p10);  // real spread: the statistic decides each verdict
  REQUIRE(p90 != max);
  const std::string metric = " headcount_at_year_end[nurse, 2020/21] = ";
  REQUIRE_THAT(r.out, Contains("PASS  p10_floor_holds          p10" + metric + p10 + " >= 83\n"));
  REQUIRE_THAT(r.out, Contains("FAIL  min_floor_breaks         min" + metric + min + " < 83\n"));
  REQUIRE_THAT(r.out, Contains("PASS  p90_cap_holds            p90" + metric + p90 + " <= 106\n"));
  REQUIRE_THAT(r.out, Contains("FAIL  max_cap_breaks           max" + metric + max + " > 106\n"));
  REQUIRE_THAT(r.out, Contains("FAIL  p90_floor_breaks         p90" + metric + p90 + " < 106\n"));
  REQUIRE_THAT(r.out, Contains("PASS  max_floor_holds          max" + metric + max + " >= 106\n"));
  REQUIRE_THAT(r.out, Contains("PASS  min_cap_holds            min" + metric + min + " <= 83\n"));
  REQUIRE_THAT(r.out, Contains("FAIL  p10_cap_breaks           p10" + metric + p10 + " > 83\n"));
  REQUIRE_THAT(r.out, Contains("check: 8 assertions in 1 scenario: 4 passed, 4 failed"));
}

TEST_CASE("check evaluates the assertions of every sweep variant, one JUnit case each",
          "[cli][check][sweeps]") {
  TempDir dir;
  const auto xml = dir / "sweep.xml";
  auto r = run_wfsim("check tests/scenarios/check/sweep.toml --junit " + xml.string());
  INFO(r.out << r.err);
  REQUIRE(r.status == 3);
  REQUIRE(r.out.rfind("tests/scenarios/check/sweep.toml (1 replicate, 2 variants, ", 0) == 0);
  REQUIRE_THAT(r.out, Contains(" s)\n"
                               "  variant 0: staff_group.nurse.leaver_rate = 0.1\n"
                               "  PASS  headcount_floor          mean headcount_at_year_end[nurse, "
                               "2020/21] = 81 >= 80 (worst year)\n"
                               "  variant 1: staff_group.nurse.leaver_rate = 0.2\n"
                               "  FAIL  headcount_floor          mean headcount_at_year_end[nurse, "
                               "2020/21] = 64 < 80 (worst year)\n"
                               "\ncheck: 2 assertions in 1 scenario: 1 passed, 1 failed\n"));
  REQUIRE(inspect_junit(dir, xml,
                        "print(root.get('tests'), root.get('failures'),\n"
                        "      [(c.get('name'), c.find('failure') is not None) for c in "
                        "root.iter('testcase')])\n") ==
          "2 1 [('headcount_floor [staff_group.nurse.leaver_rate = 0.1]', False), "
          "('headcount_floor [staff_group.nurse.leaver_rate = 0.2]', True)]\n");
}

TEST_CASE("run refuses --quantiles that are not strictly increasing in (0, 1)",
          "[cli][replicates]") {
  TempDir dir;
  const std::string run = "run tests/scenarios/uncertain.toml -q -o " + (dir / "q.h5").string();
  auto r = run_wfsim(run + " --quantiles 0.9,0.1,0.1");
  REQUIRE(r.status == 2);
  REQUIRE(r.err == "wfsim run: --quantiles: must be strictly increasing, got 0.9 0.1 0.1\n");
  r = run_wfsim(run + " --quantiles 0.1,0.1");
  REQUIRE(r.status == 2);
  REQUIRE(r.err == "wfsim run: --quantiles: must be strictly increasing, got 0.1 0.1\n");
  r = run_wfsim(run + " --quantiles 0,0.5");
  REQUIRE(r.status == 2);
  REQUIRE(r.err == "wfsim run: --quantiles: each must be in (0, 1), got 0 0.5\n");
  REQUIRE_FALSE(std::filesystem::exists(dir / "q.h5"));
  r = run_wfsim(run + " --quantiles 0.1,0.5,0.9");
  REQUIRE(r.status == 0);
  REQUIRE(std::filesystem::exists(dir / "q.h5"));
}

TEST_CASE("errors that are not bad input exit 1", "[cli]") {
  TempDir dir;
  const auto missing = dir / "no-such-directory";
  auto r = run_wfsim("run tests/scenarios/tiny.toml -o " + (missing / "out.h5").string());
  REQUIRE(r.status == 1);
  REQUIRE(r.err == "wfsim: error: cannot write " + (missing / "out.h5").string() +
                       ": no directory " + missing.string() + "\n");
  r = run_wfsim("check tests/scenarios/check/passes.toml --junit " +
                (missing / "report.xml").string());
  REQUIRE(r.status == 1);
  REQUIRE(r.err == "wfsim: error: cannot write " + (missing / "report.xml").string() + "\n");
}
