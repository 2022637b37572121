#pragma once
// Random numbers for Monte Carlo replicates (MODEL.md section 8).
//
// Every number is derived only from (seed, replicate) and where it is used,
// never from how many numbers were drawn before it: replicate i draws the
// same numbers however many threads run and however many other replicates
// there are, and two scenarios with the same seed share common random
// numbers wherever they do the same thing.
//
// - Parameter draws: each uncertain parameter has its own stream of
//   (seed, replicate, hash of its target), so adding a parameter does not
//   shift the draws of the others.
// - Stochastic flows: counter-based. Every draw of a flow has a site (a
//   hash of the flow's kind, its element's id and the age band, fixed by the
//   ids alone) and a month; the draw comes from a small generator seeded by
//   a hash of (seed, replicate, site, month). A scenario that changes one
//   flow therefore changes only the draws whose inputs it changes, and a
//   group the change cannot reach keeps bit-identical numbers.
//
// Boost.Random's engines and distributions are used because their
// algorithms are fixed by the library, not by the standard library's
// implementation.

#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <string_view>

namespace wfsim {

using RandomEngine = boost::random::mt19937_64;

// SplitMix64's finaliser: a bijective mix with full avalanche, so distinct
// keys give distinct, unrelated-looking states.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A stable 64-bit hash (FNV-1a) of a name, for per-parameter streams.
std::uint64_t stream_id(std::string_view name);

RandomEngine make_stream(std::uint64_t seed, std::uint64_t replicate, std::uint64_t purpose);

// The purpose that keys stochastic flows, apart from every parameter's.
inline constexpr std::uint64_t kFlowStream = 0x666c6f7773ULL;  // "flows"

// Which algorithms turn the keyed uniforms into stochastic flows
// (stochastic_flows.h). Raised whenever the same seed would give other
// draws, and written to every output file as `flow_stream_version`, so
// that files made by an older program are not taken for this one's.
inline constexpr int kFlowStreamVersion = 2;

// The key of one replicate's flows, from which every draw site's numbers
// are derived.
std::uint64_t flow_key(std::uint64_t seed, std::uint64_t replicate);

// The site of a flow draw: the kind of flow ("leavers", "attrition"...),
// the id of its group, pipeline or flow, and the age band id (or another
// stable index, such as a cohort's slot) where the draw is per band.
std::uint64_t draw_site(std::string_view kind, std::string_view id, std::string_view band = {});
// The same in two steps, for the many bands of one flow: the hash state of
// (kind, id), then the site of each band from it.
std::uint64_t draw_site_prefix(std::string_view kind, std::string_view id);
std::uint64_t draw_site(std::uint64_t prefix, std::string_view band);

// SplitMix64 (Steele, Lea and Flood, 2014) started from the hash of
// (replicate key, site, month): cheap to seed, which is what a counter-based
// draw needs, and it passes BigCrush. A UniformRandomBitGenerator, so Boost's
// distributions take it.
class KeyedGenerator {
 public:
  using result_type = std::uint64_t;
  KeyedGenerator(std::uint64_t replicate_key, std::uint64_t site, int month)
      : state_(mix64(mix64(replicate_key ^ site) ^ static_cast<std::uint64_t>(month))) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() { return mix64(state_ += 0x9e3779b97f4a7c15ULL); }

 private:
  std::uint64_t state_;
};

}  // namespace wfsim
