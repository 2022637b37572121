// The HDF5 output: round trips through the HDF5 C API and through xarray,
// dimension scales, attributes, and atomic writing (OUTPUT.md).

#include <hdf5.h>
#include <hdf5_hl.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fstream>

#include "engine/engine.h"
#include "model_fixture.h"
#include "output/hdf5_writer.h"
#include "process.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

// A small run: two groups, two bands, a pipeline, two years.
Run small_run() {
  Model m = tiny_model(2, 2);
  m.name = "small";
  int a = add_group(m, "nurse", 100);
  int b = add_group(m, "hcsw", 50);
  m.groups[a].basic_pay_gbp = 30000;
  set_leaver_rate(m, a, 0.1);
  m.establishments.push_back({"ward", a, flat(m, 95.0)});
  m.pipelines.push_back(apprenticeship(m, "route", b, a, 12, 12));
  return run(m);
}

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

// A variable-length UTF-8 string attribute, as the writer stores them.
std::string string_attribute(hid_t file, const char* object, const char* name) {
  hid_t attr = H5Aopen_by_name(file, object, name, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(attr >= 0);
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  char* value = nullptr;
  REQUIRE(H5Aread(attr, type, &value) >= 0);
  std::string out = value;
  H5free_memory(value);
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
  REQUIRE(format == 1);
  H5Fclose(file);
}

TEST_CASE("xarray opens the file with labelled dimensions and values", "[output][xarray]") {
  TempDir dir;
  const Run r = small_run();
  write(dir / "run.h5", r);
  const double expected = r.annual.at(index_of(Var::workforce_gap_fte), 1, 0);
  const std::string command = std::string("/usr/bin/python3 ") + WFSIM_SOURCE_DIR + "/tests/xarray_check.py " +
                              (dir / "run.h5").string() + " nurse 2020/21 " + fmt::format("{:.17g}", expected) +
                              " > " + (dir / "log").string() + " 2>&1";
  const int raw = std::system(command.c_str());
  const int status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  if (status == 77) {
    // Only when tools/install-deps --test could not install them.
    WARN("skipped: python3-xarray or python3-h5netcdf is not installed: " << slurp(dir / "log"));
    return;
  }
  INFO(slurp(dir / "log"));
  REQUIRE(status == 0);
}

TEST_CASE("writing is atomic: nothing appears until commit, and an old file survives a failure", "[output]") {
  TempDir dir;
  const Run r = small_run();
  std::ofstream(dir / "run.h5") << "an earlier result";
  {
    RunWriter writer(dir / "run.h5", OutputLayout::for_model(r.model, 1), RunInfo::for_model(r.model, 1));
    writer.write_replicate({}, 0, r.monthly, r.annual);
    // Destroyed without commit, as when a run fails.
  }
  REQUIRE(slurp(dir / "run.h5") == "an earlier result");
  REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);  // no temporary left
  write(dir / "run.h5", r);
  REQUIRE(slurp(dir / "run.h5").substr(1, 3) == "HDF");
  REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);
}

TEST_CASE("a missing output directory is an error that names it", "[output]") {
  TempDir dir;
  const Run r = small_run();
  REQUIRE_THROWS_WITH(RunWriter(dir / "no/such/dir/run.h5", OutputLayout::for_model(r.model, 1),
                                RunInfo::for_model(r.model, 1)),
                      Catch::Matchers::Contains("no directory") && Catch::Matchers::Contains("no/such/dir"));
}

TEST_CASE("a sweep runs the cross product as a leading variant dimension with its coordinates", "[output][sweeps]") {
  TempDir dir;
  auto r = run_wfsim("run tests/scenarios/sweep.toml -o " + (dir / "sweep.h5").string());
  REQUIRE(r.status == 0);
  REQUIRE_THAT(r.out, Catch::Matchers::Contains(
                          "variant 3: staff_group.nurse.leaver_rate = 0.2, staff_group.nurse.funded_fte = 90"));
  hid_t file = H5Fopen((dir / "sweep.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  REQUIRE(scale_name(file, "annual/headcount_at_year_end", 0) == "variant");
  REQUIRE(scale_name(file, "annual/headcount_at_year_end", 1) == "replicate");
  // 100 (1 - r)^years: 90, 81 at 10 %; 80, 64 at 20 %; funding does not change stocks.
  REQUIRE_THAT(read_all(file, "annual/headcount_at_year_end"),
               Catch::Matchers::Approx(std::vector<double>{90, 81, 90, 81, 80, 64, 80, 64}));
  REQUIRE(read_all(file, "annual/staff_group.nurse.funded_fte") == std::vector<double>{100, 90, 100, 90});
  REQUIRE(read_all(file, "flag_variant").back() == 3);
  H5Fclose(file);
}
