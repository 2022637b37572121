#pragma once
// libxlsxwriter, loaded the first time a workbook is written rather than at
// every start of the program: only `report --xlsx` uses it, and loading it
// with its zlib, minizip and libcrypto cost every command 0.7 ms of its
// start (CMakeLists.txt, start-up). The header gives the types and the
// functions' signatures; the functions are looked up by name.

#include <xlsxwriter.h>

namespace wfsim {

// Every function of libxlsxwriter that report_xlsx.cpp calls.
#define WFSIM_XLSX_FUNCTIONS(X)                                                                   \
  X(chart_add_series)                                                                             \
  X(chart_axis_set_name)                                                                          \
  X(chart_legend_set_position) X(chart_series_set_categories) X(chart_series_set_name_range)      \
      X(chart_series_set_values) X(chart_title_set_name) X(format_set_align)                      \
          X(format_set_bg_color) X(format_set_bold) X(format_set_bottom) X(format_set_font_color) \
              X(format_set_font_size) X(format_set_num_format) X(format_set_text_wrap)            \
                  X(lxw_strerror) X(workbook_add_chart) X(workbook_add_format)                    \
                      X(workbook_add_worksheet) X(workbook_close) X(workbook_new_opt)             \
                          X(worksheet_autofilter) X(worksheet_freeze_panes)                       \
                              X(worksheet_insert_chart_opt) X(worksheet_set_column)               \
                                  X(worksheet_set_row) X(worksheet_write_number)                  \
                                      X(worksheet_write_string)

struct XlsxLibrary {
#define WFSIM_XLSX_POINTER(name) decltype(&::name) name = nullptr;
  WFSIM_XLSX_FUNCTIONS(WFSIM_XLSX_POINTER)
#undef WFSIM_XLSX_POINTER
};

// The library's functions, loaded on the first call (safe across threads).
// Throws std::runtime_error naming the library when it or one of its
// functions cannot be found (libxlsxwriter4 not installed).
const XlsxLibrary& xlsx_library();

}  // namespace wfsim
