#pragma once
// `wfsim export`: a run's file as tidy long-format CSV (docs/output.md
// "Exporting to CSV"), one value per row, which Excel and R read directly.

#include <filesystem>
#include <string>
#include <vector>

namespace wfsim {

// Excel's and LibreOffice Calc's most rows in a sheet, the header included:
// a CSV longer than this is silently cut when a spreadsheet opens it.
inline constexpr std::size_t kSpreadsheetRows = 1'048'576;

struct ExportCsvOptions {
  bool wide = false;          // periods as columns: one row per group (and replicate, variable)
  bool allow_large = false;   // write files longer than kSpreadsheetRows
  bool summary_only = false;  // a Monte Carlo file's summary.csv, flags.csv and variables.csv only
};

// Writes into `directory` (created when missing): annual.csv (/annual;
// none from a file written with --keep summary, which has no /annual),
// monthly.csv (the root's monthly variables), flags.csv, summary.csv when
// the file has /summary, and for a national file national_annual.csv (the
// national totals, system "national") and pools.csv (/pools), and variables.csv, the units
// and long names of every variable they hold. With `wide` the tables are
// annual_wide.csv and so on, a column per year (or month). Each file is
// written beside its target and renamed into place once every file is
// complete. Returns the paths written. Throws FileError when the run file
// cannot be read, `directory` is a file, or a file would pass
// kSpreadsheetRows without `allow_large` (then nothing is written).
std::vector<std::filesystem::path> export_csv(const std::filesystem::path& run,
                                              const std::filesystem::path& directory,
                                              const ExportCsvOptions& options = {});

}  // namespace wfsim
