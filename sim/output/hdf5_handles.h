#pragma once
// Small RAII owners and helpers for HDF5 C API identifiers, so every path
// out of a function, exceptions included, closes what it opened.

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace wfsim::h5 {

// Called before wfsim's first HDF5 call. HDF5's own atexit handler closes
// what is still open at exit, and after a failed write (a full disk) that
// close crashed in its callbacks: wfsim closes or abandons every identifier
// itself, so the handler is switched off. Errors become exceptions and
// messages, not HDF5's stack printed on stderr.
inline void use_library() {
  static const bool once = [] {
    H5dont_atexit();
    return true;
  }();
  (void)once;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

// The operating system's reason for the failure HDF5 just reported ("No
// space left on device"), taken from its error stack, or "" when the
// failure was not the system's. Clears the stack.
inline std::string system_reason() {
  std::string reason;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* e, void* out) -> herr_t {
        // The file drivers write "..., errno = 28, error message = 'No space ...', ...".
        const std::string text = e->desc ? e->desc : "";
        const std::size_t at = text.find("error message = '");
        if (at == std::string::npos) return 0;
        const std::size_t from = at + 17, to = text.find('\'', from);
        *static_cast<std::string*>(out) =
            text.substr(from, to == std::string::npos ? to : to - from);
        return 1;
      },
      &reason);
  H5Eclear2(H5E_DEFAULT);
  return reason;
}

// "HDF5: cannot <what>", and the system's reason when there is one.
inline std::string failure(const std::string& what) {
  const std::string reason = system_reason();
  return "HDF5: cannot " + what + (reason.empty() ? "" : ": " + reason);
}

class Id {
 public:
  using Closer = herr_t (*)(hid_t);
  Id() = default;
  Id(hid_t id, Closer close, const std::string& what) : id_(id), close_(close) {
    if (id < 0) throw std::runtime_error(failure(what));
  }
  Id(Id&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  Id& operator=(Id&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, -1);
      close_ = other.close_;
    }
    return *this;
  }
  ~Id() { reset(); }
  void reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = -1;
  }
  hid_t get() const { return id_; }
  // Gives up ownership: the caller closes it.
  hid_t release() { return std::exchange(id_, -1); }
  operator hid_t() const { return id_; }

 private:
  hid_t id_ = -1;
  Closer close_ = nullptr;
};

inline void check(herr_t status, const std::string& what) {
  if (status < 0) throw std::runtime_error(failure(what));
}

// Variable-length UTF-8 strings, which h5py and xarray read as str.
inline Id utf8_string_type() {
  Id type(H5Tcopy(H5T_C_S1), H5Tclose, "make a string type");
  check(H5Tset_size(type, H5T_VARIABLE), "size a string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set UTF-8");
  return type;
}

// Text attributes as netCDF-4 stores its text (NC_CHAR): a fixed-length,
// null-terminated string of the text's own length. netCDF tools read only
// these as text: `ncdump -t` decodes time through a `units` stored so, and
// not through a variable-length one. (h5py reads them as bytes.) A text
// too long for the object header goes to dense attribute storage (the file
// is created in the 1.8 format for that; see the writers' file access).
inline void set_string_attribute(hid_t object, const char* name, const std::string& value) {
  Id type(H5Tcopy(H5T_C_S1), H5Tclose, "make a string type");
  check(H5Tset_size(type, std::max<std::size_t>(1, value.size())), "size a string type");
  check(H5Tset_strpad(type, H5T_STR_NULLTERM), "pad a string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set UTF-8");
  Id space(H5Screate(H5S_SCALAR), H5Sclose, "make a scalar space");
  Id attr(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          std::string("create attribute ") + name);
  std::string stored = value;
  stored.resize(std::max<std::size_t>(1, value.size()), '\0');
  check(H5Awrite(attr, type, stored.data()), std::string("write attribute ") + name);
}

// A text attribute this program wrote (fixed-length, as above), read back
// by a writer (the national totals copy their sources' units). Readers of
// files from elsewhere use RunReader, which checks what it reads.
inline std::string string_attribute(hid_t object, const char* name) {
  Id attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, std::string("open attribute ") + name);
  Id type(H5Aget_type(attr), H5Tclose, std::string("get the type of ") + name);
  std::string text(H5Tget_size(type), '\0');
  check(H5Aread(attr, type, text.data()), std::string("read attribute ") + name);
  text.resize(std::find(text.begin(), text.end(), '\0') - text.begin());
  return text;
}

template <class T>
void set_number_attribute(hid_t object, const char* name, hid_t type, T value) {
  Id space(H5Screate(H5S_SCALAR), H5Sclose, "make a scalar space");
  Id attr(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          std::string("create attribute ") + name);
  check(H5Awrite(attr, type, &value), std::string("write attribute ") + name);
}

// Missing values are NaN: the dataset's fill value (a chunk never written
// reads as NaN) and, as netCDF and xarray expect, its `_FillValue`
// attribute in the dataset's own type (float64 or float32).
inline void fill_with_nan(hid_t creation_properties) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  check(H5Pset_fill_value(creation_properties, H5T_NATIVE_DOUBLE, &nan), "set a fill value");
}
inline void set_fill_value_attribute(hid_t dataset, hid_t file_type) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Id space(H5Screate(H5S_SCALAR), H5Sclose, "make a scalar space");
  Id attr(H5Acreate2(dataset, "_FillValue", file_type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          "create attribute _FillValue");
  check(H5Awrite(attr, H5T_NATIVE_DOUBLE, &nan), "write attribute _FillValue");
}

// The CF attributes of a float variable (docs/output.md "CF conventions"):
// units, long_name, cell_methods where given, `coordinates = "year_start"`
// where the variable runs over years and its group holds year_start, and
// `_FillValue` NaN in the dataset's own type.
struct VariableText {
  std::string_view units, long_name, cell_methods = {};
  bool year_start = false;
};
inline void describe_variable(hid_t dataset, hid_t file_type, const VariableText& text) {
  set_string_attribute(dataset, "units", std::string(text.units));
  set_string_attribute(dataset, "long_name", std::string(text.long_name));
  if (!text.cell_methods.empty())
    set_string_attribute(dataset, "cell_methods", std::string(text.cell_methods));
  if (text.year_start) set_string_attribute(dataset, "coordinates", "year_start");
  set_fill_value_attribute(dataset, file_type);
}

// A 1-D dataset of strings.
inline Id write_strings(hid_t parent, const std::string& name,
                        const std::vector<std::string>& values) {
  Id type = utf8_string_type();
  const hsize_t n = values.size();
  Id space(H5Screate_simple(1, &n, nullptr), H5Sclose, "make a space for " + name);
  Id ds(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, "create " + name);
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  if (n > 0) {
    // HDF5 otherwise zeroes a 1 MB conversion buffer for every string write,
    // which was most of the cost of writing a small file.
    Id transfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose, "make transfer properties");
    check(H5Pset_buffer(transfer, std::max<hsize_t>(4096, 64 * n), nullptr, nullptr),
          "size the conversion buffer");
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, transfer, pointers.data()), "write " + name);
  }
  return ds;
}

// A 1-D dataset of numbers of a native type.
template <class T>
Id write_numbers(hid_t parent, const std::string& name, hid_t type, const std::vector<T>& values) {
  const hsize_t n = values.size();
  Id space(H5Screate_simple(1, &n, nullptr), H5Sclose, "make a space for " + name);
  Id ds(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, "create " + name);
  if (n > 0)
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write " + name);
  return ds;
}

}  // namespace wfsim::h5
