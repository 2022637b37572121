#pragma once
// The terminal summary of a national run, for a 100-column terminal: the
// national totals by staff group (reconciled plan), one line per system and
// plan year (demand, effective supply and gap as submitted and as
// reconciled), the pools, and the flags.

#include <iosfwd>

#include "national/national_run.h"

namespace wfsim {

void print_national_summary(std::ostream& os, const NationalPlan& plan,
                            const NationalResult& result);

}  // namespace wfsim
