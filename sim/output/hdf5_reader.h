#pragma once
// Reading wfsim output files back (OUTPUT.md), for `compare`, `export` and
// tests. Only this layer sees HDF5: callers get plain arrays whose axes are
// named by the dimension scales the writer attached.
//
// Opening checks that the file is a wfsim file (a readable HDF5 file with
// an integer `format_version` root attribute and an /annual group, or only
// a /summary group: `run --keep summary`); every
// problem with the file itself is a FileError, which commands report as bad
// input (exit 2). A broken HDF5 library call on a good file is a plain
// std::runtime_error.
//
// A file may be damaged or made up, so nothing it claims is taken on
// trust: before HDF5 is asked for values, each object's kind (a hard link
// to a group or dataset), datatype (a standard string or number type),
// shape (rank, and values the file's bytes can hold) and dimension scales
// (datasets of the same group) are checked, and what does not match is a
// FileError naming the file and the object (docs/reliability.md).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace wfsim {

namespace h5 {
class Id;
}

// A problem with an input file, its message starting "<path>: ".
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A numeric dataset, row-major, with its dimension names (the names of the
// dimension scales attached to each axis; "" where none is).
struct Array {
  std::vector<std::string> dims;
  std::vector<std::size_t> shape;
  std::vector<double> values;
  bool single = false;  // stored as float32: print values as floats

  std::size_t size() const { return values.size(); }
  // The axis of a dimension name, or -1.
  int axis(const std::string& name) const;
  // Values per step along `axis`: the product of the later axes' sizes.
  std::size_t stride(int axis) const;
};

// The format version this program writes, and the oldest it reads. Version 2
// moved the flags into their own group /flags (docs/output.md).
inline constexpr int kFormatVersion = 2;
inline constexpr int kOldestFormatVersion = 1;

class RunReader {
 public:
  // Opens `path` read-only. Throws FileError when it is missing, not HDF5,
  // or not a wfsim output file.
  explicit RunReader(const std::filesystem::path& path);
  ~RunReader();
  RunReader(const RunReader&) = delete;
  RunReader& operator=(const RunReader&) = delete;

  const std::filesystem::path& path() const { return path_; }
  int format_version() const { return format_version_; }
  // Throws FileError unless this program reads the file's format version.
  void require_readable_format() const;
  // Where a flag column is: /flags/<column> from format version 2, the
  // root group before.
  std::string flag_column(const std::string& column) const;
  // The group whose coordinates label the annual axes (year, staff_group,
  // and the outer dims): "annual", or "summary" in a file that keeps only
  // its summary (`run --keep summary`), which has no per-replicate values.
  const std::string& annual_group() const { return annual_group_; }
  bool summary_only() const { return annual_group_ == "summary"; }

  // Root attributes; nullopt when absent (or of another type).
  std::optional<std::string> string_attribute(const std::string& name) const;
  std::optional<double> number_attribute(const std::string& name) const;
  // A string attribute of a dataset (e.g. the `units` of "time").
  std::optional<std::string> dataset_string_attribute(const std::string& dataset,
                                                      const std::string& name) const;

  // Whether a dataset (or group) exists at `path` ("annual/fte").
  bool has(const std::string& path) const;
  // Names of the datasets directly in a group ("" for the root), in name
  // order.
  std::vector<std::string> datasets(const std::string& group) const;
  // Names of the groups directly in a group ("" for the root), in name order.
  std::vector<std::string> groups(const std::string& group) const;
  // Names of every object directly in a group, whatever its kind.
  std::vector<std::string> objects(const std::string& group) const;
  // A numeric dataset. Throws FileError when it is missing or not numeric.
  Array read(const std::string& path) const;
  // The same checks as read(), and the dims and shape, without the values.
  Array describe(const std::string& path) const;
  // describe(), and where the values are compressed (filtered chunks)
  // every chunk decoded and dropped, a block at a time: damage inside a
  // deflated chunk shows only when it is inflated, and every command must
  // see it, not only one that reads those values. Unfiltered bytes are
  // values whatever they hold, so they are not read.
  Array verify(const std::string& path) const;
  // The shape of a dataset of numbers or strings, its type and storage
  // checked as read() and read_strings() check them.
  std::vector<std::size_t> shape(const std::string& path) const;
  // A 1-D dataset of strings. Throws FileError when missing or not strings.
  std::vector<std::string> read_strings(const std::string& path) const;
  // read() and read_strings() of an object a file may lack (a flag column
  // of some runs only): empty where there is none, checked where there is.
  Array read_if_any(const std::string& path) const;
  std::vector<std::string> read_strings_if_any(const std::string& path) const;
  // Whether a dataset holds strings.
  bool is_strings(const std::string& path) const;

 private:
  struct Layout {
    std::vector<std::string> dims;
    std::vector<std::size_t> shape;
    std::size_t values = 0;
  };
  // Throws FileError "<path>: <object>: <what> (a damaged file?)".
  [[noreturn]] void damaged(const std::string& object, const std::string& what) const;
  int kind(const std::string& path) const;  // an H5O_type_t
  // An identifier HDF5 gave for this file; a failure (id < 0) is damage.
  h5::Id opened(std::int64_t id, int (*close)(std::int64_t), const std::string& what) const;
  std::vector<std::string> members(const std::string& group, int type) const;
  h5::Id open_dataset(const std::string& path) const;
  Layout layout(std::int64_t dataset, std::int64_t type, const std::string& path) const;
  std::vector<std::string> scale_names(std::int64_t dataset, const std::string& path,
                                       int rank) const;
  const std::map<std::uint64_t, std::string>& scales_of(const std::string& group) const;
  std::optional<std::string> attribute_string(std::int64_t object, const std::string& name,
                                              const std::string& what) const;
  std::vector<std::string> string_values(std::int64_t object, std::int64_t stored_type,
                                         std::size_t n, bool attribute,
                                         const std::string& what) const;

  std::filesystem::path path_;
  std::int64_t file_ = -1;  // hid_t
  int format_version_ = 0;
  std::string annual_group_ = "annual";
  std::uint64_t file_bytes_ = 0;
  // Per group: the address of each dataset, by which dimension scales are named.
  mutable std::map<std::string, std::map<std::uint64_t, std::string>> scale_addresses_;
};

}  // namespace wfsim
