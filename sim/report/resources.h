#pragma once
// Files embedded in the program at build time (sim/report/embed.cmake).

#include <string_view>

namespace wfsim::report {

enum class Resource {
  report_html,  // sim/report/templates/report.html.mustache
  table_html,   // sim/report/templates/table.html.mustache (a partial)
  report_css,   // sim/report/templates/report.css
  report_js,    // sim/report/templates/report.js: draws the charts from their data
  chart_js,     // Chart.js, from Debian's libjs-chart.js
};

std::string_view resource(Resource r);

}  // namespace wfsim::report
