#pragma once
// The report as an Excel workbook (docs/report.md "Workbook"), written with
// libxlsxwriter: Summary, Flags, a sheet per staff group with a native line
// chart, Money, Levers, (Systems, Pools, Variants, Comparison, extra groups
// where the file has them), Provenance.

#include <filesystem>

#include "report/document.h"

namespace wfsim::report {

// Writes `file`. Throws std::runtime_error when libxlsxwriter cannot.
void write_xlsx(const Document& document, const std::filesystem::path& file);

}  // namespace wfsim::report
