#pragma once
// Small RAII owners and helpers for HDF5 C API identifiers, so every path
// out of a function, exceptions included, closes what it opened.

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
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

inline void set_string_attribute(hid_t object, const char* name, const std::string& value) {
  Id type = utf8_string_type();
  Id space(H5Screate(H5S_SCALAR), H5Sclose, "make a scalar space");
  Id attr(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          std::string("create attribute ") + name);
  const char* text = value.c_str();
  check(H5Awrite(attr, type, &text), std::string("write attribute ") + name);
}

template <class T>
void set_number_attribute(hid_t object, const char* name, hid_t type, T value) {
  Id space(H5Screate(H5S_SCALAR), H5Sclose, "make a scalar space");
  Id attr(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          std::string("create attribute ") + name);
  check(H5Awrite(attr, type, &value), std::string("write attribute ") + name);
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
