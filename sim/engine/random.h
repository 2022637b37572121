#pragma once
// Random streams for Monte Carlo replicates (MODEL.md section 8).
//
// Every stream is derived only from (seed, replicate, purpose): replicate i
// draws the same numbers however many threads run and however many other
// replicates there are, and two scenarios with the same seed share common
// random numbers. Each uncertain parameter has its own purpose (a hash of
// its target), and the flows another, so adding a parameter does not shift
// the draws of the others. Boost.Random's engines and distributions are
// used because their algorithms are fixed by the library, not by the
// standard library's implementation.

#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <string_view>

namespace wfsim {

using RandomEngine = boost::random::mt19937_64;

// The purpose of the stream that drives stochastic flows.
inline constexpr std::uint64_t kFlowStream = 0x666c6f7773ULL;  // "flows"

// A stable 64-bit hash (FNV-1a) of a name, for per-parameter streams.
std::uint64_t stream_id(std::string_view name);

RandomEngine make_stream(std::uint64_t seed, std::uint64_t replicate, std::uint64_t purpose);

}  // namespace wfsim
