#pragma once
// Text from the user (keys, values, file names, strings read from files)
// echoed in a message: a newline would split one problem into two lines
// (and could forge a "file:1:1:" line), an escape sequence would drive the
// terminal. printable() writes what a terminal must not act on as visible
// escapes, so every message stays one line of plain text.

#include <string>
#include <string_view>

namespace wfsim {

// Control characters as \n, \r, \t or \xNN; DEL and bytes that are not
// UTF-8 as \xNN; C1 controls (U+0080 to U+009F) and the non-characters
// U+FFFE and U+FFFF as \u{NNNN}; a backslash stays a backslash. With
// `keep_line_breaks`, tab, newline and carriage return stay as they are
// (text that is meant to span lines, as XML may carry).
std::string printable(std::string_view text, bool keep_line_breaks = false);

}  // namespace wfsim
