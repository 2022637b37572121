// wfsim report: every kind of output file to HTML and xlsx, read back with
// Python (html.parser, openpyxl) and compared with the file's values read
// through RunReader; bad input exits 2 and writes nothing. The browser and
// PDF checks are tests/report_browser_check.py (ctest: report_browser).

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "output/hdf5_reader.h"
#include "process.h"
#include "skip.h"

using namespace wfsim::testing;
using nlohmann::json;

namespace {

bool python_reads_xlsx() {
  return std::system("/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1") == 0;
}

// tests/report_check.py MODE FILE, its JSON; fails the test on a problem.
json check(const std::string& mode, const std::filesystem::path& file) {
  const ProcessResult r = run_in_source_dir("/usr/bin/python3 tests/report_check.py " + mode +
                                            " '" + file.string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  return json::parse(r.out);
}

double value(const json& text) {
  return std::stod(text.get<std::string>());
}

// Sum over groups of an annual variable in the last plan year, the mean over
// replicates, read straight from the file.
double last_year_total(const wfsim::RunReader& f, const std::string& variable) {
  const wfsim::Array a = f.read("annual/" + variable);
  const std::size_t reps = a.shape[0], years = a.shape[1], groups = a.shape[2];
  double sum = 0;
  for (std::size_t r = 0; r < reps; ++r)
    for (std::size_t g = 0; g < groups; ++g) sum += a.values[(r * years + years - 1) * groups + g];
  return sum / static_cast<double>(reps);
}

int count_severity(const wfsim::RunReader& f, const std::string& severity) {
  const auto s = f.read_strings(f.flag_column("flag_severity"));
  std::vector<double> share;
  if (f.has(f.flag_column("flag_share"))) share = f.read(f.flag_column("flag_share")).values;
  int n = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    n += s[i] == severity && (share.empty() || share[i] >= 0.5);
  return n;
}

struct Runs {
  TempDir dir;
  Runs() {
    const std::pair<const char*, const char*> runs[] = {
        {"tests/scenarios/tiny.toml", "tiny.h5"},
        {"scenarios/example-ics.toml", "example.h5"},
        {"scenarios/example-ics.toml -r 6", "mc.h5"},
        {"scenarios/stress/ir-halved.toml", "stress.h5"},
        {"tests/scenarios/sweep.toml", "sweep.h5"},
        {"scenarios/national/england.toml", "england.h5"}};
    for (const auto& [scenario, h5] : runs)
      REQUIRE(run_wfsim(std::string("run -q ") + scenario + " -o '" + (dir / h5).string() + "'")
                  .status == 0);
  }
  std::string operator()(const std::string& name) const { return (dir / name).string(); }
};

const Runs& runs() {
  static const Runs r;
  return r;
}

}  // namespace

TEST_CASE("report: the headline holds the file's own figures", "[report]") {
  const Runs& run = runs();
  for (const char* name : {"example.h5", "mc.h5"}) {
    SECTION(name) {
      const std::string html = run("report-" + std::string(name) + ".html");
      const ProcessResult r = run_wfsim("report '" + run(name) + "' -o '" + html + "'");
      INFO(r.err);
      REQUIRE(r.status == 0);
      CHECK(r.out == "wrote " + html + "\n");
      const json page = check("html", html);
      const wfsim::RunReader f(run(name));
      const json& cards = page["cards"];
      const double demand = last_year_total(f, "demand_fte");
      CHECK(value(cards["headline-demand"]) == Approx(demand).epsilon(1e-12));
      CHECK(value(cards["headline-supply"]) ==
            Approx(last_year_total(f, "effective_fte")).epsilon(1e-12));
      CHECK(value(cards["headline-gap"]) ==
            Approx(last_year_total(f, "workforce_gap_fte")).epsilon(1e-12));
      CHECK(value(cards["headline-gap-share"]) ==
            Approx(last_year_total(f, "workforce_gap_fte") / demand).epsilon(1e-12));
      CHECK(value(cards["headline-pay-cost"]) ==
            Approx(last_year_total(f, "pay_cost_gbp")).epsilon(1e-12));
      CHECK(value(cards["headline-budget"]) ==
            Approx(last_year_total(f, "budget_gbp")).epsilon(1e-12));
      CHECK(value(cards["headline-critical"]) == count_severity(f, "critical"));
      CHECK(value(cards["headline-warning"]) == count_severity(f, "warning"));
      // The largest gap: the largest workforce_gap_fte of any group and year.
      const wfsim::Array gap = f.read("annual/workforce_gap_fte");
      const std::size_t reps = gap.shape[0], cells = gap.shape[1] * gap.shape[2];
      double largest = 0;
      for (std::size_t c = 0; c < cells; ++c) {
        double mean = 0;
        for (std::size_t rep = 0; rep < reps; ++rep) mean += gap.values[rep * cells + c];
        largest = std::max(largest, mean / static_cast<double>(reps));
      }
      const json& top = page["tables"]["largest-gaps"];
      REQUIRE(top.size() == 4);  // the heading row and three gaps
      CHECK(value(top[1][1]) == Approx(largest).epsilon(1e-12));
      // Sections in the order, a chart per staff group, two of money.
      const std::vector<std::string> sections = page["sections"];
      CHECK(sections == std::vector<std::string>{"headline", "flags", "groups", "money", "levers",
                                                 "provenance"});
      CHECK(page["canvases"].size() == f.read_strings("annual/staff_group").size() + 2);
      CHECK(page["charts"].size() == page["canvases"].size());
    }
  }
}

TEST_CASE("report: every kind of file, and two side by side", "[report]") {
  const Runs& run = runs();
  SECTION("a sweep lists its variants") {
    const std::string html = run("sweep.html");
    REQUIRE(run_wfsim("report -q '" + run("sweep.h5") + "' -o '" + html + "'").status == 0);
    const json page = check("html", html);
    CHECK(page["tables"]["variants-table"].size() == 5);  // heading and four variants
  }
  SECTION("a national run compares its systems and shows its pools") {
    const std::string html = run("england.html");
    REQUIRE(run_wfsim("report -q '" + run("england.h5") + "' -o '" + html + "'").status == 0);
    const json page = check("html", html);
    const wfsim::RunReader f(run("england.h5"));
    const auto systems = f.read_strings("annual/system");
    CHECK(page["tables"]["systems-table"].size() == systems.size() + 1);
    // A small multiple per system, a chart per staff group, two of money.
    CHECK(page["canvases"].size() ==
          systems.size() + f.read_strings("annual/staff_group").size() + 2);
    for (const std::string& pool : f.read_strings("pools/pool"))
      CHECK(page["tables"].contains("pool-" + pool));
    // The headline is the national totals of the reconciled plan.
    const wfsim::Array demand = f.read("national/annual/demand_fte");
    const auto plans = f.read_strings("national/annual/plan");
    const std::size_t p = plans[0] == "reconciled" ? 0 : 1;
    const std::size_t years = demand.shape[2], groups = demand.shape[3];
    double total = 0;
    for (std::size_t g = 0; g < groups; ++g)
      total += demand.values[(p * demand.shape[1] * years + years - 1) * groups + g];
    CHECK(value(page["cards"]["headline-demand"]) == Approx(total).epsilon(1e-12));
  }
  SECTION("two files: B less A") {
    const std::string html = run("pair.html");
    REQUIRE(run_wfsim("report -q '" + run("example.h5") + "' '" + run("stress.h5") + "' -o '" +
                      html + "'")
                .status == 0);
    const json page = check("html", html);
    const json& rows = page["tables"]["comparison-table"];
    const double a = last_year_total(wfsim::RunReader(run("example.h5")), "workforce_gap_fte");
    const double b = last_year_total(wfsim::RunReader(run("stress.h5")), "workforce_gap_fte");
    // Row 4: the workforce gap (after the heading, demand, supply, funded).
    CHECK(value(rows[4][0]) == Approx(a).epsilon(1e-12));
    CHECK(value(rows[4][1]) == Approx(b).epsilon(1e-12));
    CHECK(value(rows[4][2]) == Approx(b - a).epsilon(1e-9));
  }
  SECTION("the default name: the file's stem with .html, here") {
    const ProcessResult r = run_wfsim("report '" + run("tiny.h5") + "'");
    REQUIRE(r.status == 0);
    CHECK(r.out == "wrote tiny.html\n");
    std::filesystem::remove(std::filesystem::path(WFSIM_SOURCE_DIR) / "tiny.html");
  }
}

TEST_CASE("report: a group the report does not know is shown as tables", "[report]") {
  const Runs& run = runs();
  // A solved plan's /solve, as `wfsim solve` may write it: a variable along a
  // labelled axis.
  const std::string h5 = run("solved.h5");
  std::filesystem::copy_file(run("tiny.h5"), h5, std::filesystem::copy_options::overwrite_existing);
  {
    const hid_t file = H5Fopen(h5.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(file >= 0);
    const hid_t group = H5Gcreate2(file, "solve", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const hsize_t n = 2;
    const double option[] = {1, 2}, cost[] = {1500.5, 2500.25};
    H5LTmake_dataset_double(group, "option", 1, &n, option);
    H5LTmake_dataset_double(group, "cost_gbp", 1, &n, cost);
    const hid_t scale = H5Dopen2(group, "option", H5P_DEFAULT);
    const hid_t data = H5Dopen2(group, "cost_gbp", H5P_DEFAULT);
    H5DSset_scale(scale, "option");
    H5DSattach_scale(data, scale, 0);
    H5LTset_attribute_string(group, "cost_gbp", "units", "GBP");
    H5Dclose(data);
    H5Dclose(scale);
    H5Gclose(group);
    H5Fclose(file);
  }
  const std::string html = run("solved.html");
  REQUIRE(run_wfsim("report -q '" + h5 + "' -o '" + html + "'").status == 0);
  const json page = check("html", html);
  const std::vector<std::string> sections = page["sections"];
  CHECK(std::find(sections.begin(), sections.end(), "extra-solve") != sections.end());
  const json& t = page["tables"]["extra-solve-cost_gbp"];
  REQUIRE(t.size() == 3);
  CHECK(value(t[1][0]) == 1500.5);
  CHECK(value(t[2][0]) == 2500.25);
}

TEST_CASE("report --xlsx: the workbook holds the file's values", "[report]") {
  if (!python_reads_xlsx()) {
    WARN(
        "report --xlsx not read back: /usr/bin/python3 cannot import openpyxl "
        "(tools/install-deps --test installs it)");
    return;
  }
  const Runs& run = runs();
  const std::string xlsx = run("example.xlsx");
  const ProcessResult r = run_wfsim("report '" + run("example.h5") + "' --xlsx '" + xlsx + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  // --xlsx alone writes no HTML.
  CHECK(r.out == "wrote " + xlsx + "\n");
  const json book = check("xlsx", xlsx);
  const wfsim::RunReader f(run("example.h5"));
  const auto names = f.read_strings("annual/staff_group_name");
  std::vector<std::string> expected{"Summary", "Flags"};
  for (const std::string& n : names) {
    std::string sheet = n;
    for (char& c : sheet)
      if (c == ':') c = '-';
    expected.push_back(sheet.substr(0, 31));
  }
  for (const char* s : {"Money", "Levers", "Provenance"}) expected.push_back(s);
  CHECK(book["sheets"].get<std::vector<std::string>>() == expected);

  // Summary: the headline as numbers.
  const json& summary = book["sheet"]["Summary"]["rows"];
  bool found = false;
  for (const json& row : summary)
    if (row[0].is_string() && row[0].get<std::string>().rfind("Demand ", 0) == 0) {
      CHECK(row[1].get<double>() == Approx(last_year_total(f, "demand_fte")).epsilon(1e-9));
      found = true;
    }
  CHECK(found);
  CHECK(book["sheet"]["Summary"]["freeze"] == "B8");

  // A staff group's sheet: a row per plan year, values of /annual to 1e-9.
  const json& nurses = book["sheet"][expected[2]];
  const json& rows = nurses["rows"];
  const wfsim::Array demand = f.read("annual/demand_fte"), pay = f.read("annual/pay_cost_gbp");
  const std::size_t years = demand.shape[1], groups = demand.shape[2];
  REQUIRE(rows.size() == years + 1);
  CHECK(rows[0][0] == "Plan year");
  CHECK(rows[0][1] == "Demand (FTE)");
  CHECK(rows[0][16] == "Pay cost (GBP)");
  const auto year_labels = f.read_strings("annual/year");
  for (std::size_t y = 0; y < years; ++y) {
    CHECK(rows[y + 1][0] == year_labels[y]);
    CHECK(rows[y + 1][1].get<double>() == Approx(demand.values[y * groups]).epsilon(1e-9));
    CHECK(rows[y + 1][16].get<double>() == Approx(pay.values[y * groups]).epsilon(1e-9));
  }
  CHECK(nurses["charts"] == 1);
  CHECK(nurses["freeze"] == "B2");
  CHECK(nurses["filter"] == "A1:R6");
  CHECK(book["sheet"]["Money"]["charts"] == 1);
  // Flags: a row per flag, value and threshold as numbers.
  const auto severity = f.read_strings(f.flag_column("flag_severity"));
  const json& flags = book["sheet"]["Flags"]["rows"];
  REQUIRE(flags.size() == severity.size() + 1);
  CHECK(flags[1][0] == severity[0]);
  CHECK(flags[1][5].get<double>() ==
        Approx(f.read(f.flag_column("flag_value")).values[0]).epsilon(1e-9));
}

TEST_CASE("report --xlsx without libxlsxwriter fails with one message and writes nothing",
          "[report][xlsx]") {
  // The library hidden in a mount namespace of the test's own (root only):
  // /dev/null bound over it, so the loader finds a file too short to load.
  const Runs& run = runs();
  const TempDir dir;
  const std::string html = (dir / "r.html").string(), xlsx = (dir / "r.xlsx").string();
  const std::string library = "/usr/lib/x86_64-linux-gnu/" WFSIM_XLSXWRITER_SONAME;
  const ProcessResult r =
      run_in_source_dir("unshare -m sh -c \"mount --bind /dev/null '" + library +
                        "' || exit 77; '" + std::string(WFSIM_PROGRAM) + "' report '" +
                        run("example.h5") + "' -o '" + html + "' --xlsx '" + xlsx + "'\"");
  if (r.status == 77 || r.err.find("unshare: ") == 0)
    WFSIM_SKIP("cannot hide " + library + " here (not root, or no mount namespaces)");
  INFO(r.err);
  CHECK(r.status == 1);
  CHECK(r.err.find("wfsim: error: cannot load " WFSIM_XLSXWRITER_SONAME
                   ", which writes Excel workbooks: ") == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.out.empty());
  CHECK(!std::filesystem::exists(html));  // the HTML waits for the workbook
  CHECK(!std::filesystem::exists(xlsx));
  CHECK(std::filesystem::is_empty(dir.path));
}

TEST_CASE("report: bad input exits 2, says why, and writes nothing", "[report]") {
  const Runs& run = runs();
  TempDir dir;
  const std::string html = (dir / "out.html").string(), xlsx = (dir / "out.xlsx").string();
  auto nothing_written = [&] {
    CHECK_FALSE(std::filesystem::exists(html));
    CHECK_FALSE(std::filesystem::exists(xlsx));
    CHECK(std::filesystem::is_empty(dir.path));
  };
  SECTION("a text file") {
    const std::string text = (dir / "notes.h5").string();
    { std::ofstream(text) << "not HDF5\n"; }
    const ProcessResult r =
        run_wfsim("report '" + text + "' -o '" + html + "' --xlsx '" + xlsx + "'");
    CHECK(r.status == 2);
    CHECK(r.err == "wfsim report: " + text +
                       ": not a wfsim output file (not an HDF5 file, or unreadable)\n");
    std::filesystem::remove(text);
    nothing_written();
  }
  SECTION("a missing file") {
    const ProcessResult r =
        run_wfsim("report '" + (dir / "none.h5").string() + "' -o '" + html + "'");
    CHECK(r.status == 2);
    CHECK(r.err.rfind("wfsim report: " + (dir / "none.h5").string() + ": ", 0) == 0);
    nothing_written();
  }
  SECTION("an HDF5 file that is not wfsim's") {
    const std::string other = (dir / "other.h5").string();
    H5Fclose(H5Fcreate(other.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    const ProcessResult r = run_wfsim("report '" + other + "' -o '" + html + "'");
    CHECK(r.status == 2);
    CHECK(r.err.find("not a wfsim output file") != std::string::npos);
    std::filesystem::remove(other);
    nothing_written();
  }
  SECTION("an output directory that does not exist") {
    const std::string missing = (dir / "none" / "out.html").string();
    const ProcessResult r = run_wfsim("report '" + run("tiny.h5") + "' -o '" + missing + "'");
    CHECK(r.status == 2);
    CHECK(r.err == "wfsim report: " + missing + ": no such directory " + (dir / "none").string() +
                       "; nothing was written\n");
    nothing_written();
  }
  SECTION("two files of different plan years") {
    const ProcessResult r =
        run_wfsim("report '" + run("example.h5") + "' '" + run("tiny.h5") + "' -o '" + html + "'");
    CHECK(r.status == 2);
    CHECK(r.err == "wfsim report: " + run("tiny.h5") +
                       ": plan years 2019/20 to 2020/21 differ from " + run("example.h5") +
                       " (2019/20 to 2023/24)\n");
    nothing_written();
  }
  SECTION("--pdf without Chromium: exit 1 and nothing written") {
    const ProcessResult r = run_in_source_dir("WFSIM_CHROMIUM= '" + std::string(WFSIM_PROGRAM) +
                                              "' report '" + run("tiny.h5") + "' -o '" + html +
                                              "' --pdf '" + (dir / "out.pdf").string() + "'");
    CHECK(r.status == 1);
    CHECK(r.err ==
          "wfsim report: --pdf needs Chromium (Debian: apt-get install chromium), which is not "
          "installed; nothing was written (the HTML report prints to PDF from any browser)\n");
    nothing_written();
  }
}
