// The command line end to end: exit statuses, the summary, check and its
// JUnit report.

#include <catch2/catch.hpp>
#include <sstream>

#include "process.h"

using namespace wfsim::testing;
using Catch::Matchers::Contains;

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
  REQUIRE_THAT(r.out, Contains("  2020/21        100.0      85.0     100.0      15.0       0.0      15.0      15.0"));
  REQUIRE_THAT(r.out, Contains("2020/21  critical nurse                unfilled_posts     vacancy_fte = 15.0 > 2.0"));
  std::istringstream lines(r.out);
  // Every line fits a 100-column terminal, but for the output path's own.
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("wrote ", 0) != 0) REQUIRE(line.size() <= 100);
}

TEST_CASE("run -q prints nothing; validate checks without writing", "[cli]") {
  TempDir dir;
  auto r = run_wfsim("run tests/scenarios/tiny.toml -q -o " + (dir / "tiny.h5").string());
  REQUIRE(r.status == 0);
  REQUIRE(r.out.empty());
  r = run_wfsim("validate tests/scenarios/tiny.toml");
  REQUIRE(r.status == 0);
  REQUIRE(r.out == "tests/scenarios/tiny.toml: ok: 1 staff groups, 1 age bands, 0 pipelines, 1 activity lines, "
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
  REQUIRE_THAT(r.out, Contains("PASS  gap_under_20             mean workforce_gap_fte[nurse, 2020/21] = 14.95 <= 20"));
  REQUIRE_THAT(r.out, Contains("PASS  headcount_floor          mean headcount_at_year_end[all, 2020/21] = 81 >= 80 (worst year)"));
  REQUIRE_THAT(r.out, Contains("PASS  no_overspend             share of replicates raising overspend[nurse, 2019/20] = 0 <= 0 (worst year)"));
  REQUIRE_THAT(r.out, Contains("check: 3 assertions in 1 scenario: 3 passed, 0 failed"));

  r = run_wfsim("check tests/scenarios/check/fails.toml");
  REQUIRE(r.status == 3);
  REQUIRE_THAT(r.out, Contains("FAIL  gap_under_10             mean workforce_gap_fte[nurse, 2020/21] = 14.95 > 10 (worst year)"));
  REQUIRE_THAT(r.out, Contains("PASS  gap_under_20"));
  REQUIRE_THAT(r.out, Contains("FAIL  unfunded_demand_raised   share of replicates raising unfunded_demand[nurse, 2019/20] = 0 < 1"));
}

TEST_CASE("check writes JUnit XML with one suite per scenario and one case per assertion", "[cli][check]") {
  TempDir dir;
  const auto xml = dir / "report.xml";
  auto r = run_wfsim("check tests/scenarios/check/passes.toml tests/scenarios/check/fails.toml --junit " + xml.string());
  REQUIRE(r.status == 3);
  REQUIRE(std::filesystem::exists(xml));
  // Parsed by a real XML parser, and counted.
  const std::string script =
      "import sys, xml.etree.ElementTree as ET\n"
      "root = ET.parse(sys.argv[1]).getroot()\n"
      "suites = root.findall('testsuite')\n"
      "print(root.tag, root.get('tests'), root.get('failures'), len(suites),\n"
      "      [len(s.findall('testcase')) for s in suites], [s.get('failures') for s in suites],\n"
      "      [c.get('name') for c in root.iter('testcase') if c.find('failure') is not None],\n"
      "      root.find(\"testsuite/testcase[@name='gap_under_10']/failure\").get('message'))\n";
  std::ofstream(dir / "count.py") << script;
  const std::string command = "/usr/bin/python3 " + (dir / "count.py").string() + " " + xml.string() + " > " +
                              (dir / "counts").string();
  REQUIRE(std::system(command.c_str()) == 0);
  REQUIRE(slurp(dir / "counts") ==
          "testsuites 6 2 2 [3, 3] ['0', '2'] ['gap_under_10', 'unfunded_demand_raised'] "
          "mean workforce_gap_fte[nurse, 2020/21] = 14.95 > 10 (worst year)\n");
}

TEST_CASE("check with bad input exits 2 and reports it in JUnit as an error", "[cli][check]") {
  TempDir dir;
  std::ofstream(dir / "broken.toml") << "[scenario]\nname = \"broken\"\nyears = 0\n";
  auto r = run_wfsim("check tests/scenarios/check/passes.toml " + (dir / "broken.toml").string() + " --junit " +
                     (dir / "r.xml").string());
  REQUIRE(r.status == 2);
  REQUIRE_THAT(slurp(dir / "r.xml"), Contains("<error message=\"the scenario has bad input\">"));
}

TEST_CASE("the example plan's stress suite: what breaks it and what it survives", "[cli][check][stress]") {
  TempDir dir;
  auto r = run_wfsim("check scenarios/stress/*.toml -j 2 --junit " + (dir / "stress.xml").string());
  INFO(r.out << r.err);
  REQUIRE(r.status == 3);
  // Stopping international recruitment breaks the adult nursing plan...
  REQUIRE_THAT(r.out, Contains("scenarios/stress/ir-stopped.toml (200 replicates"));
  REQUIRE_THAT(r.out, Contains("FAIL  adult_nursing_gap_2023   p90 workforce_gap_fte[nurse_adult, "
                               "2023/24] = 924.2 > 450"));
  // ...while the plan survives the levy cut and the pandemic-like winter.
  for (const char* survivor : {"levy-cut", "pandemic-winter"}) {
    const auto at = r.out.find(std::string("scenarios/stress/") + survivor + ".toml");
    REQUIRE(at != std::string::npos);
    const auto next = r.out.find("scenarios/stress/", at + 1);
    REQUIRE(r.out.substr(at, next - at).find("FAIL") == std::string::npos);
  }
  REQUIRE_THAT(r.out, Contains("check: 28 assertions in 7 scenarios: 18 passed, 10 failed"));
}

TEST_CASE("the example runs with Monte Carlo replicates and writes quantiles", "[cli][replicates]") {
  TempDir dir;
  auto r = run_wfsim("run scenarios/example-ics.toml -r 50 -j 2 -o " + (dir / "mc.h5").string());
  REQUIRE(r.status == 0);
  REQUIRE_THAT(r.out, Contains("Means over 50 replicates"));
  REQUIRE_THAT(r.out, Contains("% of replicates raising the flag"));
  // The same file on one thread is the same, byte for byte, but for its creation time.
  auto again = run_wfsim("run scenarios/example-ics.toml -r 50 -j 1 -o " + (dir / "mc1.h5").string());
  REQUIRE(again.status == 0);
  REQUIRE(again.out.substr(again.out.find("Means")) == r.out.substr(r.out.find("Means")));
}
