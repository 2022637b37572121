#include "model/printable.h"

#include <fmt/format.h>

namespace wfsim {
namespace {

// The length of the UTF-8 sequence at `s[i]` and its code point, or 0 when
// the bytes there are not one (overlong forms and surrogates included).
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& code) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  std::size_t n = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    code = lead;
    return 1;
  } else if ((lead & 0xe0) == 0xc0) {
    n = 2, code = lead & 0x1f, min = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    n = 3, code = lead & 0x0f, min = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    n = 4, code = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3f);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return n;
}

}  // namespace

std::string printable(std::string_view text, bool keep_line_breaks) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t code = 0;
    const std::size_t n = utf8_sequence(text, i, code);
    if (n == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (code < 0x20 || code == 0x7f) {
      if (keep_line_breaks && (code == '\n' || code == '\t' || code == '\r'))
        out += static_cast<char>(code);
      else if (code == '\n')
        out += "\\n";
      else if (code == '\r')
        out += "\\r";
      else if (code == '\t')
        out += "\\t";
      else
        out += fmt::format("\\x{:02x}", static_cast<unsigned>(code));
    } else if ((code >= 0x80 && code <= 0x9f) || code == 0xfffe || code == 0xffff) {
      out += fmt::format("\\u{{{:04x}}}", static_cast<unsigned>(code));
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace wfsim
