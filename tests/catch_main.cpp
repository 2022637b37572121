// The suite's main(): Catch2's, with two warnings made errors for every run
// (ctest's and by hand): NoTests, so that a name that matches no test case
// (as a name cut at a `;` by catch_discover_tests would) fails instead of
// passing with "No tests ran", and NoAssertions, so that a test case or
// section that checks nothing fails. Catch2 2 takes one -w on its command
// line, hence here rather than in catch_discover_tests' EXTRA_ARGS.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (const int status = session.applyCommandLine(argc, argv)) return status;
  Catch::ConfigData& config = session.configData();
  config.warnings = static_cast<Catch::WarnAbout::What>(
      config.warnings | Catch::WarnAbout::NoTests | Catch::WarnAbout::NoAssertions);
  return session.run();
}
