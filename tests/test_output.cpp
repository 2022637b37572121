// The HDF5 output: round trips through the HDF5 C API and through xarray,
// dimension scales, attributes, and atomic writing (OUTPUT.md).

#include <fmt/format.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <regex>

#include "engine/engine.h"
#include "model_fixture.h"
#include "output/hdf5_writer.h"
#include "output/temporary_files.h"
#include "output_fixture.h"
#include "process.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

void write(const std::filesystem::path& path, const Run& r) {
  RunWriter writer(path, OutputLayout::for_model(r.model, 1), RunInfo::for_model(r.model, 1));
  writer.write_replicate({}, 0, r.monthly, r.annual);
  writer.write_flags(FlagTable::from_flags(r.model, compute_flags(r.model, r.annual)));
  writer.commit();
}

std::vector<double> read_all(hid_t file, const char* name) {
  hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
  REQUIRE(ds >= 0);
  hid_t space = H5Dget_space(ds);
  std::vector<double> out(H5Sget_simple_extent_npoints(space));
  REQUIRE(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) >= 0);
  H5Sclose(space);
  H5Dclose(ds);
  return out;
}

// A text attribute, as the writer stores them: netCDF's fixed-length form
// (NC_CHAR), UTF-8, null-terminated, of the text's own length.
std::string string_attribute(hid_t file, const char* object, const char* name) {
  hid_t attr = H5Aopen_by_name(file, object, name, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(attr >= 0);
  hid_t type = H5Aget_type(attr);
  REQUIRE(H5Tget_class(type) == H5T_STRING);
  REQUIRE(H5Tis_variable_str(type) == 0);
  CHECK(H5Tget_cset(type) == H5T_CSET_UTF8);
  CHECK(H5Tget_strpad(type) == H5T_STR_NULLTERM);
  std::string out(H5Tget_size(type), '\0');
  REQUIRE(H5Aread(attr, type, out.data()) >= 0);
  out.resize(std::find(out.begin(), out.end(), '\0') - out.begin());
  H5Tclose(type);
  H5Aclose(attr);
  return out;
}

std::string scale_name(hid_t file, const char* dataset, unsigned dim) {
  hid_t ds = H5Dopen2(file, dataset, H5P_DEFAULT);
  std::string name;
  H5DSiterate_scales(
      ds, dim, nullptr,
      [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
        char buffer[64] = {};
        H5DSget_scale_name(scale, buffer, sizeof buffer);
        *static_cast<std::string*>(out) = buffer;
        return 1;
      },
      &name);
  H5Dclose(ds);
  return name;
}

std::vector<std::string> read_strings(hid_t file, const std::string& name) {
  hid_t ds = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  REQUIRE(ds >= 0);
  hid_t space = H5Dget_space(ds);
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  std::vector<char*> pointers(H5Sget_simple_extent_npoints(space));
  if (!pointers.empty())
    REQUIRE(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) >= 0);
  std::vector<std::string> out;
  for (char* p : pointers) {
    out.emplace_back(p);
    H5free_memory(p);
  }
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(ds);
  return out;
}

std::vector<long long> read_integers(hid_t file, const std::string& name) {
  hid_t ds = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  REQUIRE(ds >= 0);
  hid_t space = H5Dget_space(ds);
  std::vector<long long> out(H5Sget_simple_extent_npoints(space));
  if (!out.empty())
    REQUIRE(H5Dread(ds, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) >= 0);
  H5Sclose(space);
  H5Dclose(ds);
  return out;
}

// Bytes per value as stored: 4 for float32, 8 for float64.
std::size_t stored_size(hid_t file, const std::string& name) {
  hid_t ds = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  REQUIRE(ds >= 0);
  hid_t type = H5Dget_type(ds);
  REQUIRE(H5Tget_class(type) == H5T_FLOAT);
  const std::size_t size = H5Tget_size(type);
  H5Tclose(type);
  H5Dclose(ds);
  return size;
}

// Each axis of `path` has exactly one dimension scale, the dataset
// `group + dims[i]`, and the axes are the lengths given.
void require_dims(hid_t file, const std::string& path, const std::string& group,
                  const std::vector<std::string>& dims, const std::vector<hsize_t>& lengths) {
  INFO(path);
  hid_t ds = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  REQUIRE(ds >= 0);
  hid_t space = H5Dget_space(ds);
  std::vector<hsize_t> shape(H5Sget_simple_extent_ndims(space));
  H5Sget_simple_extent_dims(space, shape.data(), nullptr);
  REQUIRE(shape == lengths);
  REQUIRE(shape.size() == dims.size());
  for (unsigned i = 0; i < dims.size(); ++i) {
    INFO("axis " << i << ": " << dims[i]);
    REQUIRE(H5DSget_num_scales(ds, i) == 1);
    hid_t scale = H5Dopen2(file, (group + dims[i]).c_str(), H5P_DEFAULT);
    REQUIRE(scale >= 0);
    REQUIRE(H5DSis_scale(scale) > 0);
    REQUIRE(H5DSis_attached(ds, scale, i) > 0);
    H5Dclose(scale);
    REQUIRE(scale_name(file, path.c_str(), i) == dims[i]);
  }
  H5Sclose(space);
  H5Dclose(ds);
}

// The type of an attribute, compared with an HDF5 type.
bool attribute_type_is(hid_t file, const char* object, const char* name, hid_t expected) {
  hid_t attr = H5Aopen_by_name(file, object, name, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(attr >= 0);
  hid_t type = H5Aget_type(attr);
  const bool same = H5Tequal(type, expected) > 0;
  H5Tclose(type);
  H5Aclose(attr);
  return same;
}

// Text as netCDF-4 stores it (NC_CHAR): fixed-length, null-terminated UTF-8.
bool is_text_attribute(hid_t file, const char* object, const char* name) {
  hid_t attr = H5Aopen_by_name(file, object, name, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(attr >= 0);
  hid_t type = H5Aget_type(attr);
  const bool ok = H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) == 0 &&
                  H5Tget_strpad(type) == H5T_STR_NULLTERM && H5Tget_cset(type) == H5T_CSET_UTF8;
  H5Tclose(type);
  H5Aclose(attr);
  return ok;
}

// Expected contents of the synthetic file's variables, in file order
// [outer][replicate][time or year][...].
int outer_points(const OutputLayout& l) {
  return l.outer.empty() ? 1 : static_cast<int>(l.outer[0].labels.size());
}

std::vector<double> expected_monthly(const OutputLayout& l, std::size_t v) {
  std::vector<double> out;
  for (int o = 0; o < outer_points(l); ++o)
    for (int r = 0; r < l.replicates; ++r)
      for (int m = 0; m < l.months(); ++m)
        for (int g = 0; g < 2; ++g) out.push_back(monthly_value(o, r, v, m, g));
  return out;
}

std::vector<double> expected_annual(const OutputLayout& l, std::size_t v) {
  std::vector<double> out;
  for (int o = 0; o < outer_points(l); ++o)
    for (int r = 0; r < l.replicates; ++r)
      for (int y = 0; y < l.years; ++y)
        for (int g = 0; g < 2; ++g) out.push_back(annual_value(o, r, v, y, g));
  return out;
}

}  // namespace

TEST_CASE("the file round-trips values with dimension scales and attributes", "[output]") {
  TempDir dir;
  const Run r = small_run();
  write(dir / "run.h5", r);
  hid_t file = H5Fopen((dir / "run.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);

  // Monthly headcount, [replicate][time][staff_group], equals the trajectory.
  auto headcount = read_all(file, "headcount");
  REQUIRE(headcount.size() == 24 * 2);
  for (int m = 0; m < 24; ++m)
    for (int g = 0; g < 2; ++g) REQUIRE(headcount[m * 2 + g] == r.monthly.at(Var::headcount, m, g));
  auto gap = read_all(file, "annual/workforce_gap_fte");
  REQUIRE(gap[1 * 2 + 0] == r.annual.at(index_of(Var::workforce_gap_fte), 1, 0));
  auto year_end = read_all(file, "annual/headcount_at_year_end");
  REQUIRE(year_end[0] == r.monthly.at(Var::headcount, 11, 0));
  auto by_age = read_all(file, "headcount_by_age");
  REQUIRE(by_age == r.monthly.headcount_by_age);
  auto in_training = read_all(file, "in_training");
  REQUIRE(in_training == r.monthly.in_training);

  // Each axis is a dimension scale, in the contract's order.
  REQUIRE(scale_name(file, "headcount", 0) == "replicate");
  REQUIRE(scale_name(file, "headcount", 1) == "time");
  REQUIRE(scale_name(file, "headcount", 2) == "staff_group");
  REQUIRE(scale_name(file, "headcount_by_age", 3) == "age_band");
  REQUIRE(scale_name(file, "in_training", 2) == "pipeline");
  REQUIRE(scale_name(file, "annual/fte", 1) == "year");

  // Month starts in days since 2019-04-01, across the leap February of 2020.
  hid_t time = H5Dopen2(file, "time", H5P_DEFAULT);
  std::vector<int> days(24);
  H5Dread(time, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, days.data());
  H5Dclose(time);
  REQUIRE(days[0] == 0);
  REQUIRE(days[1] == 30);
  REQUIRE(days[11] == 335);  // 2020-03-01: April 2019 to February 2020 is 306 + 29 days
  REQUIRE(days[12] == 366);

  REQUIRE(string_attribute(file, "headcount", "units") == "people");
  REQUIRE(string_attribute(file, "time", "units") == "days since 2019-04-01");
  REQUIRE(string_attribute(file, "/", "scenario_name") == "small");
  int format = 0;
  REQUIRE(H5LTget_attribute_int(file, "/", "format_version", &format) >= 0);
  REQUIRE(format == 2);
  H5Fclose(file);
}

// A double attribute of an object.
double number_attribute(hid_t file, const char* object, const char* name) {
  double value = 0;
  REQUIRE(H5LTget_attribute_double(file, object, name, &value) >= 0);
  return value;
}

TEST_CASE("the file follows CF: time bounds, cell methods, a numeric year, NaN fill, metadata in "
          "every group",
          "[output]") {
  TempDir dir;
  const Run r = small_run();
  write(dir / "run.h5", r);
  hid_t file = H5Fopen((dir / "run.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  REQUIRE(string_attribute(file, "/", "Conventions") == "CF-1.10");
  // Each month runs from its first day to the next month's: with 24 months
  // from April 2019, the last ends on 2021-04-01, day 731 (2020 is a leap year).
  const auto days = read_integers(file, "time");
  const auto bounds = read_integers(file, "time_bnds");
  REQUIRE(bounds.size() == 2 * days.size());
  for (std::size_t m = 0; m < days.size(); ++m) {
    INFO("month " << m);
    REQUIRE(bounds[2 * m] == days[m]);
    REQUIRE(bounds[2 * m + 1] == (m + 1 < days.size() ? days[m + 1] : 731));
  }
  // Along time and nv, a dimension without a coordinate in netCDF's own form.
  REQUIRE(scale_name(file, "time_bnds", 0) == "time");
  REQUIRE(scale_name(file, "time_bnds", 1).starts_with("This is a netCDF dimension but not"));
  REQUIRE(string_attribute(file, "time", "bounds") == "time_bnds");
  REQUIRE(string_attribute(file, "time", "standard_name") == "time");
  // Stocks are month-end points, flows totals within the month; annual
  // values as their aggregation says.
  REQUIRE(string_attribute(file, "headcount", "cell_methods") == "time: point");
  REQUIRE(string_attribute(file, "leavers", "cell_methods") == "time: sum");
  REQUIRE(string_attribute(file, "pay_cost_gbp", "cell_methods") == "time: sum");
  REQUIRE(string_attribute(file, "annual/fte", "cell_methods") == "year: mean");
  REQUIRE(string_attribute(file, "annual/leavers", "cell_methods") == "year: sum");
  REQUIRE(string_attribute(file, "annual/fte_at_year_end", "cell_methods") == "year: point");
  REQUIRE(string_attribute(file, "annual/fte", "coordinates") == "year_start");
  REQUIRE(read_integers(file, "annual/year_start") == std::vector<long long>{2019, 2020});
  // Missing values are NaN, in the attribute clients read and the fill HDF5 gives.
  REQUIRE(std::isnan(number_attribute(file, "headcount", "_FillValue")));
  REQUIRE(std::isnan(number_attribute(file, "annual/fte", "_FillValue")));
  // Each group opens alone with the run's key metadata.
  for (const char* group : {"annual", "flags"}) {
    INFO(group);
    REQUIRE(string_attribute(file, group, "scenario_name") == "small");
    REQUIRE(string_attribute(file, group, "wfsim_version") ==
            string_attribute(file, "/", "wfsim_version"));
    REQUIRE(string_attribute(file, group, "Conventions") == "CF-1.10");
    int format = 0;
    REQUIRE(H5LTget_attribute_int(file, group, "format_version", &format) >= 0);
    REQUIRE(format == 2);
  }
  H5Fclose(file);
}

TEST_CASE("a text attribute longer than an object header holds reads back whole", "[output]") {
  TempDir dir;
  Run r = small_run();
  // HDF5 keeps attributes in the object header, up to 64 KiB each, unless
  // the file allows dense storage: a large resolved scenario must still fit.
  RunInfo info = RunInfo::for_model(r.model, 1);
  info.scenario_resolved = std::string(200'000, 'x') + "end";
  {
    RunWriter writer(dir / "big.h5", OutputLayout::for_model(r.model, 1), info);
    writer.write_replicate({}, 0, r.monthly, r.annual);
    writer.write_flags(FlagTable{});
    writer.commit();
  }
  hid_t file = H5Fopen((dir / "big.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  REQUIRE(string_attribute(file, "/", "scenario_resolved") == info.scenario_resolved);
  H5Fclose(file);
}

TEST_CASE("writing is atomic: nothing appears until commit, and an old file survives a failure",
          "[output]") {
  TempDir dir;
  const Run r = small_run();
  std::ofstream(dir / "run.h5") << "an earlier result";
  {
    RunWriter writer(dir / "run.h5", OutputLayout::for_model(r.model, 1),
                     RunInfo::for_model(r.model, 1));
    writer.write_replicate({}, 0, r.monthly, r.annual);
    // Destroyed without commit, as when a run fails.
  }
  REQUIRE(slurp(dir / "run.h5") == "an earlier result");
  REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path), {}) ==
          1);  // no temporary left
  write(dir / "run.h5", r);
  REQUIRE(slurp(dir / "run.h5").substr(1, 3) == "HDF");
  REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);
}

TEST_CASE("a missing output directory is an error that names it", "[output]") {
  TempDir dir;
  const Run r = small_run();
  REQUIRE_THROWS_WITH(
      RunWriter(dir / "no/such/dir/run.h5", OutputLayout::for_model(r.model, 1),
                RunInfo::for_model(r.model, 1)),
      Catch::Matchers::Contains("no directory") && Catch::Matchers::Contains("no/such/dir"));
}

TEST_CASE("a sweep runs the cross product as a leading variant dimension with its coordinates",
          "[output][sweeps]") {
  TempDir dir;
  auto r = run_wfsim("run tests/scenarios/sweep.toml -o " + (dir / "sweep.h5").string());
  REQUIRE(r.status == 0);
  REQUIRE_THAT(
      r.out,
      Catch::Matchers::Contains(
          "variant 3: staff_group.nurse.leaver_rate = 0.2, staff_group.nurse.funded_fte = 90"));
  hid_t file = H5Fopen((dir / "sweep.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  REQUIRE(scale_name(file, "annual/headcount_at_year_end", 0) == "variant");
  REQUIRE(scale_name(file, "annual/headcount_at_year_end", 1) == "replicate");
  // 100 (1 - r)^years: 90, 81 at 10 %; 80, 64 at 20 %; funding does not change stocks.
  REQUIRE_THAT(read_all(file, "annual/headcount_at_year_end"),
               Catch::Matchers::Approx(std::vector<double>{90, 81, 90, 81, 80, 64, 80, 64}));
  REQUIRE(read_all(file, "annual/staff_group.nurse.funded_fte") ==
          std::vector<double>{100, 90, 100, 90});
  REQUIRE(read_all(file, "flags/flag_variant").back() == 3);
  H5Fclose(file);
}

TEST_CASE("a synthetic layout round-trips every value at its index", "[output]") {
  TempDir dir;
  for (bool variant : {false, true}) {
    INFO("variant dim: " << variant);
    const OutputLayout l = synthetic_layout(variant);
    write_synthetic(dir / "run.h5", l);
    hid_t file = H5Fopen((dir / "run.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(file >= 0);
    for (std::size_t v = 0; v < kMonthlyVarCount; ++v) {
      INFO(kMonthlyVariables[v].name);
      REQUIRE(read_all(file, std::string(kMonthlyVariables[v].name).c_str()) ==
              expected_monthly(l, v));
    }
    for (std::size_t v = 0; v < kAnnualVarCount; ++v) {
      INFO(kAnnualVariables[v].name);
      REQUIRE(read_all(file, ("annual/" + std::string(kAnnualVariables[v].name)).c_str()) ==
              expected_annual(l, v));
    }
    std::vector<double> by_age, annual_by_age, in_training, annual_training;
    for (int o = 0; o < outer_points(l); ++o)
      for (int r = 0; r < 2; ++r) {
        for (int m = 0; m < 24; ++m) {
          for (int g = 0; g < 2; ++g)
            for (int b = 0; b < 2; ++b) by_age.push_back(monthly_by_age(o, r, m, g, b));
          in_training.push_back(monthly_in_training(o, r, m, 0));
        }
        for (int y = 0; y < 2; ++y) {
          for (int g = 0; g < 2; ++g)
            for (int b = 0; b < 2; ++b)
              annual_by_age.push_back(wfsim::testing::annual_by_age(o, r, y, g, b));
          annual_training.push_back(annual_in_training(o, r, y, 0));
        }
      }
    REQUIRE(read_all(file, "headcount_by_age") == by_age);
    REQUIRE(read_all(file, "in_training") == in_training);
    REQUIRE(read_all(file, "annual/headcount_by_age") == annual_by_age);
    REQUIRE(read_all(file, "annual/in_training") == annual_training);
    // Spot checks with the index written out: replicate 1, month 13, hcsw.
    const std::size_t lead = variant ? 1 : 0;  // the "high" variant when there is one
    REQUIRE(read_all(file, "fte")[((lead * 2 + 1) * 24 + 13) * 2 + 1] ==
            monthly_value(lead, 1, 1, 13, 1));
    REQUIRE(read_all(file, "annual/fte_at_year_end")[((lead * 2 + 1) * 2 + 1) * 2 + 0] ==
            annual_value(lead, 1, kFteAtYearEnd, 1, 0));
    // Monte Carlo monthly values are float32; annual ones float64.
    REQUIRE(stored_size(file, "headcount") == 4);
    REQUIRE(stored_size(file, "annual/headcount") == 8);
    H5Fclose(file);
  }
}

TEST_CASE("every variable has its dimension scales attached in the contract's order", "[output]") {
  TempDir dir;
  for (bool variant : {false, true}) {
    INFO("variant dim: " << variant);
    write_synthetic(dir / "run.h5", synthetic_layout(variant));
    hid_t file = H5Fopen((dir / "run.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(file >= 0);
    std::vector<std::string> lead;
    std::vector<hsize_t> lead_lengths;
    if (variant) lead = {"variant"}, lead_lengths = {2};
    auto dims = [&](std::vector<std::string> tail) {
      tail.insert(tail.begin(), lead.begin(), lead.end());
      return tail;
    };
    auto lengths = [&](std::vector<hsize_t> tail) {
      tail.insert(tail.begin(), lead_lengths.begin(), lead_lengths.end());
      return tail;
    };
    for (const VariableInfo& info : kMonthlyVariables)
      require_dims(file, std::string(info.name), "", dims({"replicate", "time", "staff_group"}),
                   lengths({2, 24, 2}));
    require_dims(file, "headcount_by_age", "",
                 dims({"replicate", "time", "staff_group", "age_band"}), lengths({2, 24, 2, 2}));
    require_dims(file, "in_training", "", dims({"replicate", "time", "pipeline"}),
                 lengths({2, 24, 1}));
    // /annual uses its own scales, so it opens on its own.
    for (const VariableInfo& info : kAnnualVariables)
      require_dims(file, "annual/" + std::string(info.name), "annual/",
                   dims({"replicate", "year", "staff_group"}), lengths({2, 2, 2}));
    require_dims(file, "annual/headcount_by_age", "annual/",
                 dims({"replicate", "year", "staff_group", "age_band"}), lengths({2, 2, 2, 2}));
    require_dims(file, "annual/in_training", "annual/", dims({"replicate", "year", "pipeline"}),
                 lengths({2, 2, 1}));
    for (const char* group : {"", "annual/"}) {
      require_dims(file, std::string(group) + "staff_group_name", group, {"staff_group"}, {2});
      if (variant) require_dims(file, std::string(group) + "leaver_rate", group, {"variant"}, {2});
    }
    for (const char* column :
         {"flag_kind", "flag_group", "flag_year", "flag_metric", "flag_severity", "flag_value",
          "flag_threshold", "flag_share", "flag_note"})
      require_dims(file, std::string("flags/") + column, "flags/", {"flag"}, {2});
    H5Fclose(file);
  }
}

TEST_CASE("coordinates hold the labels, month starts and outer coordinates", "[output]") {
  TempDir dir;
  write_synthetic(dir / "run.h5", synthetic_layout(true));
  hid_t file = H5Fopen((dir / "run.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  for (std::string g : {"", "annual/"}) {
    INFO("group " << g);
    REQUIRE(read_strings(file, g + "staff_group") == std::vector<std::string>{"nurse", "hcsw"});
    REQUIRE(read_strings(file, g + "staff_group_name") ==
            std::vector<std::string>{"Registered nurses", "Healthcare support workers"});
    REQUIRE(read_strings(file, g + "age_band") == std::vector<std::string>{"under_40", "40_plus"});
    REQUIRE(read_strings(file, g + "pipeline") == std::vector<std::string>{"apprenticeship"});
    REQUIRE(read_integers(file, g + "replicate") == std::vector<long long>{0, 1});
    REQUIRE(read_strings(file, g + "variant") == std::vector<std::string>{"low", "high"});
    REQUIRE(read_all(file, (g + "leaver_rate").c_str()) == std::vector<double>{0.1, 0.2});
  }
  REQUIRE(read_strings(file, "annual/year") == std::vector<std::string>{"2019/20", "2020/21"});
  REQUIRE(read_integers(file, "flags/flag") == std::vector<long long>{0, 1});
  // A numeric year beside the labels, so that clients that plot only numbers can.
  REQUIRE(read_integers(file, "annual/year_start") == std::vector<long long>{2019, 2020});
  require_dims(file, "annual/year_start", "annual/", {"year"}, {2});

  // Real calendar days from 2019-04-01: April has 30 days, May 31, and
  // February 2020 is a leap month (2020-02-01 is day 306, 2020-03-01 day 335).
  const auto days = read_integers(file, "time");
  REQUIRE(days.size() == 24);
  REQUIRE(std::vector<long long>(days.begin(), days.begin() + 4) ==
          std::vector<long long>{0, 30, 61, 91});
  REQUIRE(days[10] == 306);
  REQUIRE(days[11] == 335);
  REQUIRE(days[12] == 366);
  REQUIRE(days[23] == 700);  // 2021-03-01
  REQUIRE(string_attribute(file, "time", "units") == "days since 2019-04-01");
  REQUIRE(string_attribute(file, "time", "calendar") == "standard");
  H5Fclose(file);

  // A start in November crosses the leap February of 2024 in its fourth month.
  OutputLayout november = synthetic_layout();
  november.start_year = 2023;
  november.start_month = 11;
  november.years = 1;
  write_synthetic(dir / "november.h5", november);
  file = H5Fopen((dir / "november.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  REQUIRE(read_integers(file, "time") ==
          std::vector<long long>{0, 30, 61, 92, 121, 152, 182, 213, 243, 274, 305, 335});
  REQUIRE(string_attribute(file, "time", "units") == "days since 2023-11-01");
  REQUIRE(read_strings(file, "annual/year") == std::vector<std::string>{"2023/24"});
  H5Fclose(file);
}

TEST_CASE(
    "variables carry units and long names from the variable table, and the root its run attributes",
    "[output]") {
  TempDir dir;
  write_synthetic(dir / "run.h5", synthetic_layout());
  hid_t file = H5Fopen((dir / "run.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  for (const VariableInfo& info : kMonthlyVariables) {
    const std::string name(info.name);
    REQUIRE(string_attribute(file, name.c_str(), "units") == info.units);
    REQUIRE(string_attribute(file, name.c_str(), "long_name") == info.long_name);
  }
  for (const VariableInfo& info : kAnnualVariables) {
    const std::string name = "annual/" + std::string(info.name);
    REQUIRE(string_attribute(file, name.c_str(), "units") == info.units);
    REQUIRE(string_attribute(file, name.c_str(), "long_name") == info.long_name);
  }
  REQUIRE(string_attribute(file, "annual/headcount_at_year_end", "units") == "people");
  REQUIRE(string_attribute(file, "annual/pay_cost_gbp", "units") == "GBP");
  for (const char* name :
       {"headcount_by_age", "in_training", "annual/headcount_by_age", "annual/in_training"}) {
    REQUIRE(string_attribute(file, name, "units") == "people");
    REQUIRE_FALSE(string_attribute(file, name, "long_name").empty());
  }
  for (const char* name : {"staff_group_name", "annual/staff_group_name"}) {
    REQUIRE(string_attribute(file, name, "units") == "1");
    REQUIRE(string_attribute(file, name, "long_name") == "staff group name");
  }

  REQUIRE(string_attribute(file, "/", "wfsim_version") == WFSIM_VERSION);
  REQUIRE(string_attribute(file, "/", "scenario_name") ==
          "Synthetic plan \xE2\x80\x93 caf\xC3\xA9");
  REQUIRE(string_attribute(file, "/", "scenario_file") == "scenarios/synthetic.toml");
  REQUIRE(string_attribute(file, "/", "scenario_resolved") == "name = \"Synthetic\"\nyears = 2\n");
  for (const char* name :
       {"wfsim_version", "scenario_name", "scenario_file", "scenario_resolved", "created"})
    REQUIRE(is_text_attribute(file, "/", name));
  REQUIRE(attribute_type_is(file, "/", "seed", H5T_STD_U64LE));
  static_assert(sizeof(unsigned long) == 8);
  unsigned long seed = 0;
  REQUIRE(H5LTget_attribute_ulong(file, "/", "seed", &seed) >= 0);
  REQUIRE(seed == 18446744073709551557ULL);
  int format = 0, replicates = 0;
  REQUIRE(H5LTget_attribute_int(file, "/", "format_version", &format) >= 0);
  REQUIRE(H5LTget_attribute_int(file, "/", "replicates", &replicates) >= 0);
  REQUIRE(format == 2);
  REQUIRE(replicates == 2);
  // Which draws the seed gave: the sampler's version, not the layout's.
  int flow_stream = 0;
  REQUIRE(H5LTget_attribute_int(file, "/", "flow_stream_version", &flow_stream) >= 0);
  REQUIRE(flow_stream == 2);
  const std::string created = string_attribute(file, "/", "created");
  REQUIRE(
      std::regex_match(created, std::regex(R"(20\d\d-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\dZ)")));
  H5Fclose(file);
}

TEST_CASE("flags are parallel columns along flag, from the model's names", "[output]") {
  Model m = tiny_model(2, 1);
  add_group(m, "nurse", 100);
  add_group(m, "hcsw", 50);
  const FlagTable table = FlagTable::from_flags(
      m, {Flag{1, 0, FlagKind::unfilled_posts, 12.5, 10, Severity::warning},
          Flag{0, -1, FlagKind::over_establishment, 40, 10, Severity::critical}});
  REQUIRE(table.size() == 2);
  REQUIRE(table.kind == std::vector<std::string>{"unfilled_posts", "over_establishment"});
  REQUIRE(table.group == std::vector<std::string>{"nurse", "all"});
  REQUIRE(table.year == std::vector<std::string>{"2020/21", "2019/20"});
  REQUIRE(table.metric == std::vector<std::string>{"vacancy_fte", "over_establishment_fte"});
  REQUIRE(table.severity == std::vector<std::string>{"warning", "critical"});
  REQUIRE(table.value == std::vector<double>{12.5, 40});
  REQUIRE(table.threshold == std::vector<double>{10, 10});

  TempDir dir;
  write_synthetic(dir / "run.h5", synthetic_layout());
  hid_t file = H5Fopen((dir / "run.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  REQUIRE(read_strings(file, "flags/flag_kind") ==
          std::vector<std::string>{"unfilled_posts", "overspend"});
  REQUIRE(read_strings(file, "flags/flag_group") == std::vector<std::string>{"nurse", "all"});
  REQUIRE(read_strings(file, "flags/flag_year") == std::vector<std::string>{"2019/20", "2020/21"});
  REQUIRE(read_strings(file, "flags/flag_metric") ==
          std::vector<std::string>{"vacancy_fte", "pay_gap_gbp"});
  REQUIRE(read_strings(file, "flags/flag_severity") == std::vector<std::string>{"warning", "critical"});
  REQUIRE(read_all(file, "flags/flag_value") == std::vector<double>{12.5, 4.5e6});
  REQUIRE(read_all(file, "flags/flag_threshold") == std::vector<double>{10, 1e6});
  REQUIRE(read_all(file, "flags/flag_share") == std::vector<double>{0.5, 1.0});
  REQUIRE(read_strings(file, "flags/flag_note") == std::vector<std::string>{"first", "second"});
  // Every column has units: labels and shares "1", values FTE or GBP.
  for (const char* name : {"flag_kind", "flag_group", "flag_year", "flag_metric", "flag_severity",
                           "flag_share", "flag_note"})
    REQUIRE(string_attribute(file, (std::string("flags/") + name).c_str(), "units") == "1");
  REQUIRE(string_attribute(file, "flags/flag_value", "units") == "FTE, or GBP for pay_gap_gbp");
  REQUIRE(string_attribute(file, "flags/flag_threshold", "units") == "FTE, or GBP for pay_gap_gbp");
  // Each row's unit as a column of its own: the metric's (GBP for money).
  REQUIRE(read_strings(file, "flags/flag_units") == std::vector<std::string>{"FTE", "GBP"});
  // The group opens alone with the run's key metadata.
  REQUIRE(string_attribute(file, "flags", "Conventions") == "CF-1.10");
  REQUIRE(string_attribute(file, "flags", "scenario_name") ==
          string_attribute(file, "/", "scenario_name"));
  H5Fclose(file);

  // No flags: a flag dimension of length 0, with every column.
  write_synthetic(dir / "none.h5", synthetic_layout(), FlagTable{});
  file = H5Fopen((dir / "none.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  require_dims(file, "flags/flag_kind", "flags/", {"flag"}, {0});
  require_dims(file, "flags/flag_value", "flags/", {"flag"}, {0});
  REQUIRE(read_integers(file, "flags/flag").empty());
  H5Fclose(file);

  // Columns of unequal length are refused.
  FlagTable ragged = synthetic_flags();
  ragged.threshold.pop_back();
  RunWriter writer(dir / "ragged.h5", synthetic_layout(), synthetic_info(2));
  REQUIRE_THROWS_WITH(writer.write_flags(ragged),
                      "RunWriter: flag column flag_threshold has 1 values, flag_kind 2");
}

TEST_CASE("replicates stream in blocks, in any order, across a partial last block", "[output]") {
  TempDir dir;
  OutputLayout l = synthetic_layout();
  l.replicates = 70;  // blocks of 64 and 6
  l.years = 1;
  {
    RunWriter writer(dir / "many.h5", l, synthetic_info(70));
    for (int r = 69; r >= 0; r -= 2) {  // odd ones down, then even ones up
      const auto s = synthetic_replicate(l, 0, r);
      writer.write_replicate({}, r, s.monthly, s.annual);
    }
    for (int r = 0; r < 70; r += 2) {
      const auto s = synthetic_replicate(l, 0, r);
      writer.write_replicate({}, r, s.monthly, s.annual);
    }
    writer.write_flags(FlagTable{});
    writer.commit();
  }
  hid_t file = H5Fopen((dir / "many.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const auto leavers = read_all(file, "leavers");
  const auto annual = read_all(file, "annual/leavers");
  REQUIRE(leavers.size() == 70 * 12 * 2);
  const std::size_t v = index_of(Var::leavers);
  for (int r = 0; r < 70; ++r)
    for (int g = 0; g < 2; ++g) {
      INFO("replicate " << r << " group " << g);
      for (int m = 0; m < 12; ++m)  // stored as float32
        REQUIRE(leavers[(r * 12 + m) * 2 + g] == static_cast<float>(monthly_value(0, r, v, m, g)));
      REQUIRE(annual[r * 2 + g] == annual_value(0, r, v, 0, g));
    }
  H5Fclose(file);
}

TEST_CASE("a file handed over to MPI ranks is taken back with its layout and what they wrote",
          "[output][mpi]") {
  TempDir dir;
  OutputLayout l = synthetic_layout();
  l.quantiles = {0.5};
  const std::size_t v = index_of(Var::fte);
  {
    RunWriter writer(dir / "run.h5", l, synthetic_info(2));
    const SharedFile shared = writer.share();
    REQUIRE(shared.target == dir / "run.h5");
    REQUIRE(shared.temporary == temporary_for(dir / "run.h5"));
    REQUIRE(shared.scratch.empty());  // /annual is kept
    // Nothing more through this writer while the ranks hold the file.
    const auto s = synthetic_replicate(l, 0, 0);
    REQUIRE_THROWS_WITH(writer.write_replicate({}, 0, s.monthly, s.annual),
                        "RunWriter: write_replicate while the ranks hold the file");
    REQUIRE_THROWS_WITH(writer.commit(), "RunWriter: commit while the ranks hold the file");
    REQUIRE_THROWS_WITH(writer.share(), "RunWriter: share while the ranks hold the file");
    // What a rank writes, here through HDF5 alone: annual fte of both replicates.
    hid_t file = H5Fopen(shared.temporary.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(file >= 0);
    std::vector<double> fte;
    for (int r = 0; r < 2; ++r)
      for (int y = 0; y < 2; ++y)
        for (int g = 0; g < 2; ++g) fte.push_back(annual_value(0, r, v, y, g));
    hid_t dataset = H5Dopen2(file, "annual/fte", H5P_DEFAULT);
    REQUIRE(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, fte.data()) >= 0);
    H5Dclose(dataset);
    H5Fclose(file);

    writer.take_back();  // every replicate counted as written: commit needs none
    REQUIRE_THROWS_WITH(writer.take_back(), "RunWriter: take_back() of a file not shared");
    writer.write_flags(synthetic_flags());
    REQUIRE_FALSE(std::filesystem::exists(dir / "run.h5"));
    writer.commit();
  }
  REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);
  hid_t file = H5Fopen((dir / "run.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  REQUIRE(read_all(file, "annual/fte") == expected_annual(l, v));
  require_dims(file, "annual/fte", "annual/", {"replicate", "year", "staff_group"}, {2, 2, 2});
  require_dims(file, "summary/fte", "summary/", {"quantile", "year", "staff_group"}, {1, 2, 2});
  REQUIRE(string_attribute(file, "/", "scenario_name") == synthetic_info(2).scenario_name);
  REQUIRE(read_strings(file, "flags/flag_kind") ==
          std::vector<std::string>{"unfilled_posts", "overspend"});
  H5Fclose(file);

  // A file shared and never taken back goes with the writer, and its scratch file too.
  l.storage.annual = false;
  {
    RunWriter writer(dir / "gone.h5", l, synthetic_info(2));
    const SharedFile shared = writer.share();
    REQUIRE(std::filesystem::exists(shared.scratch));
    REQUIRE(std::filesystem::exists(shared.temporary));
  }
  REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);
#ifndef WFSIM_MPI
  // Opening a shared file needs HDF5 built for MPI.
  REQUIRE_THROWS_WITH(RunWriter(SharedFile{dir / "x.h5", dir / "x.h5", {}}, l),
                      "a file shared by ranks needs HDF5 built for MPI (the mpi preset)");
#endif
}

TEST_CASE("annual values read back for summaries in slabs of years that fit the budget",
          "[output][summary]") {
  TempDir dir;
  OutputLayout l = synthetic_layout();
  l.years = 3;
  l.quantiles = {0.5};
  RunWriter writer(dir / "slabs.h5", l, synthetic_info(2));
  for (int r = 0; r < 2; ++r) {
    const auto s = synthetic_replicate(l, 0, r);
    writer.write_replicate({}, r, s.monthly, s.annual);
  }
  const std::size_t v = index_of(Var::leavers);
  // One year of every replicate: 2 replicates x 2 groups x 8 bytes.
  const AnnualSlab all = writer.read_annual({}, v, 0, 1 << 20);
  REQUIRE(all.years == 3);
  const AnnualSlab two = writer.read_annual({}, v, 0, 2 * 32);
  REQUIRE(two.years == 2);
  const AnnualSlab last = writer.read_annual({}, v, 2, 2 * 32);
  REQUIRE(last.years == 1);
  REQUIRE(writer.read_annual({}, v, 1, 1).years == 1);  // one year at least
  REQUIRE(two.values ==
          std::vector<double>{annual_value(0, 0, v, 0, 0), annual_value(0, 0, v, 0, 1),
                              annual_value(0, 0, v, 1, 0), annual_value(0, 0, v, 1, 1),
                              annual_value(0, 1, v, 0, 0), annual_value(0, 1, v, 0, 1),
                              annual_value(0, 1, v, 1, 0), annual_value(0, 1, v, 1, 1)});
  REQUIRE(last.values ==
          std::vector<double>{annual_value(0, 0, v, 2, 0), annual_value(0, 0, v, 2, 1),
                              annual_value(0, 1, v, 2, 0), annual_value(0, 1, v, 2, 1)});
  // headcount_by_age (after the table's variables): a year is 2 x 2 x 2 values.
  const AnnualSlab by_age = writer.read_annual({}, kAnnualVarCount, 1, 2 * 2 * 2 * 8);
  REQUIRE(by_age.years == 1);
  REQUIRE(by_age.values.front() == annual_by_age(0, 0, 1, 0, 0));
  REQUIRE(by_age.values.back() == annual_by_age(0, 1, 1, 1, 1));
}

TEST_CASE("the old file stays until commit, and the temporary sits beside the target", "[output]") {
  TempDir dir;
  const OutputLayout l = synthetic_layout();
  std::ofstream(dir / "run.h5") << "an earlier result";
  const auto temporary = temporary_for(dir / "run.h5");
  {
    RunWriter writer(dir / "run.h5", l, synthetic_info(2));
    REQUIRE(std::filesystem::exists(temporary));
    for (int r = 0; r < 2; ++r) {
      const auto s = synthetic_replicate(l, 0, r);
      writer.write_replicate({}, r, s.monthly, s.annual);
    }
    writer.write_flags(synthetic_flags());
    REQUIRE(slurp(dir / "run.h5") == "an earlier result");
    writer.commit();
    REQUIRE_FALSE(std::filesystem::exists(temporary));
    REQUIRE(H5Fis_hdf5((dir / "run.h5").c_str()) > 0);
  }
  REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);
  hid_t file = H5Fopen((dir / "run.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  REQUIRE(read_all(file, "annual/fte") == expected_annual(l, index_of(Var::fte)));
  H5Fclose(file);
}

TEST_CASE("bad input to the writer throws and leaves nothing behind", "[output]") {
  TempDir dir;
  const OutputLayout l = synthetic_layout();
  const auto s = synthetic_replicate(l, 0, 0);
  auto nothing_written = [&] { return std::filesystem::is_empty(dir.path); };

  SECTION("a replicate outside the layout") {
    RunWriter writer(dir / "run.h5", l, synthetic_info(2));
    REQUIRE_THROWS_WITH(writer.write_replicate({}, 2, s.monthly, s.annual),
                        "RunWriter: replicate 2 is outside 0 to 1");
    REQUIRE_THROWS_WITH(writer.write_replicate({}, -1, s.monthly, s.annual),
                        "RunWriter: replicate -1 is outside 0 to 1");
  }
  SECTION("a replicate written twice") {
    RunWriter writer(dir / "run.h5", l, synthetic_info(2));
    writer.write_replicate({}, 0, s.monthly, s.annual);
    REQUIRE_THROWS_WITH(writer.write_replicate({}, 0, s.monthly, s.annual),
                        "RunWriter: replicate 0 written twice");
  }
  SECTION("a trajectory of other sizes than the layout") {
    OutputLayout longer = l;
    longer.years = 3;
    RunWriter writer(dir / "run.h5", longer, synthetic_info(2));
    REQUIRE_THROWS_WITH(writer.write_replicate({}, 0, s.monthly, s.annual),
                        "RunWriter: the monthly trajectory has 1008 values, the layout 1512");
  }
  SECTION("an outer index outside its dimension") {
    RunWriter writer(dir / "run.h5", synthetic_layout(true), synthetic_info(2));
    const int outer[1] = {2};
    REQUIRE_THROWS_WITH(writer.write_replicate(outer, 0, s.monthly, s.annual),
                        "RunWriter: index 2 is outside variant (0 to 1)");
  }
  SECTION("a commit with a replicate missing") {
    RunWriter writer(dir / "run.h5", l, synthetic_info(2));
    writer.write_replicate({}, 0, s.monthly, s.annual);
    REQUIRE_THROWS_WITH(writer.commit(), "commit before every replicate was written");
  }
  SECTION("a replicate never started") {
    OutputLayout many = l;
    many.replicates = 65;  // the second block is never begun
    RunWriter writer(dir / "run.h5", many, synthetic_info(65));
    for (int r = 0; r < 64; ++r) writer.write_replicate({}, r, s.monthly, s.annual);
    REQUIRE_THROWS_WITH(writer.commit(), "commit before every replicate was written");
  }
  REQUIRE(nothing_written());
}

TEST_CASE("a target that becomes a directory during the run is refused at commit, and the temporary removed",
          "[output]") {
  TempDir dir;
  const OutputLayout l = synthetic_layout();
  // The target becomes a directory that is not empty while the run writes
  // (a directory named at the start is refused before any work): rename(2)
  // then refuses it.
  RunWriter writer(dir / "run.h5", l, synthetic_info(2));
  std::filesystem::create_directories(dir / "run.h5");
  std::ofstream(dir / "run.h5" / "keep") << "keep";
  for (int r = 0; r < 2; ++r) {
    const auto s = synthetic_replicate(l, 0, r);
    writer.write_replicate({}, r, s.monthly, s.annual);
  }
  // The reason is the target's, not that of cleaning up after it.
  REQUIRE_THROWS_WITH(writer.commit(),
                      Catch::Matchers::StartsWith("cannot write " + (dir / "run.h5").string()) &&
                          !Catch::Matchers::EndsWith(": Success"));
  REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);
  REQUIRE(slurp(dir / "run.h5" / "keep") == "keep");
}

TEST_CASE("docs/output.md lists every variable with its units, aggregation and long name",
          "[output][docs]") {
  const std::string docs = slurp(std::filesystem::path(WFSIM_SOURCE_DIR) / "docs/output.md");
  REQUIRE_FALSE(docs.empty());
  constexpr std::string_view kAggregation[] = {"mean", "sum", "year_end"};
  for (const VariableInfo& info : kAnnualVariables) {
    const std::string row =
        fmt::format("| `{}` | {} | {} | {} |", info.name, info.units,
                    kAggregation[static_cast<int>(info.aggregation)], info.long_name);
    INFO(row);
    REQUIRE_THAT(docs, Catch::Matchers::Contains(row));
  }
}

TEST_CASE(
    "/summary holds the quantiles and mean of every annual variable, by age band and pipeline too",
    "[output][replicates]") {
  TempDir dir;
  const auto path = dir / "mc.h5";
  auto r = run_wfsim("run scenarios/example-ics.toml -q -r 7 -j 2 --quantiles 0.1,0.5,0.9 -o " +
                     path.string());
  INFO(r.err);
  REQUIRE(r.status == 0);
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const hsize_t groups = 12, bands = 3, pipelines = 10, years = 5, replicates = 7;
  require_dims(file, "summary/headcount_by_age", "summary/",
               {"quantile", "year", "staff_group", "age_band"}, {3, years, groups, bands});
  require_dims(file, "summary/headcount_by_age_mean", "summary/",
               {"year", "staff_group", "age_band"}, {years, groups, bands});
  require_dims(file, "summary/in_training", "summary/", {"quantile", "year", "pipeline"},
               {3, years, pipelines});
  require_dims(file, "summary/in_training_mean", "summary/", {"year", "pipeline"},
               {years, pipelines});
  REQUIRE(string_attribute(file, "summary/in_training", "units") == "people");
  // Each cell: the quantiles and mean over the replicates of /annual.
  for (const char* name : {"headcount_by_age", "in_training"}) {
    INFO(name);
    const auto annual = read_all(file, (std::string("annual/") + name).c_str());
    const auto quantiles = read_all(file, (std::string("summary/") + name).c_str());
    const auto mean = read_all(file, (std::string("summary/") + name + "_mean").c_str());
    const std::size_t cells = annual.size() / replicates;
    REQUIRE(mean.size() == cells);
    REQUIRE(quantiles.size() == 3 * cells);
    for (std::size_t c = 0; c < cells; ++c) {
      std::vector<double> column;
      double sum = 0;
      for (std::size_t i = 0; i < replicates; ++i) {
        column.push_back(annual[i * cells + c]);
        sum += column.back();
      }
      REQUIRE(mean[c] == sum / replicates);
      std::sort(column.begin(), column.end());
      // 7 replicates: q 0.1 sits at 0.6 of the way from the 1st to the 2nd, 0.5 on the 4th.
      REQUIRE(quantiles[c] == Approx(column[0] + 0.6 * (column[1] - column[0])));
      REQUIRE(quantiles[cells + c] == column[3]);
      REQUIRE(quantiles[2 * cells + c] == Approx(column[5] + 0.4 * (column[6] - column[5])));
    }
  }
  H5Fclose(file);
}
