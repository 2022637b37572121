// The wfsim program: a thin shell over the library's command line.
#include <iostream>
#include <sstream>
#include <string>

#include "cli/cli.h"
#include "engine/ranks.h"

int main(int argc, char** argv) {
  wfsim::RankSession ranks(argc, argv);
  if (wfsim::this_rank() == 0) return ranks.finish(wfsim::cli_main(argc, argv));
  // Another rank of an MPI run: rank 0 prints the summary and the
  // problems of a scenario, which every rank finds alike. A rank's own
  // failure, or a problem rank 0 did not find, is its message, naming
  // the rank.
  std::ostringstream out, err;
  std::streambuf* const cout = std::cout.rdbuf(out.rdbuf());
  std::streambuf* const cerr = std::cerr.rdbuf(err.rdbuf());
  const int status = wfsim::cli_main(argc, argv);
  std::cout.rdbuf(cout);
  std::cerr.rdbuf(cerr);
  if (status == 1 || wfsim::speaks_for_itself()) {
    std::istringstream lines(err.str());
    for (std::string line; std::getline(lines, line);)
      std::cerr << "rank " << wfsim::this_rank() << ": " << line << '\n';
    std::cerr.flush();
  }
  return ranks.finish(status);
}
