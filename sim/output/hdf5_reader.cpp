#include "output/hdf5_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "output/hdf5_handles.h"

namespace wfsim {
namespace {

using h5::check;
using h5::Id;

// The name of the dimension scale attached to one axis, or "".
std::string scale_name(hid_t dataset, unsigned axis) {
  std::string name;
  if (H5DSget_num_scales(dataset, axis) <= 0) return name;
  H5DSiterate_scales(
      dataset, axis, nullptr,
      [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
        const ssize_t n = H5DSget_scale_name(scale, nullptr, 0);
        if (n <= 0) return 1;
        std::string text(static_cast<std::size_t>(n) + 1, '\0');
        H5DSget_scale_name(scale, text.data(), text.size());
        text.resize(static_cast<std::size_t>(n));
        *static_cast<std::string*>(out) = std::move(text);
        return 1;
      },
      &name);
  return name;
}

// Reads a string-typed attribute or dataset element set, variable or fixed
// length, into std::strings.
std::vector<std::string> read_string_values(hid_t object, hid_t stored_type, std::size_t n,
                                            bool attribute) {
  std::vector<std::string> out;
  if (n == 0) return out;
  if (H5Tis_variable_str(stored_type) > 0) {
    Id type = h5::utf8_string_type();
    std::vector<char*> pointers(n, nullptr);
    const herr_t status =
        attribute ? H5Aread(object, type, pointers.data())
                  : H5Dread(object, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data());
    check(status, "read strings");
    for (char* p : pointers) {
      out.emplace_back(p ? p : "");
      H5free_memory(p);
    }
    return out;
  }
  const std::size_t width = H5Tget_size(stored_type);
  Id type(H5Tcopy(H5T_C_S1), H5Tclose, "make a string type");
  check(H5Tset_size(type, width), "size a string type");
  check(H5Tset_cset(type, H5Tget_cset(stored_type)), "set a string type's character set");
  std::vector<char> buffer(n * width);
  const herr_t status = attribute
                            ? H5Aread(object, type, buffer.data())
                            : H5Dread(object, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
  check(status, "read strings");
  for (std::size_t i = 0; i < n; ++i) {
    const char* at = buffer.data() + i * width;
    out.emplace_back(at, std::find(at, at + width, '\0'));
  }
  return out;
}

}  // namespace

int Array::axis(const std::string& name) const {
  for (std::size_t i = 0; i < dims.size(); ++i)
    if (dims[i] == name) return static_cast<int>(i);
  return -1;
}

std::size_t Array::stride(int axis) const {
  std::size_t n = 1;
  for (std::size_t i = static_cast<std::size_t>(axis) + 1; i < shape.size(); ++i) n *= shape[i];
  return n;
}

RunReader::RunReader(const std::filesystem::path& path) : path_(path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become messages, not stderr noise
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    throw FileError(fmt::format("{}: no such file", path.string()));
  if (std::filesystem::is_directory(path, error))
    throw FileError(fmt::format("{}: is a directory, not a wfsim output file", path.string()));
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0)
    throw FileError(fmt::format("{}: not a wfsim output file (not an HDF5 file, or unreadable)",
                                path.string()));
  const std::optional<double> version = number_attribute("format_version");
  if (!version || *version != static_cast<int>(*version)) {
    H5Fclose(file_);
    file_ = -1;
    throw FileError(
        fmt::format("{}: not a wfsim output file (no format_version attribute)", path.string()));
  }
  format_version_ = static_cast<int>(*version);
  if (!has("annual")) {
    H5Fclose(file_);
    file_ = -1;
    throw FileError(fmt::format("{}: not a wfsim output file (no /annual group)", path.string()));
  }
}

RunReader::~RunReader() {
  if (file_ >= 0) H5Fclose(file_);
}

std::optional<std::string> RunReader::string_attribute(const std::string& name) const {
  if (H5Aexists(file_, name.c_str()) <= 0) return std::nullopt;
  Id attr(H5Aopen(file_, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  Id type(H5Aget_type(attr), H5Tclose, "get the type of " + name);
  if (H5Tget_class(type) != H5T_STRING) return std::nullopt;
  Id space(H5Aget_space(attr), H5Sclose, "get the space of " + name);
  if (H5Sget_simple_extent_npoints(space) != 1) return std::nullopt;
  return read_string_values(attr, type, 1, true).front();
}

std::optional<double> RunReader::number_attribute(const std::string& name) const {
  if (H5Aexists(file_, name.c_str()) <= 0) return std::nullopt;
  Id attr(H5Aopen(file_, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  Id type(H5Aget_type(attr), H5Tclose, "get the type of " + name);
  const H5T_class_t kind = H5Tget_class(type);
  if (kind != H5T_INTEGER && kind != H5T_FLOAT) return std::nullopt;
  Id space(H5Aget_space(attr), H5Sclose, "get the space of " + name);
  if (H5Sget_simple_extent_npoints(space) != 1) return std::nullopt;
  double value = 0;
  check(H5Aread(attr, H5T_NATIVE_DOUBLE, &value), "read attribute " + name);
  return value;
}

std::optional<std::string> RunReader::dataset_string_attribute(const std::string& dataset,
                                                               const std::string& name) const {
  if (!has(dataset)) return std::nullopt;
  if (H5Aexists_by_name(file_, dataset.c_str(), name.c_str(), H5P_DEFAULT) <= 0)
    return std::nullopt;
  Id attr(H5Aopen_by_name(file_, dataset.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          "open attribute " + name + " of " + dataset);
  Id type(H5Aget_type(attr), H5Tclose, "get the type of " + name);
  if (H5Tget_class(type) != H5T_STRING) return std::nullopt;
  return read_string_values(attr, type, 1, true).front();
}

bool RunReader::has(const std::string& path) const {
  // Every link on the way must exist, or H5Lexists fails rather than says no.
  std::size_t from = 0;
  while (true) {
    const std::size_t slash = path.find('/', from);
    const std::string prefix = path.substr(0, slash);
    if (prefix.empty() || H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
    from = slash + 1;
  }
}

namespace {

// Names of the objects of one type (H5I_DATASET, H5I_GROUP) directly in a group.
std::vector<std::string> members(hid_t file, const std::string& group, H5I_type_t kind) {
  const std::string where = group.empty() ? "/" : group;
  Id g(H5Gopen2(file, where.c_str(), H5P_DEFAULT), H5Gclose, "open group " + where);
  struct Found {
    H5I_type_t kind;
    std::vector<std::string> names;
  } found{kind, {}};
  H5Literate(
      g, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t parent, const char* name, const H5L_info_t*, void* out) -> herr_t {
        const hid_t object = H5Oopen(parent, name, H5P_DEFAULT);
        if (object < 0) return 0;
        auto* f = static_cast<Found*>(out);
        if (H5Iget_type(object) == f->kind) f->names.emplace_back(name);
        H5Oclose(object);
        return 0;
      },
      &found);
  return found.names;
}

}  // namespace

std::vector<std::string> RunReader::datasets(const std::string& group) const {
  return members(file_, group, H5I_DATASET);
}

std::vector<std::string> RunReader::groups(const std::string& group) const {
  return members(file_, group, H5I_GROUP);
}

bool RunReader::is_strings(const std::string& path) const {
  if (!has(path)) return false;
  Id ds(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Id type(H5Dget_type(ds), H5Tclose, "get the type of " + path);
  return H5Tget_class(type) == H5T_STRING;
}

Array RunReader::read(const std::string& path) const {
  if (!has(path))
    throw FileError(fmt::format("{}: not a wfsim output file (no {})", path_.string(), path));
  Id ds(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Id type(H5Dget_type(ds), H5Tclose, "get the type of " + path);
  const H5T_class_t kind = H5Tget_class(type);
  if (kind != H5T_INTEGER && kind != H5T_FLOAT)
    throw FileError(fmt::format("{}: {} is not numeric", path_.string(), path));
  Id space(H5Dget_space(ds), H5Sclose, "get the space of " + path);
  const int rank = H5Sget_simple_extent_ndims(space);
  check(rank, "get the rank of " + path);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0)
    check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "get the dims of " + path);
  Array a;
  std::size_t n = 1;
  for (int i = 0; i < rank; ++i) {
    a.shape.push_back(static_cast<std::size_t>(dims[i]));
    a.dims.push_back(scale_name(ds, static_cast<unsigned>(i)));
    n *= static_cast<std::size_t>(dims[i]);
  }
  a.single = kind == H5T_FLOAT && H5Tget_size(type) == sizeof(float);
  a.values.resize(n);
  if (n > 0)
    check(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.values.data()),
          "read " + path);
  return a;
}

std::vector<std::string> RunReader::read_strings(const std::string& path) const {
  if (!has(path))
    throw FileError(fmt::format("{}: not a wfsim output file (no {})", path_.string(), path));
  Id ds(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Id type(H5Dget_type(ds), H5Tclose, "get the type of " + path);
  if (H5Tget_class(type) != H5T_STRING)
    throw FileError(fmt::format("{}: {} does not hold strings", path_.string(), path));
  Id space(H5Dget_space(ds), H5Sclose, "get the space of " + path);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  check(static_cast<herr_t>(n < 0 ? -1 : 0), "count " + path);
  return read_string_values(ds, type, static_cast<std::size_t>(n), false);
}

}  // namespace wfsim
