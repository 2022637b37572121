#include "report/xlsx_library.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <stdexcept>

namespace wfsim {

const XlsxLibrary& xlsx_library() {
  // A failed load throws out of the initialiser, so the next call tries again.
  static const XlsxLibrary library = [] {
    void* handle = ::dlopen(WFSIM_XLSXWRITER_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!handle)
      throw std::runtime_error(fmt::format("cannot load {}, which writes Excel workbooks: {}",
                                           WFSIM_XLSXWRITER_SONAME, ::dlerror()));
    XlsxLibrary functions;
#define WFSIM_XLSX_LOOKUP(name)                                                        \
  functions.name = reinterpret_cast<decltype(functions.name)>(::dlsym(handle, #name)); \
  if (!functions.name)                                                                 \
    throw std::runtime_error(fmt::format("{} has no function {}", WFSIM_XLSXWRITER_SONAME, #name));
    WFSIM_XLSX_FUNCTIONS(WFSIM_XLSX_LOOKUP)
#undef WFSIM_XLSX_LOOKUP
    return functions;  // the handle stays open: the functions live in it
  }();
  return library;
}

}  // namespace wfsim
