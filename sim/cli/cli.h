#pragma once
// The command line: `wfsim run | validate | ...`. Exit statuses:
// 0 ok, 1 anything else, 2 bad input, 3 a `check` assertion failed,
// 4 `solve` found the targets cannot be met.

namespace wfsim {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitCheckFailed = 3;
inline constexpr int kExitInfeasible = 4;

int cli_main(int argc, char** argv);

}  // namespace wfsim
