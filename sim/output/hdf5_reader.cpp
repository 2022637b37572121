#include "output/hdf5_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <system_error>

#include "output/hdf5_handles.h"

namespace wfsim {
namespace {

using h5::Id;

// What a file may ask of the reader (docs/reliability.md). A damaged file
// can claim any sizes; these keep a claim from becoming a crash or an
// allocation of the claimed size.
constexpr int kMaxRank = 8;
constexpr std::size_t kMaxStringWidth = 1 << 20;  // a fixed-length label
// Deflate compresses at most about 1032:1: a compressed dataset claiming
// more values than that of its stored bytes cannot be one wfsim wrote.
constexpr double kMaxCompression = 1100;
// A dimension scale list names at most this many scales per axis.
constexpr std::size_t kMaxScalesPerAxis = 16;

// Whether a numeric type is one of the standard integer or IEEE float
// types: a damaged type (odd precision, offset or exponent layout) is
// refused rather than handed to HDF5's converters.
bool standard_number_type(hid_t type) {
  static const hid_t kTypes[] = {H5T_IEEE_F32LE, H5T_IEEE_F32BE, H5T_IEEE_F64LE, H5T_IEEE_F64BE,
                                 H5T_STD_I8LE,   H5T_STD_I8BE,   H5T_STD_U8LE,   H5T_STD_U8BE,
                                 H5T_STD_I16LE,  H5T_STD_I16BE,  H5T_STD_U16LE,  H5T_STD_U16BE,
                                 H5T_STD_I32LE,  H5T_STD_I32BE,  H5T_STD_U32LE,  H5T_STD_U32BE,
                                 H5T_STD_I64LE,  H5T_STD_I64BE,  H5T_STD_U64LE,  H5T_STD_U64BE};
  for (hid_t t : kTypes)
    if (H5Tequal(type, t) > 0) return true;
  return false;
}

// How many values an array of `shape` holds.
std::size_t value_count(const std::vector<std::size_t>& shape) {
  std::size_t n = 1;
  for (std::size_t s : shape) n *= s;
  return n;
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
  h5::use_library();
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    throw FileError(fmt::format("{}: no such file", path.string()));
  if (std::filesystem::is_directory(path, error))
    throw FileError(fmt::format("{}: is a directory, not a wfsim output file", path.string()));
  if (!std::filesystem::is_regular_file(path, error))
    throw FileError(fmt::format("{}: not a regular file, not a wfsim output file", path.string()));
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0)
    throw FileError(fmt::format("{}: not a wfsim output file (not an HDF5 file, or unreadable)",
                                path.string()));
  try {
    hsize_t bytes = 0;
    if (H5Fget_filesize(file_, &bytes) < 0) damaged("/", "cannot get the file's size");
    file_bytes_ = bytes;
    const std::optional<double> version = number_attribute("format_version");
    if (!version || *version != static_cast<int>(*version))
      throw FileError(
          fmt::format("{}: not a wfsim output file (no format_version attribute)", path.string()));
    format_version_ = static_cast<int>(*version);
    if (!has("annual") && has("summary")) annual_group_ = "summary";
    if (!has(annual_group_) || kind(annual_group_) != H5O_TYPE_GROUP)
      throw FileError(
          fmt::format("{}: not a wfsim output file (no /annual or /summary group)", path.string()));
  } catch (...) {
    H5Fclose(file_);
    file_ = -1;
    throw;
  }
}

void RunReader::require_readable_format() const {
  if (format_version_ < kOldestFormatVersion || format_version_ > kFormatVersion)
    throw FileError(fmt::format("{}: format_version {} is not one this wfsim reads ({} to {})",
                                path_.string(), format_version_, kOldestFormatVersion,
                                kFormatVersion));
}

std::string RunReader::flag_column(const std::string& column) const {
  return format_version_ >= 2 ? "flags/" + column : column;
}

RunReader::~RunReader() {
  if (file_ >= 0) H5Fclose(file_);
}

void RunReader::damaged(const std::string& object, const std::string& what) const {
  throw FileError(fmt::format("{}: {}: {} (a damaged file?)", path_.string(), object, what));
}

Id RunReader::opened(std::int64_t id, herr_t (*close)(hid_t), const std::string& what) const {
  // The file opened as a wfsim file, so a call that fails on it now is
  // damage (a header or heap that does not read), not a fault of wfsim's.
  if (id < 0) {
    h5::system_reason();  // clears HDF5's error stack
    throw FileError(fmt::format("{}: cannot {} (a damaged file?)", path_.string(), what));
  }
  return Id(id, close, what);
}

int RunReader::kind(const std::string& path) const {
  H5O_info_t info{};
  if (H5Oget_info_by_name2(file_, path.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0)
    damaged(path, "cannot read the object's header");
  return static_cast<int>(info.type);
}

bool RunReader::has(const std::string& path) const {
  // Every link on the way must exist, or H5Lexists fails rather than says
  // no; each must be a hard link: wfsim writes no others, and a soft or
  // external link could point anywhere, another file included.
  std::size_t from = 0;
  while (true) {
    const std::size_t slash = path.find('/', from);
    const std::string prefix = path.substr(0, slash);
    if (prefix.empty() || H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    H5L_info_t link{};
    if (H5Lget_info(file_, prefix.c_str(), &link, H5P_DEFAULT) < 0)
      damaged(prefix, "cannot read the link");
    if (link.type != H5L_TYPE_HARD)
      damaged(prefix, "a soft or external link, which wfsim never writes");
    if (slash == std::string::npos) return true;
    from = slash + 1;
  }
}

std::vector<std::string> RunReader::datasets(const std::string& group) const {
  return members(group, H5O_TYPE_DATASET);
}

std::vector<std::string> RunReader::groups(const std::string& group) const {
  return members(group, H5O_TYPE_GROUP);
}

std::vector<std::string> RunReader::objects(const std::string& group) const {
  return members(group, -1);
}

std::vector<std::string> RunReader::members(const std::string& group, int type) const {
  const std::string where = group.empty() ? "/" : group;
  if (!group.empty() && (!has(group) || kind(group) != H5O_TYPE_GROUP))
    damaged(where, "not a group");
  struct Found {
    std::vector<std::string> names;
    int type;
    bool bad = false;
  } found{{}, type};
  Id g = opened(H5Gopen2(file_, where.c_str(), H5P_DEFAULT), H5Gclose, "open group " + where);
  const herr_t status = H5Literate(
      g, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t parent, const char* name, const H5L_info_t* link, void* out) -> herr_t {
        Found& f = *static_cast<Found*>(out);
        if (link->type != H5L_TYPE_HARD) {
          f.bad = true;
          return 1;
        }
        H5O_info_t info{};
        if (H5Oget_info_by_name2(parent, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
          f.bad = true;
          return 1;
        }
        if (f.type < 0 || static_cast<int>(info.type) == f.type) f.names.emplace_back(name);
        return 0;
      },
      &found);
  if (status < 0 || found.bad) damaged(where, "a member that cannot be read, or a soft link");
  return found.names;
}

const std::map<std::uint64_t, std::string>& RunReader::scales_of(const std::string& group) const {
  auto it = scale_addresses_.find(group);
  if (it != scale_addresses_.end()) return it->second;
  std::map<std::uint64_t, std::string> by_address;
  const std::string prefix = group.empty() ? "" : group + "/";
  for (const std::string& name : datasets(group)) {
    H5O_info_t info{};
    if (H5Oget_info_by_name2(file_, (prefix + name).c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) <
        0)
      damaged(prefix + name, "cannot read the object's header");
    by_address[static_cast<std::uint64_t>(info.addr)] = name;
  }
  return scale_addresses_.emplace(group, std::move(by_address)).first->second;
}

std::vector<std::string> RunReader::scale_names(hid_t dataset, const std::string& path,
                                                int rank) const {
  std::vector<std::string> names(static_cast<std::size_t>(rank));
  if (rank == 0 || H5Aexists(dataset, "DIMENSION_LIST") <= 0) return names;
  // The list is an attribute: one variable-length list of object
  // references per axis. Each reference is taken only when it is the
  // address of a dataset in the same group, so HDF5 is never asked to
  // follow an address a damaged file made up; the scale's name is then
  // that dataset's name, as OUTPUT.md has it.
  const std::string where = "DIMENSION_LIST of " + path;
  Id attr = opened(H5Aopen(dataset, "DIMENSION_LIST", H5P_DEFAULT), H5Aclose, "open " + where);
  Id type = opened(H5Aget_type(attr), H5Tclose, "get the type of " + where);
  if (H5Tget_class(type) != H5T_VLEN) damaged(path, "DIMENSION_LIST is not a list per axis");
  Id base = opened(H5Tget_super(type), H5Tclose, "get the type of " + where);
  if (H5Tequal(base, H5T_STD_REF_OBJ) <= 0)
    damaged(path, "DIMENSION_LIST does not hold object references");
  Id space = opened(H5Aget_space(attr), H5Sclose, "get the space of " + where);
  if (H5Sget_simple_extent_ndims(space) != 1 || H5Sget_simple_extent_npoints(space) != rank)
    damaged(path, "DIMENSION_LIST is not one entry per axis");
  Id memory(H5Tvlen_create(H5T_STD_REF_OBJ), H5Tclose, "make a reference list type");
  std::vector<hvl_t> lists(static_cast<std::size_t>(rank), hvl_t{0, nullptr});
  if (H5Aread(attr, memory, lists.data()) < 0) damaged(path, "cannot read DIMENSION_LIST");
  struct Reclaim {
    hid_t type, space;
    std::vector<hvl_t>& lists;
    ~Reclaim() { H5Dvlen_reclaim(type, space, H5P_DEFAULT, lists.data()); }
  } reclaim{memory, space, lists};
  const std::string group =
      path.find('/') == std::string::npos ? std::string() : path.substr(0, path.rfind('/'));
  const auto& known = scales_of(group);
  for (int i = 0; i < rank; ++i) {
    const hvl_t& list = lists[static_cast<std::size_t>(i)];
    if (list.len == 0) continue;
    if (list.len > kMaxScalesPerAxis || !list.p)
      damaged(path, fmt::format("axis {} lists {} dimension scales", i, list.len));
    const hobj_ref_t address = static_cast<const hobj_ref_t*>(list.p)[0];
    const auto found = known.find(static_cast<std::uint64_t>(address));
    if (found == known.end())
      damaged(path, fmt::format("axis {} names a dimension scale outside its group", i));
    names[static_cast<std::size_t>(i)] = found->second;
  }
  return names;
}

RunReader::Layout RunReader::layout(hid_t dataset, hid_t type, const std::string& path) const {
  Layout out;
  Id space = opened(H5Dget_space(dataset), H5Sclose, "get the space of " + path);
  const H5S_class_t space_class = H5Sget_simple_extent_type(space);
  if (space_class != H5S_SIMPLE && space_class != H5S_SCALAR)
    damaged(path, "not a simple dataspace");
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > kMaxRank)
    damaged(path, fmt::format("rank {} (at most {})", rank, kMaxRank));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space, dims.data(), nullptr) < 0)
    damaged(path, "cannot read the dimensions");
  const std::size_t width = H5Tget_size(type);
  if (width == 0) damaged(path, "a datatype of no size");
  // Values, and bytes, without overflow: a claim beyond the file's own
  // bytes (times the best compression) cannot be met by its data.
  const double limit = std::max(1.0, static_cast<double>(file_bytes_)) * kMaxCompression /
                       static_cast<double>(width);
  double values = 1;
  for (hsize_t d : dims) {
    values *= static_cast<double>(d);
    out.shape.push_back(static_cast<std::size_t>(d));
  }
  if (values > limit)
    damaged(path, fmt::format("claims {} values, more than the file can hold", values));
  out.values = static_cast<std::size_t>(values);
  if (out.values == 0) return out;

  Id create = opened(H5Dget_create_plist(dataset), H5Pclose, "get the properties of " + path);
  const H5D_layout_t storage = H5Pget_layout(create);
  if (storage != H5D_COMPACT && storage != H5D_CONTIGUOUS && storage != H5D_CHUNKED)
    damaged(path, "a virtual or unknown storage layout");
  if (H5Pget_external_count(create) != 0)
    damaged(path, "data in external files, which wfsim never writes");
  const int filters = H5Pget_nfilters(create);
  if (filters < 0) damaged(path, "cannot read the filters");
  const double stored = static_cast<double>(H5Dget_storage_size(dataset));
  const double needed = static_cast<double>(out.values) * static_cast<double>(width);
  if (stored > static_cast<double>(file_bytes_) ||
      (filters == 0 ? stored < needed : needed > stored * kMaxCompression))
    damaged(path, fmt::format("{} values in {} stored bytes", out.values, stored));
  // Where the values lie must be inside the file: a damaged address or
  // chunk index would fail the read of a command that reads the values and
  // pass one that does not (compare reads no monthly values), and every
  // command must give a file the same verdict.
  const double end = static_cast<double>(file_bytes_);
  if (storage == H5D_CONTIGUOUS) {
    const haddr_t at = H5Dget_offset(dataset);
    if (at == HADDR_UNDEF || static_cast<double>(at) + stored > end)
      damaged(path, "values outside the file");
  } else if (storage == H5D_CHUNKED) {
    hsize_t chunks = 0;
    if (H5Dget_num_chunks(dataset, space, &chunks) < 0)
      damaged(path, "cannot read the chunk index");
    std::vector<hsize_t> offset(dims.size());
    for (hsize_t i = 0; i < chunks; ++i) {
      unsigned mask = 0;
      haddr_t at = HADDR_UNDEF;
      hsize_t size = 0;
      if (H5Dget_chunk_info(dataset, space, i, offset.data(), &mask, &at, &size) < 0 ||
          at == HADDR_UNDEF || static_cast<double>(at) + static_cast<double>(size) > end)
        damaged(path, "a chunk outside the file");
    }
  }
  out.dims = scale_names(dataset, path, rank);
  return out;
}

std::optional<std::string> RunReader::string_attribute(const std::string& name) const {
  return attribute_string(file_, name, name);
}

std::optional<double> RunReader::number_attribute(const std::string& name) const {
  if (H5Aexists(file_, name.c_str()) <= 0) return std::nullopt;
  Id attr = opened(H5Aopen(file_, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  Id type = opened(H5Aget_type(attr), H5Tclose, "get the type of " + name);
  const H5T_class_t kind = H5Tget_class(type);
  if (kind != H5T_INTEGER && kind != H5T_FLOAT) return std::nullopt;
  if (!standard_number_type(type)) damaged(name, "not a standard number type");
  Id space = opened(H5Aget_space(attr), H5Sclose, "get the space of " + name);
  if (H5Sget_simple_extent_npoints(space) != 1) return std::nullopt;
  double value = 0;
  if (H5Aread(attr, H5T_NATIVE_DOUBLE, &value) < 0) damaged(name, "cannot read the attribute");
  return value;
}

std::optional<std::string> RunReader::dataset_string_attribute(const std::string& dataset,
                                                               const std::string& name) const {
  if (!has(dataset)) return std::nullopt;
  Id ds = open_dataset(dataset);
  return attribute_string(ds, name, name + " of " + dataset);
}

std::optional<std::string> RunReader::attribute_string(hid_t object, const std::string& name,
                                                       const std::string& what) const {
  if (H5Aexists(object, name.c_str()) <= 0) return std::nullopt;
  Id attr = opened(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + what);
  Id type = opened(H5Aget_type(attr), H5Tclose, "get the type of " + what);
  if (H5Tget_class(type) != H5T_STRING) return std::nullopt;
  Id space = opened(H5Aget_space(attr), H5Sclose, "get the space of " + what);
  if (H5Sget_simple_extent_npoints(space) != 1) return std::nullopt;
  return string_values(attr, type, 1, true, what).front();
}

Id RunReader::open_dataset(const std::string& path) const {
  if (kind(path) != H5O_TYPE_DATASET) damaged(path, "not a dataset");
  Id ds = opened(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  return ds;
}

std::vector<std::string> RunReader::string_values(hid_t object, hid_t stored_type, std::size_t n,
                                                  bool attribute, const std::string& what) const {
  std::vector<std::string> out;
  if (n == 0) return out;
  if (H5Tis_variable_str(stored_type) > 0) {
    Id type = h5::utf8_string_type();
    std::vector<char*> pointers(n, nullptr);
    const herr_t status =
        attribute ? H5Aread(object, type, pointers.data())
                  : H5Dread(object, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data());
    for (char* p : pointers) {
      if (status >= 0) out.emplace_back(p ? p : "");
      if (p) H5free_memory(p);
    }
    if (status < 0) damaged(what, "cannot read the strings");
    return out;
  }
  const std::size_t width = H5Tget_size(stored_type);
  if (width == 0 || width > kMaxStringWidth)
    damaged(what, fmt::format("strings of {} bytes each", width));
  Id type(H5Tcopy(H5T_C_S1), H5Tclose, "make a string type");
  h5::check(H5Tset_size(type, width), "size a string type");
  const H5T_cset_t cset = H5Tget_cset(stored_type);
  if (cset != H5T_CSET_ASCII && cset != H5T_CSET_UTF8) damaged(what, "an unknown character set");
  h5::check(H5Tset_cset(type, cset), "set a string type's character set");
  std::vector<char> buffer(n * width);
  const herr_t status = attribute
                            ? H5Aread(object, type, buffer.data())
                            : H5Dread(object, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
  if (status < 0) damaged(what, "cannot read the strings");
  for (std::size_t i = 0; i < n; ++i) {
    const char* at = buffer.data() + i * width;
    out.emplace_back(at, std::find(at, at + width, '\0'));
  }
  return out;
}

bool RunReader::is_strings(const std::string& path) const {
  if (!has(path)) return false;
  Id ds = open_dataset(path);
  Id type = opened(H5Dget_type(ds), H5Tclose, "get the type of " + path);
  return H5Tget_class(type) == H5T_STRING;
}

Array RunReader::describe(const std::string& path) const {
  if (!has(path))
    throw FileError(fmt::format("{}: not a wfsim output file (no {})", path_.string(), path));
  Id ds = open_dataset(path);
  Id type = opened(H5Dget_type(ds), H5Tclose, "get the type of " + path);
  const H5T_class_t kind = H5Tget_class(type);
  if (kind != H5T_INTEGER && kind != H5T_FLOAT)
    throw FileError(fmt::format("{}: {} is not numeric", path_.string(), path));
  if (!standard_number_type(type)) damaged(path, "not a standard number type");
  Layout l = layout(ds, type, path);
  Array a;
  a.dims = std::move(l.dims);
  a.shape = std::move(l.shape);
  a.single = kind == H5T_FLOAT && H5Tget_size(type) == sizeof(float);
  return a;
}

Array RunReader::verify(const std::string& path) const {
  Array a = describe(path);
  if (value_count(a.shape) == 0) return a;
  Id ds = open_dataset(path);
  Id create = opened(H5Dget_create_plist(ds), H5Pclose, "get the properties of " + path);
  if (H5Pget_layout(create) != H5D_CHUNKED || H5Pget_nfilters(create) == 0) return a;
  const int rank = static_cast<int>(a.shape.size());
  std::vector<hsize_t> block(a.shape.size());
  if (H5Pget_chunk(create, rank, block.data()) != rank) damaged(path, "cannot read the chunk size");
  // Blocks of whole chunks, grown along the last axes to about 1 MiB, so
  // that tiny chunks do not cost a read each.
  constexpr std::size_t kBlockValues = std::size_t{1} << 17;
  std::size_t block_values = 1;
  for (int i = rank - 1; i >= 0; --i) {
    const auto u = static_cast<std::size_t>(i);
    if (block[u] == 0) damaged(path, "a chunk of no size");
    block[u] = std::min<hsize_t>(block[u], a.shape[u]);
    const std::size_t room = std::max<std::size_t>(1, kBlockValues / (block_values * block[u]));
    block[u] = std::min<hsize_t>(a.shape[u], block[u] * room);
    block_values *= block[u];
  }
  std::vector<double> buffer(block_values);
  Id space = opened(H5Dget_space(ds), H5Sclose, "get the space of " + path);
  std::vector<hsize_t> start(a.shape.size(), 0), count(a.shape.size());
  for (;;) {
    for (std::size_t i = 0; i < count.size(); ++i)
      count[i] = std::min<hsize_t>(block[i], a.shape[i] - start[i]);
    Id memory = opened(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "make a space");
    const herr_t selected =
        H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
    if (selected < 0 ||
        H5Dread(ds, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, buffer.data()) < 0)
      damaged(path, "compressed values that do not decode");
    int i = rank - 1;
    for (; i >= 0; --i) {
      const auto u = static_cast<std::size_t>(i);
      start[u] += block[u];
      if (start[u] < a.shape[u]) break;
      start[u] = 0;
    }
    if (i < 0) return a;
  }
}

std::vector<std::size_t> RunReader::shape(const std::string& path) const {
  if (!has(path))
    throw FileError(fmt::format("{}: not a wfsim output file (no {})", path_.string(), path));
  Id ds = open_dataset(path);
  Id type = opened(H5Dget_type(ds), H5Tclose, "get the type of " + path);
  const H5T_class_t kind = H5Tget_class(type);
  if (kind != H5T_STRING && !standard_number_type(type))
    damaged(path, "neither strings nor a standard number type");
  return layout(ds, type, path).shape;
}

Array RunReader::read_if_any(const std::string& path) const {
  return has(path) ? read(path) : Array{};
}

std::vector<std::string> RunReader::read_strings_if_any(const std::string& path) const {
  return has(path) ? read_strings(path) : std::vector<std::string>{};
}

Array RunReader::read(const std::string& path) const {
  Array a = describe(path);
  a.values.resize(value_count(a.shape));
  if (!a.values.empty()) {
    Id ds = open_dataset(path);
    if (H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.values.data()) < 0)
      damaged(path, "cannot read the values");
  }
  return a;
}

std::vector<std::string> RunReader::read_strings(const std::string& path) const {
  if (!has(path))
    throw FileError(fmt::format("{}: not a wfsim output file (no {})", path_.string(), path));
  Id ds = open_dataset(path);
  Id type = opened(H5Dget_type(ds), H5Tclose, "get the type of " + path);
  if (H5Tget_class(type) != H5T_STRING)
    throw FileError(fmt::format("{}: {} does not hold strings", path_.string(), path));
  const Layout l = layout(ds, type, path);
  if (l.shape.size() > 1) damaged(path, "strings of more than one dimension");
  return string_values(ds, type, l.values, false, path);
}

}  // namespace wfsim
