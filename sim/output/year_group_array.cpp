#include "output/year_group_array.h"

#include <fmt/format.h>

#include <cmath>

namespace wfsim {

double YearGroupArray::mean(std::size_t l, std::size_t y, std::size_t g) const {
  if (inner == 0) return std::nan("");
  double sum = 0;
  for (std::size_t k = 0; k < inner; ++k) sum += at(l, k, y, g);
  return sum / static_cast<double>(inner);
}

YearGroupArray read_year_group_array(const RunReader& reader, const std::string& path,
                                     const std::string& inner, std::size_t years,
                                     std::size_t groups) {
  Array a = reader.read(path);
  const std::size_t rank = a.dims.size(), tail = inner.empty() ? 2 : 3;
  if (rank < tail || (!inner.empty() && a.dims[rank - 3] != inner) || a.dims[rank - 2] != "year" ||
      a.dims[rank - 1] != "staff_group")
    throw FileError(
        fmt::format("{}: not a wfsim output file ({} is not (..., {}year, staff_group))",
                    reader.path().string(), path, inner.empty() ? "" : inner + ", "));
  if (a.shape[rank - 2] != years || a.shape[rank - 1] != groups)
    throw FileError(fmt::format("{}: {} does not match its year and staff_group coordinates",
                                reader.path().string(), path));
  YearGroupArray out;
  for (std::size_t i = 0; i + tail < rank; ++i) {
    out.leading_dims.push_back(a.dims[i]);
    out.leading_shape.push_back(a.shape[i]);
    out.leading *= a.shape[i];
  }
  out.inner = inner.empty() ? 1 : a.shape[rank - 3];
  out.years = years;
  out.groups = groups;
  out.values = std::move(a.values);
  return out;
}

}  // namespace wfsim
