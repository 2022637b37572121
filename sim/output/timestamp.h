#pragma once
// When a file was written, as every writer stamps it: UTC, ISO 8601
// ("2026-11-24T01:02:03Z"), the form OUTPUT.md gives for `created`.

#include <ctime>
#include <string>

namespace wfsim {

inline std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace wfsim
