#include "engine/random.h"

namespace wfsim {
namespace {

// SplitMix64's finaliser: a bijective mix, so distinct inputs stay distinct.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::uint64_t stream_id(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

RandomEngine make_stream(std::uint64_t seed, std::uint64_t replicate, std::uint64_t purpose) {
  return RandomEngine(mix(mix(mix(seed) ^ replicate) ^ purpose));
}

}  // namespace wfsim
