#pragma once
// A problem found in the user's input: where it is and what is wrong.
// Bad input is expected, so it travels as a value; every loader collects
// all the problems it finds and returns them together.

#include <string>
#include <vector>

namespace wfsim {

struct SourceLocation {
  std::string file;  // as the user named it (relative paths stay relative)
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
};

struct Diagnostic {
  SourceLocation where;
  std::string key;      // dotted path, e.g. "staff_group.nurse_adult.leaver_rate"
  std::string message;  // lower-case, no trailing full stop

  // "file:line:column: key: message", the one format every tool prints.
  std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace wfsim
