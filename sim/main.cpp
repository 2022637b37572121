// The wfsim program: a thin shell over the library's command line.
#include "cli/cli.h"

int main(int argc, char** argv) {
  return wfsim::cli_main(argc, argv);
}
