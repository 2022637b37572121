#pragma once
// CSV as RFC 4180 writes it, which Excel and R read directly: CRLF line
// ends, a field quoted only when it holds a comma, a quote, CR or LF, with
// quotes doubled. Numbers are locale-free ('.' decimals) and shortest
// round-trip (reading one back gives the same double, or float for values
// stored as float32); NaN is an empty field (NA in R, blank in Excel).

#include <fmt/format.h>

#include <cmath>
#include <ostream>
#include <string>
#include <string_view>

namespace wfsim::csv {

inline constexpr std::string_view kLineEnd = "\r\n";

inline std::string field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

inline std::string number(double value, bool single = false) {
  if (std::isnan(value)) return {};
  if (single) return fmt::format("{}", static_cast<float>(value));
  return fmt::format("{}", value);
}

}  // namespace wfsim::csv
