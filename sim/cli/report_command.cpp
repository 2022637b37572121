#include <fmt/format.h>
#include <fmt/ostream.h>

#include <fstream>
#include <memory>
#include <optional>
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/isolated.h"
#include "report/document.h"
#include "report/report_data.h"
#include "report/report_html.h"
#include "report/report_pdf.h"
#include "report/report_xlsx.h"
#include "report/staged_file.h"

namespace wfsim {
namespace {

// The HTML file to write, or "" when none is: -o, else <stem>.html here
// (<A>-vs-<B>.html for two files) unless only --xlsx or --pdf was asked for.
std::string html_target(const ReportOptions& o) {
  if (!o.html.empty()) return o.html;
  if (!o.xlsx.empty() || !o.pdf.empty()) return "";
  std::string stem = std::filesystem::path(o.files.front()).stem().string();
  if (o.files.size() > 1) stem += "-vs-" + std::filesystem::path(o.files[1]).stem().string();
  return stem + ".html";
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

}  // namespace

// The body runs in a child process (run_isolated), writing to streams of
// its own that reach `shown_out` and `shown_err`.
int report_command(const ReportOptions& options, std::ostream& shown_out, std::ostream& shown_err) {
  Isolation isolation{"report", options.files, {}};
  for (const std::string& target : {html_target(options), options.xlsx, options.pdf})
    if (!target.empty()) isolation.folders.push_back(std::filesystem::path(target).parent_path());
  return run_isolated(
      isolation,
      [&](std::ostream& out, std::ostream& err) {
        using namespace report;
        std::optional<std::filesystem::path> chromium;
        if (!options.pdf.empty() && !(chromium = find_chromium())) {
          err << "wfsim report: --pdf needs Chromium (Debian: apt-get install chromium), which is "
                 "not "
                 "installed; nothing was written (the HTML report prints to PDF from any "
                 "browser)\n";
          return kExitError;
        }
        for (const std::string& target : {html_target(options), options.xlsx, options.pdf}) {
          const std::filesystem::path directory = std::filesystem::path(target).parent_path();
          if (!target.empty() && !directory.empty() && !std::filesystem::is_directory(directory)) {
            err << "wfsim report: " << target << ": no such directory " << directory.string()
                << "; nothing was written\n";
            return kExitBadInput;
          }
        }
        ReportData data, alternative;
        try {
          data = load_report_data(options.files.front());
          if (options.files.size() > 1) {
            alternative = load_report_data(options.files[1]);
            check_comparable(data, alternative);
          }
        } catch (const FileError& e) {
          err << "wfsim report: " << e.what() << '\n';
          return kExitBadInput;
        }
        lift_reading_limits();  // the files are read; Chromium may need the room
        const Document document =
            build_document(data, options.files.size() > 1 ? &alternative : nullptr);
        const std::string html = render_html(document);

        // Everything is written under temporary names first and renamed at the
        // end, so that a failure leaves no output at all.
        std::vector<std::unique_ptr<StagedFile>> staged;
        if (const std::string target = html_target(options); !target.empty()) {
          staged.push_back(std::make_unique<StagedFile>(target));
          write_text(staged.back()->path(), html);
        }
        if (!options.xlsx.empty()) {
          staged.push_back(std::make_unique<StagedFile>(options.xlsx));
          write_xlsx(document, staged.back()->path());
        }
        if (!options.pdf.empty()) {
          StagedFile page(options.pdf, ".html");
          write_text(page.path(), html);
          staged.push_back(std::make_unique<StagedFile>(options.pdf));
          print_pdf(*chromium, page.path(), staged.back()->path());
        }
        for (auto& file : staged) {
          file->commit();
          if (!options.quiet) fmt::print(out, "wrote {}\n", file->target().string());
        }
        return kExitOk;
      },
      shown_out, shown_err);
}

}  // namespace wfsim
