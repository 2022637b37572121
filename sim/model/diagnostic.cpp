#include "model/diagnostic.h"

#include <fmt/format.h>

namespace wfsim {

std::string Diagnostic::format() const {
  return fmt::format("{}:{}:{}: {}: {}", where.file, where.line, where.column, key, message);
}

}  // namespace wfsim
