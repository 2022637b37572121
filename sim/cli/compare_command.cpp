#include <fmt/format.h>

#include <fstream>
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/isolated.h"
#include "output/compare.h"
#include "output/hdf5_reader.h"

namespace wfsim {

int compare_command(const CompareOptions& options, std::ostream& out, std::ostream& err) {
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
      out, err);
}

}  // namespace wfsim
