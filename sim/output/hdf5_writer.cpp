#include "output/hdf5_writer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>
#include <map>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "engine/random.h"
#include "engine/ranks.h"
#include "engine/replicates.h"
#include "model/model.h"
#include "output/hdf5_axes.h"
#include "output/hdf5_handles.h"
#include "output/hdf5_reader.h"
#include "output/hdf5_scales.h"
#include "output/hdf5_shared.h"
#include "output/temporary_files.h"
#include "output/timestamp.h"

namespace wfsim {
namespace {

using h5::check;
using h5::Id;

// One dataset of the file with the sizes of its dimensions, and a file
// space kept for selecting the block a write covers.
struct Variable {
  Id dataset;
  Id space;
  std::vector<hsize_t> dims;
  bool single = false;  // stored as float32: blocks are converted while filled
  // How writes go: HDF5's default, or every rank's call together (a
  // compressed file the ranks share).
  hid_t transfer = H5P_DEFAULT;

  // Selects the block at `leading` (indices of the leading dims), then
  // `span` entries from `first` along the next dim, and every following dim
  // in full. Returns the memory space of the selection's own shape: with a shape
  // that matches, HDF5 copies whole runs instead of mapping element by
  // element (which was most of a large run's time).
  Id select(const std::vector<hsize_t>& leading, hsize_t first, hsize_t span, hsize_t& n) {
    std::vector<hsize_t> start(dims.size(), 0), count(dims);
    for (std::size_t i = 0; i < leading.size(); ++i) {
      start[i] = leading[i];
      count[i] = 1;
    }
    if (leading.size() < dims.size()) {
      start[leading.size()] = first;
      count[leading.size()] = span;
    }
    check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
          "select a block");
    n = 1;
    for (hsize_t c : count) n *= c;
    return Id(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose,
              "make a memory space");
  }
  void write(const std::vector<hsize_t>& leading, hsize_t first, hsize_t span, const double* data) {
    hsize_t n = 0;
    Id memory = select(leading, first, span, n);
    check(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, memory, space, transfer, data), "write a block");
  }
  // A block already in the file's own type: HDF5 copies it unconverted.
  void write_raw(const std::vector<hsize_t>& leading, hsize_t first, hsize_t span,
                 const void* data) {
    hsize_t n = 0;
    Id memory = select(leading, first, span, n);
    check(H5Dwrite(dataset, single ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE, memory, space, transfer,
                   data),
          "write a block");
  }
  // This rank's part in a write every rank makes together, where it
  // writes nothing. In the file's own type, as the others write: a
  // conversion would make HDF5 write this rank's part alone.
  void write_none() {
    check(H5Sselect_none(space), "select nothing");
    Id memory(H5Scopy(space), H5Sclose, "make a memory space");
    static const double none = 0;
    check(H5Dwrite(dataset, single ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE, memory, space, transfer,
                   &none),
          "write a block");
  }
  std::size_t value_bytes() const { return single ? sizeof(float) : sizeof(double); }
  void write(const std::vector<hsize_t>& leading, const double* data) {
    write(leading, 0, dims[leading.size()], data);
  }
  // Every replicate's values in `years` plan years from `first` of the
  // block at `leading`: the year axis follows the replicate axis, the later
  // dims in full.
  std::vector<double> read_years(const std::vector<hsize_t>& leading, hsize_t first,
                                 hsize_t years) {
    std::vector<hsize_t> start(dims.size(), 0), count(dims);
    for (std::size_t i = 0; i < leading.size(); ++i) {
      start[i] = leading[i];
      count[i] = 1;
    }
    start[leading.size() + 1] = first;
    count[leading.size() + 1] = years;
    check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
          "select a year");
    hsize_t n = 1;
    for (hsize_t c : count) n *= c;
    Id memory(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose,
              "make a memory space");
    std::vector<double> out(n);
    check(H5Dread(dataset, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, out.data()),
          "read a year");
    return out;
  }
  std::vector<double> read(const std::vector<hsize_t>& leading) {
    hsize_t n = 0;
    Id memory = select(leading, 0, dims[leading.size()], n);
    std::vector<double> out(n);
    check(H5Dread(dataset, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, out.data()),
          "read a block");
    return out;
  }
  // Values in one replicate: the product of the dims after the replicate's.
  std::size_t per_replicate(std::size_t leading) const { return values_from(leading + 1); }
  // The product of the dims from `first` on.
  std::size_t values_from(std::size_t first) const {
    std::size_t n = 1;
    for (std::size_t i = first; i < dims.size(); ++i) n *= dims[i];
    return n;
  }
};

// Replicates are written in blocks (and chunked so): one HDF5 call per
// block and variable instead of one per replicate, which is most of the
// cost of a large Monte Carlo run. A block in memory is a few MB.
constexpr hsize_t kBlock = kReplicateBlock;

// Creates `file` empty, so that a failure says why (HDF5 would not):
// nullopt, or why it could not.
std::optional<std::string> create_empty(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    const auto directory = file.parent_path();
    return fmt::format("cannot create a file in {}: {}",
                       directory.empty() ? "." : directory.string(), std::strerror(errno));
  }
  ::close(fd);
  return std::nullopt;
}

// How this process opens the files it writes.
Id file_access() {
  // Closing the file closes everything in it, so a failure cannot leak handles.
  Id access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "make file access properties");
  check(H5Pset_fclose_degree(access, H5F_CLOSE_STRONG), "set the close degree");
  // The 1.8 format: dense attribute storage, so that a long text attribute
  // (a large scenario_resolved) fits; not later formats, which older
  // netCDF and HDF5 libraries cannot read.
  check(H5Pset_libver_bounds(access, H5F_LIBVER_V18, H5F_LIBVER_V18), "set the file format");
  // Contiguous datasets are written whole, once: a sieve buffer would only
  // copy them, and after a failed write (a full disk) its flush on close
  // crashed HDF5 1.10.
  check(H5Pset_sieve_buf_size(access, 0), "turn off the sieve buffer");
  return access;
}

// Opens `file`, made by create_empty(), as a new HDF5 file whose chunked
// datasets have up to `chunks` chunks each.
Id create_hdf5(const std::filesystem::path& file, hsize_t chunks) {
  Id access = file_access();
  // A chunked dataset's index (a B-tree of the 1.8 format) takes a node of
  // 2k entries however few chunks it has: 3.1 kB at HDF5's k = 32, most
  // of a small compressed file. k is sized so that one node holds a
  // dataset's chunks, up to the default.
  Id creation(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "make file creation properties");
  const auto k = static_cast<unsigned>(std::clamp<hsize_t>((chunks + 1) / 2, 1, 32));
  check(H5Pset_istore_k(creation, k), "size the chunk index");
  return Id(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, creation, access), H5Fclose,
            "create " + file.string());
}

// Replicates of one block waiting until the block is complete: replicates
// finish out of order across threads, but workers take them in order, so
// only a block or two is ever pending.
struct PendingBlock {
  hsize_t size = 0, filled = 0;
  // Per streamed variable: [replicate in block][values], in the file's type.
  std::vector<std::vector<unsigned char>> data;
};

}  // namespace

struct RunWriter::Impl {
  std::filesystem::path target, temporary;
  OutputLayout layout;
  // Opened by every rank of an MPI run to write its share into a file
  // another writer laid out (RunWriter(SharedFile, ...)): its datasets
  // are opened, not created, and nothing is renamed or removed.
  bool opening = false;
  // A shared file with compressed variables: HDF5 writes compressed chunks
  // over MPI only in calls that every rank makes together (collective), so
  // the ranks write their blocks in rounds. In round k of a variant each
  // rank writes its k-th block (rank + k * ranks), in order, or, past its
  // last, nothing; a summary variable is written by its rank as the others
  // write nothing. `collective` is the transfer properties of those calls.
  Id collective;
  hsize_t next_block = 0, rounds_done = 0;
  Id file;
  Id annual_group, summary_group;
  // Coordinate datasets (dimension scales) by group and dimension name.
  std::map<std::pair<hid_t, std::string>, Id> scales;
  h5::ScaleAttacher attacher;  // the variables' scales, their back references written once
  std::map<std::string, hsize_t> sizes;
  std::vector<Variable> monthly, annual, summary_quantiles, summary_means;
  std::optional<Variable> by_age, in_training, annual_by_age, annual_in_training;
  std::map<std::pair<std::vector<hsize_t>, hsize_t>, PendingBlock>
      pending;  // by (outer index, block)
  // Which replicates were taken, by outer index: commit() refuses a file
  // with a replicate missing (its values would read as zeros).
  std::map<std::vector<hsize_t>, std::vector<bool>> taken;
  std::size_t taken_count = 0;
  bool committed = false;
  std::optional<TemporaryGuard> guard;  // removes the temporary on SIGINT/SIGTERM
  // A layout that keeps no /annual: the file its annual variables are in.
  std::filesystem::path scratch_path;
  Id scratch;
  std::optional<TemporaryGuard> scratch_guard;

  void write_flag_columns(const FlagTable& flags);

  RunInfo run_info;
  // The run's key metadata on a group, so that the group opens alone
  // (xarray's `group=`) without losing what run it belongs to.
  void describe_group(hid_t group) const {
    h5::set_string_attribute(group, "Conventions", kConventions);
    h5::set_string_attribute(group, "wfsim_version", WFSIM_VERSION);
    h5::set_number_attribute(group, "format_version", H5T_NATIVE_INT, kFormatVersion);
    h5::set_string_attribute(group, "scenario_name", run_info.scenario_name);
    h5::set_number_attribute(group, "seed", H5T_NATIVE_UINT64, run_info.seed);
    h5::set_number_attribute(group, "replicates", H5T_NATIVE_INT, run_info.replicates);
  }

  // Runs one step of writing: a failure of the file (a full disk, an I/O
  // error) names the target and the reason; a misuse of the writer
  // (logic_error) passes unchanged.
  template <class Step>
  auto writing(Step&& step) -> decltype(step()) {
    try {
      return step();
    } catch (const std::logic_error&) {
      throw;
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(fmt::format("cannot write {}: {}", target.string(), e.what()));
    }
  }

  void require_open(const char* what) const {
    if (committed) throw std::logic_error(fmt::format("RunWriter: {} after commit()", what));
    if (file.get() < 0)
      throw std::logic_error(fmt::format("RunWriter: {} while the ranks hold the file", what));
  }

  // Every replicate of every outer index: what commit() expects.
  std::size_t expected_replicates() const {
    std::size_t n = static_cast<std::size_t>(layout.replicates);
    for (const OuterDim& d : layout.outer) n *= d.labels.size();
    return n;
  }

  // A trajectory of other sizes than the layout's would be read past its
  // end: refuse it before copying anything.
  void check_sizes(const Trajectory& m, const AnnualTrajectory& a) const {
    const std::size_t months = layout.months(), years = layout.years;
    const std::size_t groups = layout.group_ids.size(), bands = layout.age_band_ids.size();
    const std::size_t pipelines = layout.pipeline_ids.size();
    auto require = [](bool ok, std::string_view what, std::size_t got, std::size_t want) {
      if (!ok)
        throw std::invalid_argument(
            fmt::format("RunWriter: {} has {} values, the layout {}", what, got, want));
    };
    require(static_cast<std::size_t>(m.months) == months &&
                static_cast<std::size_t>(m.groups) == groups &&
                m.monthly.size() >= kMonthlyVarCount * months * groups,
            "the monthly trajectory", m.monthly.size(), kMonthlyVarCount * months * groups);
    require(static_cast<std::size_t>(a.years) == years &&
                static_cast<std::size_t>(a.groups) == groups &&
                a.values.size() >= kAnnualVarCount * years * groups,
            "the annual trajectory", a.values.size(), kAnnualVarCount * years * groups);
    if (by_age) {
      require(m.headcount_by_age.size() == months * groups * bands, "monthly headcount_by_age",
              m.headcount_by_age.size(), months * groups * bands);
      require(a.headcount_by_age.size() == years * groups * bands, "annual headcount_by_age",
              a.headcount_by_age.size(), years * groups * bands);
    }
    if (in_training) {
      require(m.in_training.size() == months * pipelines, "monthly in_training",
              m.in_training.size(), months * pipelines);
      require(a.in_training.size() == years * pipelines, "annual in_training", a.in_training.size(),
              years * pipelines);
    }
  }

  // The variables written replicate by replicate, in a fixed order, with
  // where each replicate's values come from.
  std::vector<std::pair<Variable*, const double*>> streamed(const Trajectory& m,
                                                            const AnnualTrajectory& a) {
    std::vector<std::pair<Variable*, const double*>> out;
    for (std::size_t v = 0; v < monthly.size(); ++v)
      out.emplace_back(&monthly[v], m.row(static_cast<Var>(v), 0));
    for (std::size_t v = 0; v < kAnnualVarCount; ++v)
      out.emplace_back(&annual[v], &a.values[v * a.years * a.groups]);
    if (by_age) out.emplace_back(&*by_age, m.headcount_by_age.data());
    if (annual_by_age) out.emplace_back(&*annual_by_age, a.headcount_by_age.data());
    if (in_training) out.emplace_back(&*in_training, m.in_training.data());
    if (annual_in_training) out.emplace_back(&*annual_in_training, a.in_training.data());
    return out;
  }

  void flush(const std::vector<hsize_t>& outer, hsize_t block, PendingBlock& p) {
    std::size_t i = 0;
    for (Variable* v : variables_streamed())
      v->write_raw(outer, block * kBlock, p.size, p.data[i++].data());
  }

  std::vector<Variable*> variables_streamed() {
    std::vector<Variable*> out;
    for (auto& v : monthly) out.push_back(&v);
    for (auto& v : annual) out.push_back(&v);
    if (by_age) out.push_back(&*by_age);
    if (annual_by_age) out.push_back(&*annual_by_age);
    if (in_training) out.push_back(&*in_training);
    if (annual_in_training) out.push_back(&*annual_in_training);
    return out;
  }

  // How many chunks a variable has: one per outer index, and per block of
  // replicates where it runs over replicates (not a summary's).
  hsize_t chunks_per_variable(bool by_replicate) const {
    const auto replicates = static_cast<hsize_t>(std::max(1, layout.replicates));
    hsize_t n = by_replicate ? (replicates + kBlock - 1) / kBlock : 1;
    for (const OuterDim& d : layout.outer) n *= std::max<std::size_t>(1, d.labels.size());
    return n;
  }

  std::vector<std::string> outer_names() const {
    std::vector<std::string> names;
    for (const auto& d : layout.outer) names.push_back(d.name);
    return names;
  }

  // Makes a dimension scale `name` in `group` from a dataset already written.
  void make_scale(hid_t group, const std::string& name, Id dataset) {
    check(H5DSset_scale(dataset, name.c_str()), "make " + name + " a dimension scale");
    scales[{group, name}] = std::move(dataset);
  }

  // Every coordinate a group's variables need, as dimension scales in that
  // group, so that each group opens on its own with labelled axes.
  void write_coordinates(hid_t group, bool monthly_axis, bool quantile_axis) {
    for (const OuterDim& d : layout.outer) {
      make_scale(group, d.name, h5::write_strings(group, d.name, d.labels));
      for (const auto& [name, values] : d.coords) {
        Id coord = h5::write_numbers(group, name, H5T_NATIVE_DOUBLE, values);
        check(H5DSattach_scale(coord, scales.at({group, d.name}), 0), "attach " + d.name);
      }
    }
    if (!quantile_axis) {
      std::vector<long long> replicates(layout.replicates);
      for (int r = 0; r < layout.replicates; ++r) replicates[r] = r;
      make_scale(group, "replicate",
                 h5::write_numbers(group, "replicate", H5T_NATIVE_LLONG, replicates));
    } else {
      make_scale(group, "quantile",
                 h5::write_numbers(group, "quantile", H5T_NATIVE_DOUBLE, layout.quantiles));
    }
    if (monthly_axis) {
      make_scale(
          group, "time",
          h5::write_time_axis(group, layout.start_year, layout.start_month, layout.months()));
      h5::write_time_bounds(group, scales.at({group, "time"}), layout.start_year,
                            layout.start_month, layout.months());
    } else {
      make_scale(
          group, "year",
          h5::write_strings(group, "year", h5::year_labels(layout.start_year, layout.years)));
      h5::write_year_start(group, scales.at({group, "year"}), layout.start_year, layout.years);
    }
    make_scale(group, "staff_group", h5::write_strings(group, "staff_group", layout.group_ids));
    Id names = h5::write_strings(group, "staff_group_name", layout.group_names);
    h5::set_string_attribute(names, "long_name", "staff group name");
    h5::set_string_attribute(names, "units", "1");
    check(H5DSattach_scale(names, scales.at({group, "staff_group"}), 0), "attach staff_group");
    if (layout.has_age_bands)
      make_scale(group, "age_band", h5::write_strings(group, "age_band", layout.age_band_ids));
    if (!layout.pipeline_ids.empty())
      make_scale(group, "pipeline", h5::write_strings(group, "pipeline", layout.pipeline_ids));
  }

  // A float64 dataset over `dims` (names of scales in `group`), chunked
  // per leading index (a block of replicates), so memory stays flat; or
  // contiguous, where one chunk would hold it whole and it is not
  // compressed: a single run, or up to a block of replicates. A chunk
  // needs an index, which made up a third of a single run's file and a
  // fifth of the time to write it.
  Variable create(hid_t group, const std::string& name, const std::vector<std::string>& dims,
                  std::string_view units, std::string_view long_name, std::string_view cell_methods,
                  std::size_t leading, hid_t file_type = H5T_IEEE_F64LE) {
    Variable v;
    for (const auto& d : dims) v.dims.push_back(sizes.at(d));
    std::vector<hsize_t> chunk(v.dims);
    for (std::size_t i = 0; i < leading && i < chunk.size(); ++i) chunk[i] = 1;
    if (leading > 0 && dims[leading - 1] == "replicate")
      chunk[leading - 1] = std::min(kBlock, v.dims[leading - 1]);
    for (auto& c : chunk) c = std::max<hsize_t>(c, 1);
    if (opening) return open_variable(group, name, std::move(v), file_type);
    Id space(H5Screate_simple(static_cast<int>(v.dims.size()), v.dims.data(), nullptr), H5Sclose,
             "make a space for " + name);
    Id properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "make dataset properties");
    // The scratch file is read once and removed: compressing it would only cost.
    const bool in_scratch = scratch.get() >= 0 && group == annual_group.get();
    const bool deflate = layout.storage.deflate > 0 && !in_scratch;
    const bool chunked = deflate || chunk != v.dims;
    if (chunked)
      check(H5Pset_chunk(properties, static_cast<int>(chunk.size()), chunk.data()),
            "chunk " + name);
    if (deflate) {
      // Shuffle first: the bytes of neighbouring values line up by
      // significance, which deflate then finds (docs/output.md "Storage").
      check(H5Pset_shuffle(properties), "shuffle " + name);
      check(H5Pset_deflate(properties, static_cast<unsigned>(layout.storage.deflate)),
            "compress " + name);
    }
    h5::fill_with_nan(properties);
    // Every chunk is written whole before commit, so HDF5 need not fill it first.
    check(H5Pset_fill_time(properties, H5D_FILL_TIME_NEVER), "set the fill time of " + name);
    v.single = H5Tequal(file_type, H5T_IEEE_F32LE) > 0;
    // No chunk cache: every chunk is written whole, once, and read back
    // whole at most once, so caching would only copy it, and the default 1 MB
    // a dataset held most of a Monte Carlo run's memory.
    Id access(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose, "make dataset access properties");
    if (chunked)
      check(H5Pset_chunk_cache(access, 0, 0, H5D_CHUNK_CACHE_W0_DEFAULT),
            "turn off the chunk cache of " + name);
    v.dataset =
        Id(H5Dcreate2(group, name.c_str(), file_type, space, H5P_DEFAULT, properties, access),
           H5Dclose, "create " + name);
    v.space = Id(H5Dget_space(v.dataset), H5Sclose, "get the space of " + name);
    std::vector<hid_t> axes;
    for (const std::string& d : dims) axes.push_back(scales.at({group, d}));
    attacher.attach(v.dataset, axes);
    h5::describe_variable(v.dataset, file_type,
                          {units, long_name, cell_methods,
                           std::find(dims.begin(), dims.end(), "year") != dims.end()});
    return v;
  }

  // A variable create() made, opened again.
  Variable open_variable(hid_t group, const std::string& name, Variable v, hid_t file_type) {
    Id access(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose, "make dataset access properties");
    check(H5Pset_chunk_cache(access, 0, 0, H5D_CHUNK_CACHE_W0_DEFAULT),
          "turn off the chunk cache of " + name);
    v.dataset = Id(H5Dopen2(group, name.c_str(), access), H5Dclose, "open " + name);
    v.space = Id(H5Dget_space(v.dataset), H5Sclose, "get the space of " + name);
    v.single = H5Tequal(file_type, H5T_IEEE_F32LE) > 0;
    if (collective.get() >= 0) v.transfer = collective.get();
    return v;
  }

  // Writes the blocks of `outer` that are complete and whose turn it is:
  // any, or in a compressed shared file, this rank's next in order.
  void flush_ready(const std::vector<hsize_t>& outer, hsize_t block) {
    if (collective.get() < 0) {
      flush(outer, block, pending.at({outer, block}));
      pending.erase({outer, block});
      return;
    }
    for (auto it = pending.find({outer, next_block});
         it != pending.end() && it->second.filled == it->second.size;
         it = pending.find({outer, next_block})) {
      flush(outer, next_block, it->second);
      pending.erase(it);
      next_block += static_cast<hsize_t>(rank_count());
      ++rounds_done;
    }
  }

  // A compressed shared file: this rank's part in the rounds of writing
  // still to come, once it has written its own blocks; then the next
  // variant's rounds start.
  void finish_rounds() {
    if (collective.get() < 0) return;
    const auto ranks = static_cast<hsize_t>(rank_count());
    const hsize_t blocks = (static_cast<hsize_t>(layout.replicates) + kBlock - 1) / kBlock;
    for (; rounds_done < (blocks + ranks - 1) / ranks; ++rounds_done)
      for (Variable* v : variables_streamed()) v->write_none();
    rounds_done = 0;
    next_block = static_cast<hsize_t>(this_rank());
  }

  // A group of the file, made or (when opening) opened.
  Id group(hid_t parent, const char* name) {
    if (opening)
      return Id(H5Gopen2(parent, name, H5P_DEFAULT), H5Gclose, fmt::format("open /{}", name));
    return Id(H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
              fmt::format("create /{}", name));
  }

  std::vector<std::string> dims(const std::vector<std::string>& tail) const {
    std::vector<std::string> out = outer_names();
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
  }

  void create_all() {
    for (const OuterDim& d : layout.outer) sizes[d.name] = d.labels.size();
    sizes["replicate"] = layout.replicates;
    sizes["time"] = layout.months();
    sizes["year"] = layout.years;
    sizes["staff_group"] = layout.group_ids.size();
    sizes["age_band"] = layout.age_band_ids.size();
    sizes["pipeline"] = layout.pipeline_ids.size();
    sizes["quantile"] = layout.quantiles.size();
    const std::size_t leading = layout.outer.size() + 1;

    // Monthly values of a Monte Carlo run are most of its bytes: float32
    // halves them (whole people stay exact; money is good to about a pound
    // in a million). A deterministic run, annual values and summaries keep
    // float64.
    const hid_t monthly_type = layout.replicates > 1 ? H5T_IEEE_F32LE : H5T_IEEE_F64LE;
    if (!opening) write_coordinates(file, true, false);
    if (layout.storage.monthly) create_monthly(leading, monthly_type);
    annual_group = layout.storage.annual ? group(file, "annual") : open_scratch();
    create_annual(leading);
    if (!layout.quantiles.empty()) create_summary();
  }

  // The root of a scratch file beside the target, where a layout that
  // keeps no /annual lays its annual variables out as /annual would hold
  // them: the summary is read from there, and the file is removed with
  // the temporary.
  Id open_scratch() {
    if (opening) {
      scratch = open_shared_hdf5(scratch_path);
      return Id(H5Gopen2(scratch, "/", H5P_DEFAULT), H5Gclose, "open the scratch file");
    }
    scratch_path = scratch_for(target, "annual");
    if (auto problem = create_empty(scratch_path)) throw std::runtime_error(*problem);
    scratch_guard.emplace(scratch_path);
    scratch = create_hdf5(scratch_path, chunks_per_variable(true));
    if (layout.storage.unlinked) unlink(scratch_path);
    return Id(H5Gopen2(scratch, "/", H5P_DEFAULT), H5Gclose, "open the scratch file");
  }

  // Removes the name of a file HDF5 holds open (Storage::unlinked): it
  // writes and reads it through its descriptor, and the space goes when
  // the descriptor closes.
  static void unlink(const std::filesystem::path& file) {
    std::error_code error;
    if (!std::filesystem::remove(file, error))
      throw std::runtime_error(fmt::format("cannot unlink {}: {}", file.string(), error.message()));
  }

  // Closes and removes the scratch file, once nothing in it is open.
  void remove_scratch() {
    scratch.reset();
    std::error_code ignored;
    if (!scratch_path.empty()) std::filesystem::remove(scratch_path, ignored);
    scratch_guard.reset();
  }

  void create_monthly(std::size_t leading, hid_t monthly_type) {
    const std::string stock = h5::cell_methods(Aggregation::mean, true);
    for (const VariableInfo& info : kMonthlyVariables)
      monthly.push_back(create(
          file, std::string(info.name), dims({"replicate", "time", "staff_group"}), info.units,
          info.long_name, h5::cell_methods(info.aggregation, true), leading, monthly_type));
    if (layout.has_age_bands)
      by_age =
          create(file, "headcount_by_age", dims({"replicate", "time", "staff_group", "age_band"}),
                 "people", "Staff in post by age band, headcount", stock, leading, monthly_type);
    if (!layout.pipeline_ids.empty())
      in_training = create(file, "in_training", dims({"replicate", "time", "pipeline"}), "people",
                           "Trainees in each pipeline", stock, leading, monthly_type);
  }

  void create_annual(std::size_t leading) {
    const std::string stock_annual = h5::cell_methods(Aggregation::mean, false);
    if (!opening) {
      describe_group(annual_group);
      write_coordinates(annual_group, false, false);
    }
    for (const VariableInfo& info : kAnnualVariables)
      annual.push_back(create(annual_group, std::string(info.name),
                              dims({"replicate", "year", "staff_group"}), info.units,
                              info.long_name, h5::cell_methods(info.aggregation, false), leading));
    if (layout.has_age_bands)
      annual_by_age = create(
          annual_group, "headcount_by_age", dims({"replicate", "year", "staff_group", "age_band"}),
          "people", "Staff in post by age band, mean of month-ends", stock_annual, leading);
    if (!layout.pipeline_ids.empty())
      annual_in_training =
          create(annual_group, "in_training", dims({"replicate", "year", "pipeline"}), "people",
                 "Trainees in each pipeline, mean of month-ends", stock_annual, leading);
  }

  void create_summary() {
    const std::string stock_annual = h5::cell_methods(Aggregation::mean, false);
    summary_group = group(file, "summary");
    if (!opening) {
      describe_group(summary_group);
      write_coordinates(summary_group, false, true);
    }
    // Every annual variable, in the order of summarized(): the table's, then
    // the by-age and pipeline ones.
    auto summarize = [&](std::string_view name, std::vector<std::string> tail,
                         std::string_view units, std::string_view long_name,
                         const std::string& methods) {
      tail.insert(tail.begin(), "quantile");
      summary_quantiles.push_back(create(summary_group, std::string(name), dims(tail), units,
                                         fmt::format("{}: quantiles over replicates", long_name),
                                         methods, layout.outer.size()));
      tail.erase(tail.begin());
      summary_means.push_back(create(summary_group, fmt::format("{}_mean", name), dims(tail), units,
                                     fmt::format("{}: mean over replicates", long_name), methods,
                                     layout.outer.size()));
    };
    for (const VariableInfo& info : kAnnualVariables)
      summarize(info.name, {"year", "staff_group"}, info.units, info.long_name,
                h5::cell_methods(info.aggregation, false));
    if (annual_by_age)
      summarize("headcount_by_age", {"year", "staff_group", "age_band"}, "people",
                "Staff in post by age band, mean of month-ends", stock_annual);
    if (annual_in_training)
      summarize("in_training", {"year", "pipeline"}, "people",
                "Trainees in each pipeline, mean of month-ends", stock_annual);
  }

  // The annual variable summary index `var` is of (see summary_variables()).
  Variable& summarized(std::size_t var) {
    if (var < annual.size()) return annual[var];
    std::vector<Variable*> more;
    if (annual_by_age) more.push_back(&*annual_by_age);
    if (annual_in_training) more.push_back(&*annual_in_training);
    if (var - annual.size() >= more.size())
      throw std::out_of_range(fmt::format("RunWriter: no annual variable {} to summarize", var));
    return *more[var - annual.size()];
  }

  std::vector<hsize_t> leading(std::span<const int> outer_index) const {
    if (outer_index.size() != layout.outer.size())
      throw std::logic_error("outer index of the wrong rank");
    for (std::size_t i = 0; i < outer_index.size(); ++i)
      if (outer_index[i] < 0 ||
          static_cast<std::size_t>(outer_index[i]) >= layout.outer[i].labels.size())
        throw std::invalid_argument(fmt::format(
            "RunWriter: index {} is outside {} (0 to {})", outer_index[i], layout.outer[i].name,
            static_cast<long long>(layout.outer[i].labels.size()) - 1));
    return std::vector<hsize_t>(outer_index.begin(), outer_index.end());
  }

  // Closes every dataset and group, leaving the files open.
  void close_variables() {
    monthly.clear();
    annual.clear();
    summary_quantiles.clear();
    summary_means.clear();
    by_age.reset();
    in_training.reset();
    annual_by_age.reset();
    annual_in_training.reset();
    scales.clear();
    summary_group.reset();
    annual_group.reset();
  }

  // Closes a file, reporting a failure (the last of its data is written then).
  static void close(Id& file) {
    if (file.get() < 0) return;
    if (H5Fclose(file.get()) < 0) throw std::runtime_error(h5::failure("close the file"));
    file.release();
  }

  // Closes everything, the scratch file and the file last, keeping their paths.
  void close_files() {
    close_variables();
    close(scratch);
    close(file);
  }

  // Leaves every handle open, closing nothing: a shared file is closed
  // by every rank together, and a rank that failed would wait for ranks
  // that may never come (it ends the run instead, MPI_Abort).
  void abandon() {
    for (auto* vs : {&monthly, &annual, &summary_quantiles, &summary_means})
      for (Variable& v : *vs) {
        v.dataset.release();
        v.space.release();
      }
    for (auto* v : {&by_age, &in_training, &annual_by_age, &annual_in_training})
      if (*v) {
        (*v)->dataset.release();
        (*v)->space.release();
      }
    for (auto& [key, scale] : scales) scale.release();
    for (Id* id : {&summary_group, &annual_group, &scratch, &file, &collective}) id->release();
  }

  void close_and_remove() {
    if (opening && std::uncaught_exceptions() > 0) return abandon();
    close_variables();
    if (opening) {  // the other writer's files, which every rank closes together
      scratch.reset();
      file.reset();
      return;
    }
    remove_scratch();
    file.reset();
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
  }
};

OutputLayout OutputLayout::for_model(const Model& model, int replicates) {
  OutputLayout layout;
  layout.replicates = replicates;
  layout.start_year = model.start_year;
  layout.start_month = model.start_month;
  layout.years = model.years;
  for (const auto& g : model.groups) {
    layout.group_ids.push_back(g.id);
    layout.group_names.push_back(g.name);
  }
  layout.has_age_bands = model.has_age_bands;
  if (model.has_age_bands)
    for (const auto& b : model.age_bands) layout.age_band_ids.push_back(b.id);
  for (const auto& p : model.pipelines) layout.pipeline_ids.push_back(p.id);
  return layout;
}

RunInfo RunInfo::for_model(const Model& model, int replicates) {
  return RunInfo{model.name, model.file,      model.resolved_toml.get(), model.seed,
                 replicates, model.system_id, model.system_name,         model.population};
}

void FlagTable::append(const FlagTable& more) {
  auto cat = [](auto& into, const auto& rows) {
    into.insert(into.end(), rows.begin(), rows.end());
  };
  cat(kind, more.kind);
  cat(group, more.group);
  cat(year, more.year);
  cat(metric, more.metric);
  cat(severity, more.severity);
  cat(value, more.value);
  cat(threshold, more.threshold);
}

FlagTable FlagTable::from_flags(const Model& model, const std::vector<Flag>& flags) {
  FlagTable table;
  for (const Flag& f : flags) {
    table.kind.emplace_back(flag_kind_name(f.kind));
    table.group.push_back(f.group < 0 ? "all" : model.groups[f.group].id);
    table.year.push_back(model.year_label(f.year));
    table.metric.emplace_back(flag_metric_name(f.kind));
    table.severity.emplace_back(severity_name(f.severity));
    table.value.push_back(f.value);
    table.threshold.push_back(f.threshold);
  }
  return table;
}

RunWriter::RunWriter(std::filesystem::path target, OutputLayout layout, RunInfo info)
    : impl_(new Impl) {
  impl_->target = std::move(target);
  impl_->layout = std::move(layout);
  const auto directory = impl_->target.parent_path();
  if (auto problem = target_problem(impl_->target)) {
    delete impl_;
    throw std::runtime_error("cannot write " + problem->message);
  }
  // A run killed outright (kill -9) left its temporary: the next run here tidies it.
  sweep_stale_temporaries(directory);
  impl_->temporary = temporary_for(impl_->target);
  if (auto problem = create_empty(impl_->temporary)) {
    const std::string message =
        fmt::format("cannot write {}: {}", impl_->target.string(), *problem);
    delete impl_;
    throw std::runtime_error(message);
  }
  impl_->guard.emplace(impl_->temporary);
  h5::use_library();
  try {
    impl_->writing([&] {
      if (!impl_->layout.storage.annual && impl_->layout.quantiles.empty())
        throw std::logic_error("RunWriter: a file without /annual needs quantiles for /summary");
      const Storage& kept = impl_->layout.storage;
      impl_->file =
          create_hdf5(impl_->temporary, impl_->chunks_per_variable(kept.annual || kept.monthly));
      if (impl_->layout.storage.unlinked) impl_->unlink(impl_->temporary);
      impl_->run_info = info;
      h5::set_string_attribute(impl_->file, "Conventions", kConventions);
      h5::set_string_attribute(impl_->file, "wfsim_version", WFSIM_VERSION);
      h5::set_number_attribute(impl_->file, "format_version", H5T_NATIVE_INT, kFormatVersion);
      h5::set_string_attribute(impl_->file, "scenario_name", info.scenario_name);
      h5::set_string_attribute(impl_->file, "scenario_file", info.scenario_file);
      h5::set_string_attribute(impl_->file, "scenario_resolved", info.scenario_resolved);
      h5::set_number_attribute(impl_->file, "seed", H5T_NATIVE_UINT64, info.seed);
      // Which draws a seed gives (random.h): not the layout, so not format_version.
      h5::set_number_attribute(impl_->file, "flow_stream_version", H5T_NATIVE_INT,
                               kFlowStreamVersion);
      h5::set_number_attribute(impl_->file, "replicates", H5T_NATIVE_INT, info.replicates);
      h5::set_string_attribute(impl_->file, "created", utc_timestamp());
      h5::set_string_attribute(impl_->file, "system_id", info.system_id);
      h5::set_string_attribute(impl_->file, "system_name", info.system_name);
      h5::set_number_attribute(impl_->file, "population", H5T_NATIVE_DOUBLE, info.population);
      impl_->create_all();
    });
  } catch (...) {
    impl_->close_and_remove();
    delete impl_;
    throw;
  }
}

RunWriter::RunWriter(const SharedFile& shared, OutputLayout layout) : impl_(new Impl) {
  impl_->target = shared.target;
  impl_->temporary = shared.temporary;
  impl_->scratch_path = shared.scratch;
  impl_->layout = std::move(layout);
  impl_->opening = true;
  h5::use_library();
  try {
    impl_->writing([&] {
      impl_->file = open_shared_hdf5(shared.temporary);
      if (impl_->layout.storage.deflate > 0) impl_->collective = collective_transfer();
      impl_->next_block = static_cast<hsize_t>(this_rank());
      impl_->create_all();
    });
  } catch (...) {
    impl_->abandon();
    delete impl_;
    throw;
  }
}

RunWriter::~RunWriter() {
  if (!impl_->committed) impl_->close_and_remove();
  delete impl_;
}

void RunWriter::summarized_elsewhere(std::span<const int> outer_index) {
  impl_->require_open("summarized_elsewhere");
  // In a file the ranks share, the other rank wrote them too.
  if (!impl_->opening && (impl_->layout.storage.annual || impl_->layout.storage.monthly))
    throw std::logic_error("RunWriter: replicates summarised elsewhere need a summary-only layout");
  std::vector<bool>& taken = impl_->taken[impl_->leading(outer_index)];
  taken.resize(impl_->layout.replicates);
  for (std::size_t r = 0; r < taken.size(); ++r) {
    if (taken[r])
      throw std::invalid_argument(fmt::format("RunWriter: replicate {} written twice", r));
    taken[r] = true;
  }
  impl_->taken_count += taken.size();
}

void RunWriter::write_replicate(std::span<const int> outer_index, int replicate,
                                const Trajectory& m, const AnnualTrajectory& a) {
  impl_->require_open("write_replicate");
  const std::vector<hsize_t> outer = impl_->leading(outer_index);
  if (replicate < 0 || replicate >= impl_->layout.replicates)
    throw std::invalid_argument(fmt::format("RunWriter: replicate {} is outside 0 to {}", replicate,
                                            impl_->layout.replicates - 1));
  impl_->check_sizes(m, a);
  std::vector<bool>& taken = impl_->taken[outer];
  taken.resize(impl_->layout.replicates);
  if (taken[replicate])
    throw std::invalid_argument(fmt::format("RunWriter: replicate {} written twice", replicate));
  taken[replicate] = true;
  ++impl_->taken_count;
  const hsize_t r = static_cast<hsize_t>(replicate);
  const hsize_t block = r / kBlock;
  const std::size_t rank = outer.size();
  PendingBlock& p = impl_->pending[{outer, block}];
  const auto sources = impl_->streamed(m, a);
  if (p.data.empty()) {
    p.size = std::min<hsize_t>(kBlock, impl_->layout.replicates - block * kBlock);
    for (const auto& [variable, source] : sources)
      p.data.emplace_back(p.size * variable->per_replicate(rank) * variable->value_bytes());
  }
  std::size_t i = 0;
  for (const auto& [variable, source] : sources) {
    const std::size_t n = variable->per_replicate(rank);
    unsigned char* at = p.data[i++].data() + (r % kBlock) * n * variable->value_bytes();
    if (variable->single)
      std::transform(source, source + n, reinterpret_cast<float*>(at),
                     [](double x) { return static_cast<float>(x); });
    else
      std::memcpy(at, source, n * sizeof(double));
  }
  if (++p.filled == p.size) impl_->writing([&] { impl_->flush_ready(outer, block); });
}

AnnualSlab RunWriter::read_annual(std::span<const int> outer_index, std::size_t var, int first_year,
                                  std::size_t max_bytes) {
  impl_->require_open("read_annual");
  if (!impl_->pending.empty())
    throw std::logic_error("read_annual before every replicate was written");
  const int years = impl_->layout.years;
  if (first_year < 0 || first_year >= years)
    throw std::out_of_range(fmt::format("RunWriter: no plan year {} to read", first_year));
  Variable& v = impl_->summarized(var);
  const auto at = impl_->leading(outer_index);
  // Bytes of one plan year of every replicate: the replicate axis and the
  // axes after the year's.
  std::size_t year_bytes = sizeof(double) * v.dims[at.size()];
  for (std::size_t i = at.size() + 2; i < v.dims.size(); ++i) year_bytes *= v.dims[i];
  const int fit =
      static_cast<int>(std::max<std::size_t>(1, max_bytes / std::max<std::size_t>(1, year_bytes)));
  AnnualSlab slab;
  slab.years = std::min(fit, years - first_year);
  slab.values = impl_->writing([&] {
    return v.read_years(at, static_cast<hsize_t>(first_year), static_cast<hsize_t>(slab.years));
  });
  return slab;
}

std::size_t RunWriter::summary_variables() const {
  return impl_->annual.size() + (impl_->annual_by_age ? 1 : 0) +
         (impl_->annual_in_training ? 1 : 0);
}

void RunWriter::write_summary(std::span<const int> outer_index, std::size_t var,
                              const std::vector<double>& quantile_values,
                              const std::vector<double>& mean) {
  impl_->require_open("write_summary");
  const auto at = impl_->leading(outer_index);
  if (var >= impl_->summary_means.size())
    throw std::out_of_range(fmt::format("RunWriter: no summary variable {}", var));
  const std::size_t cells = impl_->summary_means[var].values_from(at.size());
  if (quantile_values.size() != impl_->layout.quantiles.size() * cells || mean.size() != cells)
    throw std::invalid_argument(fmt::format(
        "RunWriter: a summary of {} quantile and {} mean values, not {} and {}",
        quantile_values.size(), mean.size(), impl_->layout.quantiles.size() * cells, cells));
  impl_->writing([&] {
    impl_->summary_quantiles.at(var).write(at, quantile_values.data());
    impl_->summary_means.at(var).write(at, mean.data());
  });
}

void RunWriter::skip_summary(std::span<const int> outer_index, std::size_t var) {
  impl_->require_open("skip_summary");
  impl_->leading(outer_index);
  if (var >= impl_->summary_means.size())
    throw std::out_of_range(fmt::format("RunWriter: no summary variable {}", var));
  if (impl_->collective.get() < 0) return;
  impl_->writing([&] {
    impl_->summary_quantiles[var].write_none();
    impl_->summary_means[var].write_none();
  });
}

void RunWriter::write_flags(const FlagTable& flags) {
  impl_->require_open("write_flags");
  // Columns of unequal length would give `flag` two sizes, which readers refuse.
  auto same_length = [&](std::string_view name, std::size_t n) {
    if (n != flags.size())
      throw std::invalid_argument(fmt::format(
          "RunWriter: flag column {} has {} values, flag_kind {}", name, n, flags.size()));
  };
  same_length("flag_group", flags.group.size());
  same_length("flag_year", flags.year.size());
  same_length("flag_metric", flags.metric.size());
  same_length("flag_severity", flags.severity.size());
  same_length("flag_value", flags.value.size());
  same_length("flag_threshold", flags.threshold.size());
  for (const auto& [name, values] : flags.extra_numbers) same_length(name, values.size());
  for (const auto& [name, values] : flags.extra_strings) same_length(name, values.size());
  impl_->writing([&] { impl_->write_flag_columns(flags); });
}

void RunWriter::Impl::write_flag_columns(const FlagTable& flags) {
  // Their own group (format version 2): the root group's monthly data then
  // converts to a table without the flag dimension multiplied in.
  Id group(H5Gcreate2(this->file, "flags", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
           "create /flags");
  describe_group(group);
  std::vector<long long> index(flags.size());
  for (std::size_t i = 0; i < index.size(); ++i) index[i] = static_cast<long long>(i);
  Id scale = h5::write_numbers(group, "flag", H5T_NATIVE_LLONG, index);
  check(H5DSset_scale(scale, "flag"), "make flag a dimension scale");
  // Units: "1" for labels; the numbers are FTE or GBP as flag_metric says.
  auto attach = [&](Id column, std::string_view long_name, std::string_view units = "1") {
    attacher.attach(column, {scale});
    h5::set_string_attribute(column, "long_name", std::string(long_name));
    h5::set_string_attribute(column, "units", std::string(units));
  };
  attach(h5::write_strings(group, "flag_kind", flags.kind), "Flag kind (MODEL.md section 7)");
  attach(h5::write_strings(group, "flag_group", flags.group), "Staff group flagged, or all");
  attach(h5::write_strings(group, "flag_year", flags.year), "Plan year flagged");
  attach(h5::write_strings(group, "flag_metric", flags.metric), "Metric compared");
  attach(h5::write_numbers(group, "flag_value", H5T_NATIVE_DOUBLE, flags.value),
         "Value of the metric", "FTE, or GBP for pay_gap_gbp");
  attach(h5::write_numbers(group, "flag_threshold", H5T_NATIVE_DOUBLE, flags.threshold),
         "Tolerance times the base", "FTE, or GBP for pay_gap_gbp");
  attach(h5::write_strings(group, "flag_severity", flags.severity),
         "warning, or critical above 3x the threshold");
  // The unit of each row's value and threshold, as a column: one flag table
  // holds FTE and money metrics alike.
  std::vector<std::string> units;
  for (const std::string& metric : flags.metric)
    units.emplace_back(metric.ends_with("_gbp") ? "GBP" : "FTE");
  attach(h5::write_strings(group, "flag_units", units), "Units of flag_value and flag_threshold");
  for (const auto& [name, values] : flags.extra_numbers)
    attach(h5::write_numbers(group, name, H5T_NATIVE_DOUBLE, values), name);
  for (const auto& [name, values] : flags.extra_strings)
    attach(h5::write_strings(group, name, values), name);
  attacher.finish();  // while the flag scale is open
}

void RunWriter::describe_group(std::int64_t group) const {
  impl_->writing([&] { impl_->describe_group(static_cast<hid_t>(group)); });
}

std::int64_t RunWriter::native_file() const {
  return impl_->file.get();
}

bool RunWriter::opened_by_ranks() const {
  return impl_->opening;
}

SharedFile RunWriter::share() {
  impl_->require_open("share");
  if (impl_->opening) throw std::logic_error("RunWriter: share() of a shared file");
  if (!impl_->pending.empty() || impl_->taken_count > 0)
    throw std::logic_error("RunWriter: share() after replicates were written");
  impl_->writing([&] {
    impl_->attacher.finish();
    impl_->close_files();
  });
  return {impl_->target, impl_->temporary, impl_->scratch_path};
}

void RunWriter::take_back() {
  if (impl_->opening || impl_->committed || impl_->file.get() >= 0)
    throw std::logic_error("RunWriter: take_back() of a file not shared");
  impl_->writing([&] {
    impl_->file = Id(H5Fopen(impl_->temporary.c_str(), H5F_ACC_RDWR, file_access()), H5Fclose,
                     "open " + impl_->temporary.string() + " again");
  });
  impl_->taken_count = impl_->expected_replicates();
}

void RunWriter::synchronise() {
  if (!impl_->opening) throw std::logic_error("RunWriter: synchronise() of a file not shared");
  if (!impl_->pending.empty())
    throw std::logic_error("RunWriter: synchronise() before every block was written");
  impl_->writing([&] {
    impl_->finish_rounds();
    flush_shared_hdf5(impl_->file);
    if (impl_->scratch.get() >= 0) flush_shared_hdf5(impl_->scratch);
  });
}

void RunWriter::commit() {
  if (impl_->committed) throw std::logic_error("RunWriter: commit() called twice");
  impl_->require_open("commit");
  if (impl_->opening) {  // this rank's part of a shared file: closed, every rank together
    if (!impl_->pending.empty()) throw std::logic_error("commit before every block was written");
    impl_->writing([&] { impl_->close_files(); });
    impl_->committed = true;
    return;
  }
  if (!impl_->pending.empty() || impl_->taken_count != impl_->expected_replicates())
    throw std::logic_error("commit before every replicate was written");
  impl_->writing([&] { impl_->attacher.finish(); });
  impl_->close_variables();
  impl_->remove_scratch();
  impl_->writing([&] { impl_->close(impl_->file); });
  // A device or a directory put at the target while the run ran is not replaced either.
  std::error_code error;
  auto refuse = [&](const std::string& message) {
    std::error_code ignored;  // the refusal is the error to report, not the clean-up's
    std::filesystem::remove(impl_->temporary, ignored);
    throw std::runtime_error("cannot write " + message);
  };
  if (auto problem = target_problem(impl_->target)) refuse(problem->message);
  std::filesystem::rename(impl_->temporary, impl_->target, error);
  if (error) refuse(fmt::format("{}: {}", impl_->target.string(), error.message()));
  impl_->committed = true;
}

}  // namespace wfsim
