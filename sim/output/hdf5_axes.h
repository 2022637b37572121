#pragma once
// The time and year axes that every wfsim file shares (OUTPUT.md): written
// the same way by the run writer and the national writer.

#include <string>
#include <string_view>
#include <vector>

#include "engine/variables.h"
#include "output/hdf5_handles.h"

namespace wfsim::h5 {

// Plan year labels "2019/20", ... for `years` years from `start_year`.
std::vector<std::string> year_labels(int start_year, int years);

// The `time` coordinate: days from the first of the start month to the
// first of each month, with CF `units` and `calendar` so xarray decodes
// datetimes. Not yet a dimension scale: the caller makes it one.
Id write_time_axis(hid_t parent, int start_year, int start_month, int months);

// CF cell bounds of `time` (already a dimension scale in `parent`): the
// variable `time_bnds` (time, nv), each month from its first day to the
// first day of the next, and the dimension `nv` of length 2 it needs.
void write_time_bounds(hid_t parent, hid_t time, int start_year, int start_month, int months);

// The numeric coordinate `year_start` along `year` (a dimension scale in
// `parent`): the calendar year each plan year starts in, so that clients
// that plot only numbers (xarray) can put plan years on an axis.
void write_year_start(hid_t parent, hid_t year, int start_year, int years);

// CF `cell_methods` of a variable of the given annual aggregation: monthly,
// a stock (mean) is a point at the month's end and a flow (sum) a total
// within it; annual, "year: mean", "year: sum" or "year: point" (the last
// month), naming the `year` dimension as CF allows.
std::string cell_methods(Aggregation aggregation, bool monthly);

}  // namespace wfsim::h5
