#pragma once
// Printing the HTML report to PDF with headless Chromium (docs/report.md).

#include <filesystem>
#include <optional>

namespace wfsim::report {

// The Chromium program: $WFSIM_CHROMIUM when set (empty: none, so tests
// can see the message of a machine without it), else chromium,
// chromium-browser or google-chrome on PATH. nullopt when there is none.
std::optional<std::filesystem::path> find_chromium();

// Prints `html` to `pdf` (A4, the page breaks of the style sheet's print
// rules). Throws std::runtime_error when Chromium fails or writes nothing.
void print_pdf(const std::filesystem::path& chromium, const std::filesystem::path& html,
               const std::filesystem::path& pdf);

}  // namespace wfsim::report
