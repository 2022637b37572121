#include "engine/random.h"

namespace wfsim {
namespace {

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;

// FNV-1a, continued from `h` over `text`.
std::uint64_t fnv1a(std::uint64_t h, std::string_view text) {
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

}  // namespace

std::uint64_t stream_id(std::string_view name) {
  return fnv1a(kFnvOffset, name);
}

RandomEngine make_stream(std::uint64_t seed, std::uint64_t replicate, std::uint64_t purpose) {
  return RandomEngine(mix64(mix64(mix64(seed) ^ replicate) ^ purpose));
}

std::uint64_t flow_key(std::uint64_t seed, std::uint64_t replicate) {
  return mix64(mix64(mix64(seed) ^ replicate) ^ kFlowStream);
}

// '/' cannot occur in an id (snake_case), so distinct triples hash
// distinct strings; FNV-1a alone mixes poorly, hence the finaliser.
std::uint64_t draw_site_prefix(std::string_view kind, std::string_view id) {
  return fnv1a(fnv1a(fnv1a(fnv1a(kFnvOffset, kind), "/"), id), "/");
}

std::uint64_t draw_site(std::uint64_t prefix, std::string_view band) {
  return mix64(fnv1a(fnv1a(prefix, band), "/"));
}

std::uint64_t draw_site(std::string_view kind, std::string_view id, std::string_view band) {
  return draw_site(draw_site_prefix(kind, id), band);
}

}  // namespace wfsim
