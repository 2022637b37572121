#pragma once
// `wfsim export`: a run's file as tidy long-format CSV (docs/output.md
// "Exporting to CSV"), one value per row, which Excel and R read directly.

#include <filesystem>
#include <string>
#include <vector>

namespace wfsim {

// Writes into `directory` (created when missing): annual.csv (/annual),
// monthly.csv (the root's monthly variables), flags.csv, summary.csv when
// the file has /summary, and for a national file national_annual.csv (the
// national totals, system "national") and pools.csv (/pools). Each file is written beside its
// target and renamed into place when complete. Returns the paths written. Throws FileError when the
// run file cannot be read or `directory` is a file.
std::vector<std::filesystem::path> export_csv(const std::filesystem::path& run,
                                              const std::filesystem::path& directory);

}  // namespace wfsim
