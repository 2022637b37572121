#pragma once
// The time and year axes that every wfsim file shares (OUTPUT.md): written
// the same way by the run writer and the national writer.

#include <string>
#include <vector>

#include "output/hdf5_handles.h"

namespace wfsim::h5 {

// Plan year labels "2019/20", ... for `years` years from `start_year`.
std::vector<std::string> year_labels(int start_year, int years);

// The `time` coordinate: days from the first of the start month to the
// first of each month, with CF `units` and `calendar` so xarray decodes
// datetimes. Not yet a dimension scale: the caller makes it one.
Id write_time_axis(hid_t parent, int start_year, int start_month, int months);

}  // namespace wfsim::h5
