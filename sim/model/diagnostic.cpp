#include "model/diagnostic.h"

#include <fmt/format.h>

#include "model/printable.h"

namespace wfsim {

std::string Diagnostic::format() const {
  // Every part may echo the user's text: each is made printable, so one
  // problem is one line (docs/reliability.md).
  if (where.line <= 0)  // a problem with the file as a whole: no position to give
    return key.empty() ? fmt::format("{}: {}", printable(where.file), printable(message))
                       : fmt::format("{}: {}: {}", printable(where.file), printable(key),
                                     printable(message));
  return fmt::format("{}:{}:{}: {}: {}", printable(where.file), where.line, where.column,
                     printable(key), printable(message));
}

}  // namespace wfsim
