#include "output/hdf5_axes.h"

#include <fmt/format.h>

#include <chrono>

namespace wfsim::h5 {

std::vector<std::string> year_labels(int start_year, int years) {
  std::vector<std::string> out;
  for (int y = 0; y < years; ++y)
    out.push_back(fmt::format("{}/{:02d}", start_year + y, (start_year + y + 1) % 100));
  return out;
}

namespace {

// Days from the first of the start month to the first of each of `months`
// months, on the real calendar.
std::vector<int> month_starts(int start_year, int start_month, int months) {
  namespace c = std::chrono;
  const c::year_month first = c::year{start_year} / c::month{static_cast<unsigned>(start_month)};
  const c::sys_days origin{first / c::day{1}};
  std::vector<int> days;
  for (int m = 0; m < months; ++m)
    days.push_back(
        static_cast<int>((c::sys_days{(first + c::months{m}) / c::day{1}} - origin).count()));
  return days;
}

}  // namespace

Id write_time_axis(hid_t parent, int start_year, int start_month, int months) {
  const std::vector<int> days = month_starts(start_year, start_month, months);
  Id time = write_numbers(parent, "time", H5T_NATIVE_INT, days);
  set_string_attribute(time, "units",
                       fmt::format("days since {}-{:02d}-01", start_year, start_month));
  set_string_attribute(time, "calendar", "standard");
  set_string_attribute(time, "standard_name", "time");
  set_string_attribute(time, "axis", "T");
  set_string_attribute(time, "long_name",
                       "month, from its first day (stocks at its end, flows within it)");
  set_string_attribute(time, "bounds", "time_bnds");
  return time;
}

void write_time_bounds(hid_t parent, hid_t time, int start_year, int start_month, int months) {
  // Each month from its own first day to the next month's.
  const std::vector<int> starts = month_starts(start_year, start_month, months + 1);
  std::vector<int> bounds;
  for (int m = 0; m < months; ++m) {
    bounds.push_back(starts[m]);
    bounds.push_back(starts[m + 1]);
  }
  // netCDF's form of a dimension without a coordinate variable: a scale
  // whose NAME says so, which netCDF and h5netcdf read as a bare dimension.
  Id nv = write_numbers(parent, "nv", H5T_NATIVE_INT, std::vector<int>{0, 0});
  check(H5DSset_scale(nv, "This is a netCDF dimension but not a netCDF variable.         2"),
        "make nv a dimension scale");
  const hsize_t dims[2] = {static_cast<hsize_t>(months), 2};
  Id space(H5Screate_simple(2, dims, nullptr), H5Sclose, "make a space for time_bnds");
  Id d(H5Dcreate2(parent, "time_bnds", H5T_NATIVE_INT, space, H5P_DEFAULT, H5P_DEFAULT,
                  H5P_DEFAULT),
       H5Dclose, "create time_bnds");
  if (months > 0)
    check(H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, bounds.data()),
          "write time_bnds");
  check(H5DSattach_scale(d, time, 0), "attach time to time_bnds");
  check(H5DSattach_scale(d, nv, 1), "attach nv to time_bnds");
}

void write_year_start(hid_t parent, hid_t year, int start_year, int years) {
  std::vector<int> starts;
  for (int y = 0; y < years; ++y) starts.push_back(start_year + y);
  Id d = write_numbers(parent, "year_start", H5T_NATIVE_INT, starts);
  set_string_attribute(d, "long_name", "calendar year the plan year starts in");
  set_string_attribute(d, "units", "1");
  check(H5DSattach_scale(d, year, 0), "attach year to year_start");
}

std::string cell_methods(Aggregation aggregation, bool monthly) {
  if (monthly) return aggregation == Aggregation::sum ? "time: sum" : "time: point";
  switch (aggregation) {
    case Aggregation::sum: return "year: sum";
    case Aggregation::year_end: return "year: point";
    default: return "year: mean";
  }
}

}  // namespace wfsim::h5
