#pragma once
// The levers of a plan (docs/report.md "Levers"), read from the resolved
// scenario a file holds: the scenario layer parses it again, so the report
// shows the values the run used, expanded to one per plan year.

#include <string>
#include <vector>

#include "report/report_data.h"

namespace wfsim::report {

struct LeverRow {
  std::string lever;           // "Retention", "International recruitment", ...
  std::string item;            // the staff group, route or activity it acts on
  std::string key;             // the scenario key: "leaver_rate"
  std::string units;           // "share a year", "people a year", ...
  bool is_share = false;       // shown as a percentage
  std::vector<double> values;  // [year]
};

struct Levers {
  std::vector<LeverRow> rows;  // in the order of docs/report.md
  // Why there are no rows: the scenario could not be read again (a national
  // file, a file from another version); empty when rows were read.
  std::string problem;
  // [year]: the share of temporary staffing cost that is bank, as MODEL.md
  // section 6 costs it: bank_share (1 + bank_premium) over that plus
  // (1 - bank_share) (1 + agency_premium). Empty: not known.
  std::vector<double> bank_cost_share;
};

Levers read_levers(const ReportData& data);

}  // namespace wfsim::report
