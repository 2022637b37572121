#include <fmt/format.h>
#include <fmt/ostream.h>

#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/isolated.h"
#include "output/export_csv.h"
#include "output/hdf5_reader.h"

namespace wfsim {

// The body runs in a child process (run_isolated), writing to streams of
// its own that reach `shown_out` and `shown_err`.
int export_command(const ExportOptions& options, std::ostream& shown_out, std::ostream& shown_err) {
  const Isolation isolation{"export", {options.run}, {options.csv_directory}};
  return run_isolated(
      isolation,
      [&](std::ostream& out, std::ostream& err) {
        try {
          for (const auto& path : export_csv(options.run, options.csv_directory,
                                             {.wide = options.wide,
                                             .allow_large = options.allow_large,
                                             .summary_only = options.summary_only}))
            if (!options.quiet) fmt::print(out, "wrote {}\n", path.string());
        } catch (const FileError& e) {
          err << "wfsim export: " << e.what() << '\n';
          return kExitBadInput;
        }
        return kExitOk;
      },
      shown_out, shown_err);
}

}  // namespace wfsim
