#pragma once
// An annual array of an output file as the readers (compare, report) use
// it: laid out (..., [inner], year, staff_group), as /annual's variables
// (inner "replicate"), /summary's quantiles ("quantile") and means (none)
// are, checked against the file's year and staff_group coordinates, with
// the dims before `inner` (plan, system, variant) split off as "leading".

#include <cstddef>
#include <string>
#include <vector>

#include "output/hdf5_reader.h"

namespace wfsim {

struct YearGroupArray {
  std::vector<std::string> leading_dims;
  std::vector<std::size_t> leading_shape;
  std::size_t leading = 1;  // the product of leading_shape
  std::size_t inner = 1;    // the size of the inner dim (1 without one)
  std::size_t years = 0, groups = 0;
  std::vector<double> values;  // [leading][inner][year][group]

  double at(std::size_t l, std::size_t k, std::size_t y, std::size_t g) const {
    return values[((l * inner + k) * years + y) * groups + g];
  }
  // The mean over the inner dim (the replicates) at one leading combination,
  // year and group, summed in replicate order; NaN when there are none.
  double mean(std::size_t l, std::size_t y, std::size_t g) const;
};

// Reads `path` of `reader`. `inner` is the dim before `year` ("replicate",
// "quantile") or "" for none. Throws FileError, naming the file as
// `reader.path()`, when the array is not so laid out or its year and
// staff_group axes are not `years` and `groups` long.
YearGroupArray read_year_group_array(const RunReader& reader, const std::string& path,
                                     const std::string& inner, std::size_t years,
                                     std::size_t groups);

}  // namespace wfsim
