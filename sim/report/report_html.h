#pragma once
// The HTML report (docs/report.md): one self-contained file rendered from
// the mustache templates under sim/report/templates, with Chart.js and the
// charts' data inlined, so that it opens offline.

#include <string>

#include "report/document.h"

namespace wfsim::report {

std::string render_html(const Document& document);

}  // namespace wfsim::report
