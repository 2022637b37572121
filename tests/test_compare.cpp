// `wfsim compare`: measures worked by hand on two tiny systems
// (tests/scenarios/compare/*.toml say how), the difference of two runs of
// one system, Tukey fences, and refusal of files that cannot be compared.

#include <hdf5.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "output/compare.h"
#include "output/hdf5_reader.h"
#include "process.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

// Runs the compare fixtures once into a directory kept for the whole suite.
const TempDir& runs() {
  static TempDir dir;
  static bool done = false;
  if (!done) {
    for (const char* name :
         {"north", "north-stress", "south", "short", "national-plan", "national-stress"}) {
      const ProcessResult r =
          run_wfsim(std::string("run -q tests/scenarios/compare/") + name + ".toml -o '" +
                    (dir / (std::string(name) + ".h5")).string() + "'");
      REQUIRE(r.status == 0);
    }
    REQUIRE(run_wfsim("run -q scenarios/national/england.toml -o '" +
                      (dir / "england.h5").string() + "'")
                .status == 0);
    done = true;
  }
  return dir;
}

// Rewrites the root attribute format_version of an open file.
void set_format_version(hid_t file, int version) {
  hid_t attr = H5Aopen(file, "format_version", H5P_DEFAULT);
  REQUIRE(attr >= 0);
  REQUIRE(H5Awrite(attr, H5T_NATIVE_INT, &version) >= 0);
  H5Aclose(attr);
}

std::string file(const std::string& name) {
  return "'" + (runs() / (name + ".h5")).string() + "'";
}

// Rows of a CSV without quoted fields, split on commas, CRLF line ends.
std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::size_t from = 0;
  while (from < text.size()) {
    const std::size_t end = text.find("\r\n", from);
    REQUIRE(end != std::string::npos);
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = from; i < end; ++i) {
      const char c = text[i];
      if (c == '"') {
        if (quoted && i + 1 < end && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        row.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    row.push_back(field);
    rows.push_back(row);
    from = end + 2;
  }
  return rows;
}

double number(const std::string& text) {
  return std::stod(text);
}

void check_width(const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) CHECK(line.size() <= 100);
}

// Systems s0, s1, ... of `run`, each of 100,000 people with 100 nurse FTE
// against a demand of 100, and these gaps.
void add_systems(CompareInput& input, std::size_t run, const std::vector<double>& gaps) {
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    UnitValues u;
    u.label = "s" + std::to_string(i);
    u.system_id = u.label;
    u.run = run;
    u.population = 100000;
    u.groups = {"nurse"};
    u.annual = {{"fte", {100}}, {"workforce_gap_fte", {gaps[i]}}, {"demand_fte", {100}}};
    input.units.push_back(u);
  }
}

}  // namespace

TEST_CASE("compare: per-capita and headline measures of two systems, worked by hand", "[compare]") {
  const TempDir out;
  const ProcessResult r = run_wfsim("compare " + file("north") + " " + file("south") + " --csv '" +
                                    (out / "t.csv").string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  CHECK(r.out ==
        "Headline measures, 2020/21\n"
        "\n"
        "measure                            North plan   South plan\n"
        "population                            200,000      300,000\n"
        "FTE per 100,000: nurse                   50.0         30.0\n"
        "FTE per 100,000: all groups              50.0         30.0\n"
        "leaver rate %                            12.0          0.0\n"
        "international share of joiners %         25.0            -\n"
        "temporary staffing share of pay %         0.0         33.3\n"
        "workforce gap share of demand %           0.0         25.0\n"
        "flags: warning                              0            0\n"
        "flags: critical                             0            4\n"
        "\n"
        "Outliers: not sought (Tukey fences need at least 4 scenarios; 2 compared).\n");

  const auto rows = csv_rows(slurp(out / "t.csv"));
  REQUIRE(rows.size() == 10);
  CHECK(rows[0] ==
        std::vector<std::string>{"measure", "description", "North plan", "South plan", "outliers"});
  CHECK(rows[1] == std::vector<std::string>{"population", "population", "200000", "300000", ""});
  CHECK(rows[2] ==
        std::vector<std::string>{"fte_per_100000.nurse", "FTE per 100,000: nurse", "50", "30", ""});
  CHECK(rows[3][0] == "fte_per_100000.all");
  CHECK(number(rows[3][2]) == 50.0);
  CHECK(number(rows[3][3]) == 30.0);
  // 12 leavers / 100 people: p(r) is 0.01 to within rounding of 1 - 0.99^12.
  CHECK(rows[4][0] == "leaver_rate_pct");
  CHECK(number(rows[4][2]) == Approx(12.0).epsilon(1e-12));
  CHECK(rows[4][3] == "0");
  CHECK(rows[5] == std::vector<std::string>{"international_share_pct",
                                            "international share of joiners %", "25", "", ""});
  CHECK(rows[6][0] == "temporary_share_pct");
  CHECK(rows[6][2] == "0");
  CHECK(number(rows[6][3]) == Approx(100.0 / 3).epsilon(1e-14));
  CHECK(rows[7] == std::vector<std::string>{"gap_share_pct", "workforce gap share of demand %", "0",
                                            "25", ""});
  CHECK(rows[8] == std::vector<std::string>{"flags_warning", "flags: warning", "0", "0", ""});
  CHECK(rows[9] == std::vector<std::string>{"flags_critical", "flags: critical", "0", "4", ""});
}

TEST_CASE("compare: two runs of one system get a difference column", "[compare]") {
  const TempDir out;
  const ProcessResult r = run_wfsim("compare " + file("north") + " " + file("north-stress") +
                                    " --year 2019/20 --csv '" + (out / "d.csv").string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("Headline measures, 2019/20\n") == 0);
  CHECK(r.out.find("measure                            North plan   North stress   difference\n") !=
        std::string::npos);
  CHECK(r.out.find("workforce gap share of demand %           0.0           16.7         16.7\n") !=
        std::string::npos);
  CHECK(r.out.find("flags: critical                             0              4            4\n") !=
        std::string::npos);
  CHECK(r.out.find("difference: the second run less the first.\n") != std::string::npos);
  const auto rows = csv_rows(slurp(out / "d.csv"));
  REQUIRE(rows.size() == 10);
  CHECK(rows[0][4] == "difference");
  CHECK(rows[2][4] == "0");  // FTE per 100,000: the same 100 nurses
  CHECK(number(rows[7][3]) == Approx(100.0 / 6).epsilon(1e-14));
  CHECK(number(rows[7][4]) == Approx(100.0 / 6).epsilon(1e-14));
}

TEST_CASE("compare --by system puts systems in rows within 100 columns", "[compare]") {
  const ProcessResult r = run_wfsim("compare --by system --per 1000 " + file("north") + " " +
                                    file("south") + " " + file("north-stress"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("                                    nurse      all   leaver        intl    "
                   "temp        gap\n"
                   "system                population   FTE/1k   FTE/1k   rate %   joiners %   pay "
                   "%   demand %\n"
                   "north                    200,000      0.5      0.5     12.0        25.0     "
                   "0.0        0.0\n"
                   "south                    300,000      0.3      0.3      0.0           -    "
                   "33.3       25.0\n"
                   "north (North stress)     200,000      0.5      0.5     12.0        25.0     "
                   "0.0       16.7\n") != std::string::npos);
  CHECK(r.out.find("north (North stress)") != std::string::npos);
  check_width(r.out);
}

TEST_CASE("compare: a group a system of a national file does not model is undefined", "[compare]") {
  // West models GPs only, North and South nurses only: their zeros there
  // are alignment's, shown "-" as for a group a single-system file lacks.
  const TempDir out;
  const ProcessResult r =
      run_wfsim("compare " + file("national-plan") + " --csv '" + (out / "t.csv").string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("                        nurse         gp        all   leaver        intl    "
                   "temp        gap\n"
                   "system  population   FTE/100k   FTE/100k   FTE/100k   rate %   joiners %   "
                   "pay %   demand %\n"
                   "north      200,000       50.0          -       50.0     12.0        25.0     "
                   "0.0        0.0\n"
                   "south      300,000       30.0          -       30.0      0.0           -    "
                   "33.3       25.0\n"
                   "west       100,000          -       10.0       10.0      0.0           -     "
                   "0.0        0.0\n") != std::string::npos);
  const auto rows = csv_rows(slurp(out / "t.csv"));
  REQUIRE(rows.size() == 4);
  CHECK(rows[0][2] == "fte_per_100000.nurse");
  CHECK(rows[0][3] == "fte_per_100000.gp");
  CHECK(rows[3] == std::vector<std::string>{"west", "100000", "", "10", "10", "0", "", "0", "0",
                                            "0", "0", ""});

  // The example: five of six systems model no pharmacists and one no
  // children's nurses; none of those is a peer at 0, so nothing is fenced
  // against 0.
  const ProcessResult england = run_wfsim("compare " + file("england"));
  REQUIRE(england.status == 0);
  CHECK(england.out.find("FTE per 100,000: pharmacist:") == std::string::npos);
  CHECK(england.out.find("FTE per 100,000: nurse_child:") == std::string::npos);

  // Unmodelled groups are no peers: one finite value left, no fences (s3
  // stands out only in all groups, 116.8 against 100).
  CompareInput input;
  input.by_system = true;
  add_systems(input, 0, {0, 0, 0, 0, 0, 0});
  for (UnitValues& u : input.units) {
    u.groups.push_back("pharmacist");
    u.modelled = {true, u.label == "s3"};
    for (auto& [name, values] : u.annual)
      values.push_back(name == "fte" ? 16.8 * (u.label == "s3") : 0);
  }
  const CompareTable t = build_comparison(input, 100000);
  REQUIRE(t.measures[2].id == "fte_per_100000.pharmacist");
  CHECK(t.values[2][3] == Approx(16.8));
  CHECK(std::isnan(t.values[2][0]));
  REQUIRE(t.outliers.size() == 1);
  CHECK(t.measures[t.outliers[0].measure].id == "fte_per_100000.all");
}

TEST_CASE("compare: two national files of the same systems pair rows by system", "[compare]") {
  const TempDir out;
  const ProcessResult r =
      run_wfsim("compare " + file("national-plan") + " " + file("national-stress") + " --csv '" +
                (out / "p.csv").string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  // Only North's gap (0 -> 20 / 120) and critical flags (0 -> 4) move.
  CHECK(
      r.out ==
      "Headline measures, 2020/21, reconciled plans of national files\n"
      "\n"
      "                           nurse         gp        all   leaver        intl    temp        "
      "gap\n"
      "system     population   FTE/100k   FTE/100k   FTE/100k   rate %   joiners %   pay %   "
      "demand %\n"
      "north A       200,000       50.0          -       50.0     12.0        25.0     0.0        "
      "0.0\n"
      "north B       200,000       50.0          -       50.0     12.0        25.0     0.0       "
      "16.7\n"
      "north B-A           0        0.0          -        0.0      0.0         0.0     0.0       "
      "16.7\n"
      "south A       300,000       30.0          -       30.0      0.0           -    33.3       "
      "25.0\n"
      "south B       300,000       30.0          -       30.0      0.0           -    33.3       "
      "25.0\n"
      "south B-A           0        0.0          -        0.0      0.0           -     0.0        "
      "0.0\n"
      "west A        100,000          -       10.0       10.0      0.0           -     0.0        "
      "0.0\n"
      "west B        100,000          -       10.0       10.0      0.0           -     0.0        "
      "0.0\n"
      "west B-A            0          -        0.0        0.0      0.0           -     0.0        "
      "0.0\n"
      "\n"
      "             flags      flags\n"
      "system     warning   critical\n"
      "north A          0          0\n"
      "north B          0          4\n"
      "north B-A        0          4\n"
      "south A          0          4\n"
      "south B          0          4\n"
      "south B-A        0          0\n"
      "west A           0          0\n"
      "west B           0          0\n"
      "west B-A         0          0\n"
      "\n"
      "FTE/100k: FTE per 100,000 people. leaver rate: leavers / mean headcount. intl joiners:\n"
      "international share of joiners. temp pay: temporary staffing share of pay cost. gap "
      "demand:\n"
      "workforce gap share of demand. flags: flags raised in the year (Monte Carlo: by most "
      "replicates).\n"
      "A: national-plan.h5 (Three systems: plans)\n"
      "B: national-stress.h5 (Three systems: North stressed)\n"
      "B-A: the second run less the first.\n"
      "Outliers: not sought (Tukey fences need at least 4 systems; 3 in each run).\n");
  const auto rows = csv_rows(slurp(out / "p.csv"));
  REQUIRE(rows.size() == 10);
  CHECK(rows[3][0] == "north B-A");
  CHECK(number(rows[3][8]) == Approx(100.0 / 6).epsilon(1e-14));
  CHECK(rows[3][10] == "4");
  CHECK(rows[9] ==
        std::vector<std::string>{"west B-A", "0", "", "0", "0", "0", "", "0", "0", "0", "0", ""});

  // The example against itself: every difference 0, rows within 100 columns.
  const ProcessResult england = run_wfsim("compare " + file("england") + " " + file("england"));
  REQUIRE(england.status == 0);
  CHECK(england.out.find("\nmetro B-A              0           0.0") != std::string::npos);
  check_width(england.out);
}

TEST_CASE("compare: paired runs are fenced within each run, not across runs", "[compare]") {
  // Run A's gaps 10 11 12 18: Q1 10.75, Q3 at h = 2.25 is 13.5, IQR 2.75,
  // upper fence 17.625, so 18 is beyond it. Run B's 20 21 22 23: fences
  // 18.5 and 24.5, none beyond. Across both runs Q1 11.75, Q3 21.25, the
  // fences -2.5 and 35.5 would hide A's outlier.
  CompareInput input;
  input.by_system = true;
  input.year = "2023/24";
  input.runs = {"a.h5 (Plans)", "b.h5 (Stress)"};
  add_systems(input, 0, {10, 11, 12, 18});
  add_systems(input, 1, {20, 21, 22, 23});
  const CompareTable t = build_comparison(input, 100000);
  CHECK(t.units == std::vector<std::string>{"s0 A", "s0 B", "s0 B-A", "s1 A", "s1 B", "s1 B-A",
                                            "s2 A", "s2 B", "s2 B-A", "s3 A", "s3 B", "s3 B-A"});
  CHECK(t.fences_per_run);
  CHECK(t.peers == 4);
  REQUIRE(t.outliers.size() == 1);
  CHECK(t.units[t.outliers[0].unit] == "s3 A");
  CHECK(t.outliers[0].fences.upper == 17.625);
  std::ostringstream text;
  print_comparison(t, text);
  CHECK(text.str().find("A: a.h5 (Plans)\nB: b.h5 (Stress)\nB-A: the second run less the first.\n"
                        "Outliers (*): beyond 1.5 IQR of the 4 systems of the same run (Tukey "
                        "fences):\n"
                        "  workforce gap share of demand %: s3 A 18.0 (above the upper fence "
                        "17.62)\n") != std::string::npos);
}

TEST_CASE("Tukey fences: quartiles by linear interpolation, 1.5 IQR", "[compare]") {
  // Sorted 10 11 12 13 14 40: Q1 at h = 1.25 is 11.25, Q3 at h = 3.75 is
  // 13.75, IQR 2.5, fences 7.5 and 17.5: only 40 is beyond.
  const auto f = tukey_fences({40, 12, 10, 14, 11, 13});
  REQUIRE(f);
  CHECK(f->q1 == 11.25);
  CHECK(f->q3 == 13.75);
  CHECK(f->lower == 7.5);
  CHECK(f->upper == 17.5);
  CHECK(beyond(*f, 40));
  CHECK_FALSE(beyond(*f, 17.5));  // on the fence is not beyond it
  CHECK_FALSE(beyond(*f, 7.5));
  CHECK(beyond(*f, 7.4));
  CHECK_FALSE(tukey_fences({1, 2, 3}));                // too few peers
  CHECK_FALSE(tukey_fences({1, 2, 3, std::nan("")}));  // NaN is not a peer

  // The same values as six systems' gap shares of demand (gap / demand).
  CompareInput input;
  input.by_system = true;
  input.year = "2023/24";
  add_systems(input, 0, {10, 11, 12, 13, 14, 40});
  const CompareTable t = build_comparison(input, 100000);
  REQUIRE(t.outliers.size() == 1);
  CHECK(t.measures[t.outliers[0].measure].id == "gap_share_pct");
  CHECK(t.units[t.outliers[0].unit] == "s5");
  std::ostringstream text, csv;
  print_comparison(t, text);
  INFO(text.str());
  CHECK(text.str().find("\ns5         100,000      100.0      100.0        -           -       -   "
                        "    40.0*        0\n") != std::string::npos);
  CHECK(text.str().find(
            "Outliers (*): beyond 1.5 IQR of the 6 systems compared (Tukey fences):\n"
            "  workforce gap share of demand %: s5 40.0 (above the upper fence 17.50)\n") !=
        std::string::npos);
  write_comparison_csv(t, csv);
  const auto rows = csv_rows(csv.str());
  REQUIRE(rows.size() == 7);
  CHECK(rows[0].back() == "outliers");
  CHECK(rows[6].front() == "s5");
  CHECK(rows[6].back() == "gap_share_pct");
  CHECK(rows[5].back() == "");
}

TEST_CASE("compare refuses files it cannot compare, with exit 2", "[compare]") {
  SECTION("different plan years") {
    const ProcessResult r = run_wfsim("compare " + file("north") + " " + file("short"));
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "wfsim compare: " + (runs() / "short.h5").string() +
                       ": plan years 2019/20 differ from " + (runs() / "north.h5").string() +
                       " (2019/20 to 2020/21)\n");
  }
  SECTION("a missing file") {
    const ProcessResult r = run_wfsim("compare " + file("north") + " " + file("absent"));
    CHECK(r.status == 2);
    CHECK(r.err == "wfsim compare: " + (runs() / "absent.h5").string() + ": no such file\n");
  }
  SECTION("a file that is not HDF5") {
    const ProcessResult r =
        run_wfsim("compare " + file("north") + " tests/scenarios/compare/north.toml");
    CHECK(r.status == 2);
    CHECK(r.err ==
          "wfsim compare: tests/scenarios/compare/north.toml: not a wfsim output file (not an HDF5 "
          "file, or "
          "unreadable)\n");
  }
  SECTION("an HDF5 file that is not a wfsim file") {
    const TempDir dir;
    const std::string other = (dir / "other.h5").string();
    hid_t f = H5Fcreate(other.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    REQUIRE(f >= 0);
    const hsize_t n = 3;
    hid_t space = H5Screate_simple(1, &n, nullptr);
    hid_t ds = H5Dcreate2(f, "fte", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const double values[3] = {1, 2, 3};
    H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
    H5Dclose(ds);
    H5Sclose(space);
    H5Fclose(f);
    const ProcessResult r = run_wfsim("compare " + file("north") + " '" + other + "'");
    CHECK(r.status == 2);
    CHECK(r.err ==
          "wfsim compare: " + other + ": not a wfsim output file (no format_version attribute)\n");
  }
  SECTION("a format_version this wfsim does not read") {
    const TempDir dir;
    const std::filesystem::path copy = dir / "v3.h5";
    std::filesystem::copy_file(runs() / "north.h5", copy);
    hid_t f = H5Fopen(copy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(f >= 0);
    set_format_version(f, 3);
    H5Fclose(f);
    const ProcessResult r = run_wfsim("compare " + file("north") + " '" + copy.string() + "'");
    CHECK(r.status == 2);
    CHECK(r.err == "wfsim compare: " + copy.string() +
                       ": format_version 3 is not one this wfsim reads (1 to 2)\n");
  }
  SECTION("a version 1 file, flags in the root group, compares beside a version 2 file") {
    // Version 1 held the flag columns in the root group: move them there.
    const TempDir dir;
    const std::filesystem::path copy = dir / "v1.h5";
    std::filesystem::copy_file(runs() / "north-stress.h5", copy);
    hid_t f = H5Fopen(copy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(f >= 0);
    for (const char* name : {"flag", "flag_kind", "flag_group", "flag_year", "flag_metric",
                             "flag_value", "flag_threshold", "flag_severity", "flag_units"})
      REQUIRE(H5Lmove(f, (std::string("flags/") + name).c_str(), f, name, H5P_DEFAULT,
                      H5P_DEFAULT) >= 0);
    REQUIRE(H5Ldelete(f, "flags", H5P_DEFAULT) >= 0);
    set_format_version(f, 1);
    H5Fclose(f);
    const ProcessResult v2 = run_wfsim("compare " + file("north-stress") + " --csv " +
                                       (dir / "v2.csv").string());
    const ProcessResult v1 =
        run_wfsim("compare '" + copy.string() + "' --csv " + (dir / "v1.csv").string());
    REQUIRE(v2.status == 0);
    REQUIRE(v1.status == 0);
    // The same table, flag counts included, whichever group holds the flags.
    const std::string table = slurp(dir / "v1.csv");
    CHECK(table == slurp(dir / "v2.csv"));
    CHECK(table.find("flags_critical,flags: critical,4,") != std::string::npos);
  }
  SECTION("a year the files do not have") {
    const ProcessResult r = run_wfsim("compare " + file("north") + " --year 2030/31");
    CHECK(r.status == 2);
    CHECK(r.err ==
          "wfsim compare: --year 2030/31: not a plan year of these files (2019/20 to 2020/21)\n");
  }
  SECTION("a bad option") {
    const ProcessResult r = run_wfsim("compare " + file("north") + " --by region");
    CHECK(r.status == 2);
    CHECK(r.err.find("--by") != std::string::npos);
  }
}

TEST_CASE("compare counts a Monte Carlo file's flags raised by most replicates",
          "[compare][replicates]") {
  // 50 replicates of tests/scenarios/uncertain.toml: in 2020/21 some
  // warnings are raised by most replicates and some by few (all listed in
  // the file with their flag_share); a typical future raises the former.
  TempDir dir;
  const std::string h5 = (dir / "mc.h5").string(), csv = (dir / "mc.csv").string();
  REQUIRE(run_wfsim("run -q tests/scenarios/uncertain.toml -r 50 -o '" + h5 + "'").status == 0);
  REQUIRE(run_wfsim("compare '" + h5 + "' --year 2020/21 --csv '" + csv + "'").status == 0);
  std::ifstream in(csv);
  std::string line, warnings;
  while (std::getline(in, line))
    if (line.rfind("flags_warning,", 0) == 0) warnings = line;
  // The count is that of the file's own flag rows, worked here: warnings of
  // 2020/21 raised by at least half of the replicates (compare's rule). The
  // shares are Monte Carlo figures, which move with the sampler.
  const wfsim::RunReader reader(h5);
  const auto year = reader.read_strings(reader.flag_column("flag_year"));
  const auto severity = reader.read_strings(reader.flag_column("flag_severity"));
  const auto share = reader.read(reader.flag_column("flag_share")).values;
  REQUIRE(year.size() == share.size());
  int typical = 0, rare = 0;
  for (std::size_t i = 0; i < year.size(); ++i)
    if (year[i] == "2020/21" && severity[i] == "warning") (share[i] >= 0.5 ? typical : rare) += 1;
  CHECK(typical > 0);
  CHECK(rare > 0);  // some are left out: the count is not of every row
  CHECK(warnings == "flags_warning,flags: warning," + std::to_string(typical) + ",\r");
}
