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

Id write_time_axis(hid_t parent, int start_year, int start_month, int months) {
  namespace c = std::chrono;
  const c::year_month first = c::year{start_year} / c::month{static_cast<unsigned>(start_month)};
  const c::sys_days origin{first / c::day{1}};
  std::vector<int> days;
  for (int m = 0; m < months; ++m)
    days.push_back(
        static_cast<int>((c::sys_days{(first + c::months{m}) / c::day{1}} - origin).count()));
  Id time = write_numbers(parent, "time", H5T_NATIVE_INT, days);
  set_string_attribute(time, "units",
                       fmt::format("days since {}-{:02d}-01", start_year, start_month));
  set_string_attribute(time, "calendar", "standard");
  set_string_attribute(time, "long_name", "start of the month");
  return time;
}

}  // namespace wfsim::h5
