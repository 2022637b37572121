#include <fmt/format.h>

#include <fstream>
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/isolated.h"
#include "output/compare.h"
#include "output/hdf5_reader.h"

namespace wfsim {

// The body runs in a child process (run_isolated), writing to streams of
// its own that reach `shown_out` and `shown_err`.
int compare_command(const CompareOptions& options, std::ostream& shown_out,
                    std::ostream& shown_err) {
  const Isolation isolation{"compare", options.files, {}};
  return run_isolated(
      isolation,
      [&](std::ostream& out, std::ostream& err) {
        CompareTable table;
        try {
          table = build_comparison(load_comparison(options), options.per);
        } catch (const FileError& e) {
          err << "wfsim compare: " << e.what() << '\n';
          return kExitBadInput;
        }
        print_comparison(table, out);
        if (!options.csv.empty()) {
          std::ofstream csv(options.csv, std::ios::binary);
          if (csv) write_comparison_csv(table, csv);
          csv.close();
          if (!csv) {
            err << fmt::format("wfsim compare: cannot write {}\n", options.csv);
            return kExitError;
          }
        }
        return kExitOk;
      },
      shown_out, shown_err);
}

}  // namespace wfsim
