// `wfsim export`: the CSV files hold every value of the HDF5 file, at full
// precision (read both, compare every value exactly).

#include <fmt/format.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/variables.h"
#include "process.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      ++i;
    } else {
      REQUIRE(c != '\n');  // RFC 4180: records end in CRLF
      field += c;
    }
  }
  REQUIRE(row.empty());
  REQUIRE(field.empty());
  return rows;
}

// The column of `name` in a CSV's header row.
std::size_t column(const std::vector<std::vector<std::string>>& rows, std::string_view name) {
  REQUIRE(!rows.empty());
  const auto& header = rows[0];
  const auto it = std::find(header.begin(), header.end(), name);
  REQUIRE(it != header.end());
  return static_cast<std::size_t>(it - header.begin());
}

// (replicate, group, period, variable) -> value text, from a long CSV.
std::map<std::string, std::string> by_key(const std::vector<std::vector<std::string>>& rows,
                                          bool monthly) {
  const std::size_t replicate = column(rows, "replicate"), group = column(rows, "group"),
                    period = column(rows, monthly ? "month" : "year"),
                    variable = column(rows, "variable"), value = column(rows, "value");
  std::map<std::string, std::string> out;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    REQUIRE(rows[i].size() == rows[0].size());
    const auto& r = rows[i];
    out[r[replicate] + "|" + r[group] + "|" + r[period] + "|" + r[variable]] = r[value];
  }
  return out;
}

std::vector<std::string> strings(hid_t file, const std::string& name) {
  hid_t ds = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  REQUIRE(ds >= 0);
  hid_t space = H5Dget_space(ds);
  std::vector<char*> p(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  REQUIRE(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data()) >= 0);
  std::vector<std::string> out;
  for (char* s : p) {
    out.emplace_back(s);
    H5free_memory(s);
  }
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(ds);
  return out;
}

struct Values {
  std::vector<std::size_t> dims;
  std::vector<double> values;
  bool single = false;
};

Values numbers(hid_t file, const std::string& name) {
  hid_t ds = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  REQUIRE(ds >= 0);
  hid_t space = H5Dget_space(ds);
  hsize_t dims[8];
  const int rank = H5Sget_simple_extent_dims(space, dims, nullptr);
  Values v;
  for (int i = 0; i < rank; ++i) v.dims.push_back(dims[i]);
  v.values.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  hid_t type = H5Dget_type(ds);
  v.single = H5Tget_size(type) == sizeof(float);
  REQUIRE(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.values.data()) >= 0);
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(ds);
  return v;
}

// Every value of every variable of kAnnualVariables (annual) or
// kMonthlyVariables (monthly) is in the CSV, and reads back exactly.
void check_round_trip(const std::string& h5, const std::filesystem::path& dir, bool monthly) {
  const auto rows = read_csv(slurp(dir / (monthly ? "monthly.csv" : "annual.csv")));
  REQUIRE(!rows.empty());
  CHECK(rows[0] == std::vector<std::string>{"system", "plan", "variant", "replicate", "group",
                                            "group_name", "age_band", monthly ? "month" : "year",
                                            "variable", "units", "value"});
  const auto values = by_key(rows, monthly);
  hid_t file = H5Fopen(h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const std::string prefix = monthly ? "" : "annual/";
  const auto groups = strings(file, prefix + "staff_group");
  std::vector<std::string> periods;
  if (monthly) {
    const Values time = numbers(file, "time");
    for (std::size_t m = 0; m < time.values.size(); ++m)  // tiny runs start in April 2019
      periods.push_back(
          fmt::format("{:04d}-{:02d}", 2019 + (3 + static_cast<int>(m)) / 12, (3 + m) % 12 + 1));
  } else {
    periods = strings(file, "annual/year");
  }
  std::size_t compared = 0;
  auto compare = [&](std::string_view name) {
    const Values v = numbers(file, prefix + std::string(name));
    REQUIRE(v.dims.size() == 3);
    REQUIRE(v.dims[1] == periods.size());
    REQUIRE(v.dims[2] == groups.size());
    for (std::size_t r = 0; r < v.dims[0]; ++r)
      for (std::size_t p = 0; p < v.dims[1]; ++p)
        for (std::size_t g = 0; g < v.dims[2]; ++g) {
          const double stored = v.values[(r * v.dims[1] + p) * v.dims[2] + g];
          const auto it = values.find(fmt::format("{}|{}|{}|{}", r, groups[g], periods[p], name));
          REQUIRE(it != values.end());
          if (v.single)
            REQUIRE(std::stof(it->second) == static_cast<float>(stored));
          else
            REQUIRE(std::stod(it->second) == stored);
          ++compared;
        }
  };
  if (monthly)
    for (const auto& info : kMonthlyVariables) compare(info.name);
  else
    for (const auto& info : kAnnualVariables) compare(info.name);
  H5Fclose(file);
  CHECK(compared == values.size());  // no row the file does not hold (no extra dims here)
}

}  // namespace

TEST_CASE("export: annual and monthly CSV round-trip every value of a run", "[export]") {
  const TempDir dir;
  const std::string h5 = (dir / "north.h5").string();
  REQUIRE(run_wfsim("run -q tests/scenarios/compare/north-stress.toml -o '" + h5 + "'").status ==
          0);
  const ProcessResult r = run_wfsim("export '" + h5 + "' --csv '" + (dir / "csv").string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out ==
        fmt::format("wrote {0}/csv/annual.csv\nwrote {0}/csv/monthly.csv\nwrote {0}/csv/flags.csv\n"
                    "wrote {0}/csv/variables.csv\n",
                    dir.path.string()));
  check_round_trip(h5, dir / "csv", false);
  check_round_trip(h5, dir / "csv", true);

  // Flags: unfunded and unmet demand, for the group and "all", each year.
  const auto flags = read_csv(slurp(dir / "csv" / "flags.csv"));
  REQUIRE(flags.size() == 9);
  CHECK(flags[0] == std::vector<std::string>{"system", "plan", "variant", "year", "group",
                                             "group_name", "kind", "metric", "severity", "value",
                                             "threshold", "units", "share"});
  CHECK(flags[1][0] == "north");  // a single system's file names its system too
  CHECK(flags[1][1] == "-");      // no plan and no variant: "-", text as in a national file
  CHECK(flags[1][2] == "-");
  CHECK(flags[1][3] == "2019/20");
  const auto annual = read_csv(slurp(dir / "csv" / "annual.csv"));
  for (std::size_t i = 1; i < annual.size(); ++i) REQUIRE(annual[i][0] == "north");
  CHECK(flags[1][4] == "nurse");
  CHECK(flags[1][5] == "Registered nurses");  // the name tests/scenarios/compare/north.toml gives
  CHECK(flags[1][6] == "unfunded_demand");
  CHECK(flags[1][8] == "critical");
  CHECK(std::stod(flags[1][9]) == Approx(20.0).epsilon(1e-12));
  CHECK(std::stod(flags[1][10]) == Approx(2.4).epsilon(1e-12));
  CHECK(flags[1][11] == "FTE");
  CHECK(flags[1][12] == "1");  // a deterministic run raises it in its one future
  for (std::size_t i = 1; i < annual.size(); ++i) {
    REQUIRE(annual[i][1] == "-");
    REQUIRE(annual[i][2] == "-");
    REQUIRE(annual[i][4] == "nurse");
    REQUIRE(annual[i][5] == "Registered nurses");
  }

  // The dictionary: each variable of each table once, with the file's units.
  const auto variables = read_csv(slurp(dir / "csv" / "variables.csv"));
  CHECK(variables[0] == std::vector<std::string>{"table", "variable", "units", "long_name"});
  std::map<std::string, std::string> units;
  for (std::size_t i = 1; i < variables.size(); ++i) {
    const std::string key = variables[i][0] + "|" + variables[i][1];
    REQUIRE(units.count(key) == 0);
    units[key] = variables[i][2];
  }
  CHECK(units.size() == kAnnualVariables.size() + kMonthlyVariables.size());
  CHECK(units.at("annual|pay_cost_gbp") == "GBP");
  CHECK(units.at("monthly|leavers") == "people");
  CHECK(units.at("annual|workforce_gap_fte") == "FTE");
}

TEST_CASE("export: a Monte Carlo run's float32 months and its summary", "[export]") {
  const TempDir dir;
  const std::string h5 = (dir / "mc.h5").string();
  REQUIRE(run_wfsim("run -q tests/scenarios/uncertain.toml -r 5 -o '" + h5 + "'").status == 0);
  const ProcessResult r =
      run_wfsim("export -q '" + h5 + "' --csv '" + (dir / "csv").string() + "'");
  REQUIRE(r.status == 0);
  CHECK(r.out.empty());
  check_round_trip(h5, dir / "csv", false);
  check_round_trip(h5, dir / "csv", true);
  const auto summary = read_csv(slurp(dir / "csv" / "summary.csv"));
  REQUIRE(summary.size() > 1);
  CHECK(summary[0][3] == "statistic");
  CHECK(summary[1][3] == "q0.05");
  bool mean = false;
  for (const auto& row : summary) mean = mean || row[3] == "mean";
  CHECK(mean);
}

TEST_CASE("export: a national file's totals and pools", "[export][national]") {
  const TempDir dir;
  const std::string h5 = (dir / "over.h5").string();
  REQUIRE(run_wfsim("run -q tests/scenarios/national/pools-over.toml -o '" + h5 + "'").status == 0);
  const ProcessResult r =
      run_wfsim("export -q '" + h5 + "' --csv '" + (dir / "csv").string() + "'");
  REQUIRE(r.status == 0);

  // Pools: every value of /pools, by pool, system and year. Worked by hand
  // in tests/scenarios/national/pools-over.toml: 180 claimed of 90 in 2019/20.
  std::map<std::string, double> pools;
  const auto rows = read_csv(slurp(dir / "csv" / "pools.csv"));
  REQUIRE(rows[0] ==
          std::vector<std::string>{"pool", "system", "year", "variable", "units", "value"});
  for (std::size_t i = 1; i < rows.size(); ++i)
    pools[rows[i][0] + "|" + rows[i][1] + "|" + rows[i][2] + "|" + rows[i][3]] =
        std::stod(rows[i][5]);
  CHECK(pools.at("intl|-|2019/20|volume") == 90);
  CHECK(pools.at("intl|-|2019/20|total_claimed") == Approx(180));
  CHECK(pools.at("intl|-|2019/20|overclaim") == Approx(90));
  CHECK(pools.at("intl|sys_a|2019/20|claimed") == Approx(120));
  CHECK(pools.at("intl|sys_a|2019/20|allocated") == Approx(60));
  CHECK(pools.at("intl|sys_b|2019/20|allocated") == Approx(30));
  CHECK(pools.at("intl|sys_b|2020/21|allocated") == Approx(60));
  CHECK(pools.at("-|-|2019/20|max_flow") == Approx(90));

  // National totals: system "national", the sum of the systems' rows.
  std::map<std::string, double> national, systems;
  for (const auto& row : read_csv(slurp(dir / "csv" / "national_annual.csv"))) {
    if (row[0] != "national") continue;
    national[row[1] + "|" + row[4] + "|" + row[7] + "|" + row[8]] = std::stod(row[10]);
  }
  for (const auto& row : read_csv(slurp(dir / "csv" / "annual.csv"))) {
    if (row[0] == "system") continue;
    systems[row[1] + "|" + row[4] + "|" + row[7] + "|" + row[8]] += std::stod(row[10]);
  }
  REQUIRE(!national.empty());
  for (const auto& [key, value] : national) {
    INFO(key);
    CHECK(value == Approx(systems.at(key)).epsilon(1e-12));
  }
  CHECK(national.at("reconciled|nurse|2019/20|joiners_international") == Approx(90));
}

TEST_CASE("export refuses what it cannot read, with exit 2", "[export]") {
  const TempDir dir;
  ProcessResult r =
      run_wfsim("export '" + (dir / "absent.h5").string() + "' --csv '" + dir.path.string() + "'");
  CHECK(r.status == 2);
  CHECK(r.err == "wfsim export: " + (dir / "absent.h5").string() + ": no such file\n");
  r = run_wfsim("export tests/scenarios/tiny.toml --csv '" + dir.path.string() + "'");
  CHECK(r.status == 2);
  CHECK(r.err ==
        "wfsim export: tests/scenarios/tiny.toml: not a wfsim output file (not an HDF5 file, or "
        "unreadable)\n");
}

TEST_CASE("export --wide: a column per year holds the long file's values", "[export]") {
  const TempDir dir;
  const std::string h5 = (dir / "north.h5").string();
  REQUIRE(run_wfsim("run -q tests/scenarios/compare/north-stress.toml -o '" + h5 + "'").status ==
          0);
  REQUIRE(run_wfsim("export -q '" + h5 + "' --csv '" + (dir / "long").string() + "'").status == 0);
  const ProcessResult r =
      run_wfsim("export '" + h5 + "' --wide --csv '" + (dir / "wide").string() + "'");
  REQUIRE(r.status == 0);
  CHECK(r.out == fmt::format("wrote {0}/wide/annual_wide.csv\nwrote {0}/wide/monthly_wide.csv\n"
                             "wrote {0}/wide/flags.csv\nwrote {0}/wide/variables.csv\n",
                             dir.path.string()));
  for (const bool monthly : {false, true}) {
    const auto long_rows = read_csv(slurp(dir / "long" / (monthly ? "monthly.csv" : "annual.csv")));
    const auto wide =
        read_csv(slurp(dir / "wide" / (monthly ? "monthly_wide.csv" : "annual_wide.csv")));
    const auto values = by_key(long_rows, monthly);
    const std::size_t first_period = column(wide, "units") + 1;
    CHECK(wide[0][first_period] == (monthly ? "2019-04" : "2019/20"));
    const std::size_t periods = wide[0].size() - first_period;
    CHECK(periods == (monthly ? 24u : 2u));  // north-stress.toml plans two years
    // Every long row lands in exactly one wide cell: rows x periods = long rows.
    CHECK((wide.size() - 1) * periods == long_rows.size() - 1);
    const std::size_t replicate = column(wide, "replicate"), group = column(wide, "group"),
                      variable = column(wide, "variable");
    for (std::size_t i = 1; i < wide.size(); ++i)
      for (std::size_t p = 0; p < periods; ++p) {
        const std::string key = wide[i][replicate] + "|" + wide[i][group] + "|" +
                                wide[0][first_period + p] + "|" + wide[i][variable];
        INFO(key);
        REQUIRE(values.at(key) == wide[i][first_period + p]);
      }
  }
}

TEST_CASE("export refuses a CSV longer than a spreadsheet, unless asked", "[export]") {
  const TempDir dir;
  // The example's monthly.csv holds, per replicate and month, 21 variables
  // for each of 12 staff groups, headcount_by_age for 12 groups x 3 bands
  // and in_training for 10 pipelines: 252 + 36 + 10 = 298 rows; over 60
  // months that is 17,880 rows a replicate. 58 replicates make 1,037,040
  // rows and a header, within 1,048,576; 59 make 1,054,920 and a header.
  const std::string fits = (dir / "fits.h5").string(), over = (dir / "over.h5").string();
  REQUIRE(run_wfsim("run -q scenarios/example-ics.toml -r 58 -o '" + fits + "'").status == 0);
  REQUIRE(run_wfsim("run -q scenarios/example-ics.toml -r 59 -o '" + over + "'").status == 0);

  ProcessResult r = run_wfsim("export -q '" + fits + "' --csv '" + (dir / "fits").string() + "'");
  REQUIRE(r.status == 0);
  const std::string monthly = slurp(dir / "fits" / "monthly.csv");
  CHECK(std::count(monthly.begin(), monthly.end(), '\n') == 1'037'041);

  const auto target = dir / "over";
  r = run_wfsim("export -q '" + over + "' --csv '" + target.string() + "'");
  CHECK(r.status == 2);
  CHECK(r.err == "wfsim export: " + over +
                     ": monthly.csv would have 1,054,921 rows, more than a spreadsheet opens "
                     "(1,048,576; Excel and LibreOffice Calc drop the rest); nothing written: "
                     "--summary-only writes only the quantiles and means; --wide puts years or "
                     "months in columns; --allow-large writes it anyway\n");
  CHECK(!std::filesystem::exists(target));  // not even the directory

  std::filesystem::create_directories(target);
  r = run_wfsim("export -q '" + over + "' --csv '" + target.string() + "'");
  CHECK(r.status == 2);
  CHECK(std::filesystem::is_empty(target));  // no file and no temporary left

  r = run_wfsim("export -q --allow-large '" + over + "' --csv '" + target.string() + "'");
  CHECK(r.status == 0);
  CHECK(std::filesystem::exists(target / "monthly.csv"));

  r = run_wfsim("export '" + over + "' --summary-only --csv '" + (dir / "summary").string() + "'");
  CHECK(r.status == 0);
  CHECK(r.out == fmt::format("wrote {0}/summary/flags.csv\nwrote {0}/summary/summary.csv\n"
                             "wrote {0}/summary/variables.csv\n",
                             dir.path.string()));
}

TEST_CASE("export --summary-only needs a Monte Carlo file", "[export]") {
  const TempDir dir;
  const std::string h5 = (dir / "north.h5").string();
  REQUIRE(run_wfsim("run -q tests/scenarios/compare/north.toml -o '" + h5 + "'").status == 0);
  const ProcessResult r =
      run_wfsim("export '" + h5 + "' --summary-only --csv '" + (dir / "csv").string() + "'");
  CHECK(r.status == 2);
  CHECK(r.err == "wfsim export: " + h5 +
                     ": --summary-only needs a Monte Carlo run's /summary, and this file has "
                     "none\n");
  CHECK(!std::filesystem::exists(dir / "csv"));
}
