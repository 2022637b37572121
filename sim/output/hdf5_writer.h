#pragma once
// The HDF5 output file (OUTPUT.md). Only this layer sees HDF5.
//
// A RunWriter creates a temporary file beside the target, lays out every
// dimension scale and dataset from an OutputLayout, takes replicates one at
// a time (chunked by replicate, so memory does not grow with their number),
// and renames the file into place on commit(). A writer destroyed without
// commit() removes its temporary file, so a failed run never leaves a
// partial file and never touches an earlier result.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/flags.h"
#include "engine/statistics.h"
#include "engine/trajectory.h"

namespace wfsim {

struct Model;

// A leading dimension ("variant", "system"), with string labels and,
// optionally, numeric coordinates along it (a sweep's parameter values).
struct OuterDim {
  std::string name;
  std::vector<std::string> labels;
  std::vector<std::pair<std::string, std::vector<double>>> coords;
};

// What a file keeps of a run, and how it stores it (`run --keep`,
// `--compress`; docs/output.md "Storage").
struct Storage {
  bool monthly = true;  // false (--keep annual, summary): no monthly variables
  // false (--keep summary): no /annual. Each replicate's annual values go
  // to a scratch file beside the target instead, which /summary is read
  // from and which goes with the writer's temporary (on commit, on error,
  // on a signal); the layout must then have quantiles.
  bool annual = true;
  int deflate = 0;  // 0: no compression; 1-9: shuffle then deflate at this level
  // The writer's files are unlinked as soon as they are made: for an MPI
  // rank's writer that is never committed (it keeps its systems' replicates
  // and sends rank 0 only their summaries). Nothing of it is left however
  // the rank ends, kill -9 included.
  bool unlinked = false;
};

struct OutputLayout {
  std::vector<OuterDim> outer;  // leading dims, outermost first
  int replicates = 1;
  int start_year = 2019;
  int start_month = 4;
  int years = 5;
  std::vector<std::string> group_ids;
  std::vector<std::string> group_names;
  bool has_age_bands = false;
  std::vector<std::string> age_band_ids;
  std::vector<std::string> pipeline_ids;
  // Monte Carlo: the quantiles of /summary; empty for no /summary group.
  std::vector<double> quantiles;
  Storage storage;

  static OutputLayout for_model(const Model& model, int replicates);
  int months() const { return 12 * years; }
};

// The CF conventions the files follow as far as they fit (docs/output.md).
inline constexpr const char* kConventions = "CF-1.10";

// Root attributes (OUTPUT.md "Attributes on the root group").
struct RunInfo {
  std::string scenario_name;
  std::string scenario_file;
  std::string scenario_resolved;
  std::uint64_t seed = 0;
  int replicates = 1;
  std::string system_id;
  std::string system_name;
  double population = 0;  // people served; 0 when the scenario does not say

  static RunInfo for_model(const Model& model, int replicates);
};

// Flags as parallel columns along the `flag` dimension, strings resolved.
struct FlagTable {
  std::vector<std::string> kind, group, year, metric, severity;
  std::vector<double> value, threshold;
  // More columns along `flag` (e.g. "flag_share", "flag_system").
  std::vector<std::pair<std::string, std::vector<double>>> extra_numbers;
  std::vector<std::pair<std::string, std::vector<std::string>>> extra_strings;

  static FlagTable from_flags(const Model& model, const std::vector<Flag>& flags);
  std::size_t size() const { return kind.size(); }
  // Appends the rows of `more`'s standard columns (not its extra ones).
  void append(const FlagTable& more);
};

// The file of an MPI run whose ranks write it together (docs/mpi.md):
// rank 0's writer lays it out and hands it over (RunWriter::share()),
// every rank opens it (RunWriter(SharedFile, layout)) and writes its own
// blocks of replicates and its share of /summary, and once they have all
// closed it, rank 0 takes it back (take_back()) for the flags and commit().
struct SharedFile {
  std::filesystem::path target, temporary, scratch;  // scratch: empty when /annual is kept
};

class RunWriter {
 public:
  RunWriter(std::filesystem::path target, OutputLayout layout, RunInfo info);
  // Opens the file another writer laid out with `layout` and shared, on
  // every rank together (HDF5's MPI-IO driver), to write replicates and
  // summaries into it; closing it (commit()) is also every rank's
  // together. It lays out, renames and removes nothing.
  RunWriter(const SharedFile& file, OutputLayout layout);
  ~RunWriter();
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  // Writes one replicate at the given position along the outer dims
  // (empty for a plain run). Monthly variables go to the root, annual ones
  // to /annual.
  void write_replicate(std::span<const int> outer_index, int replicate, const Trajectory& monthly,
                       const AnnualTrajectory& annual);
  // Counts every replicate at an outer index as written, where another
  // process summarised them and sends only their summary (an MPI rank's
  // national system): for a layout that keeps neither monthly nor annual
  // values, where the replicates themselves have nowhere to go, or a file
  // the ranks share, where that rank wrote them.
  void summarized_elsewhere(std::span<const int> outer_index);
  void write_flags(const FlagTable& flags);
  // How many annual variables /summary holds: those of kAnnualVariables
  // (indices 0 .. kAnnualVarCount-1), then headcount_by_age when the layout
  // has age bands and in_training when it has pipelines.
  std::size_t summary_variables() const;
  // Reads back one annual variable (an index as summary_variables() counts
  // them) of every replicate at an outer index, from the file being
  // written (or its scratch file, when the layout keeps no /annual): as many plan years from
  // `first_year` as fit in `max_bytes` (one at least), [replicate][year][cells...] (cells:
  // staff_group, then age_band; or pipeline). Summaries are computed from these slabs, so they
  // never hold more than a slab of the replicates in memory.
  AnnualSlab read_annual(std::span<const int> outer_index, std::size_t var, int first_year,
                         std::size_t max_bytes);
  // Writes /summary/<name> (outer..., quantile, cells...) and
  // /summary/<name>_mean (outer..., cells...) for one annual variable.
  void write_summary(std::span<const int> outer_index, std::size_t var,
                     const std::vector<double>& quantile_values, const std::vector<double>& mean);
  // Of a shared file: this rank's part in writing a summary variable
  // another rank writes. Every rank calls write_summary() or this for each
  // variable in the same order: writes to a compressed file the ranks
  // share are every rank's call together.
  void skip_summary(std::span<const int> outer_index, std::size_t var);
  // Closes the file and renames it onto the target. Of a shared file:
  // closes this rank's part, every rank together, reporting a failure
  // (the last of what the rank wrote goes out then), and renames nothing.
  void commit();
  // Hands the file over to the ranks: closes it, keeping it (and its
  // scratch file) to take back, and says where it is. Every replicate is
  // then the ranks' to write.
  SharedFile share();
  // Opens the file again once the ranks have closed it, with every
  // replicate counted as written.
  void take_back();
  // Whether this writer is a rank's, of a file another writer shared
  // (RunWriter(SharedFile, ...)).
  bool opened_by_ranks() const;
  // Of a shared file, once this rank has written its replicates of an
  // outer index: returns once what every rank wrote is in the file, for
  // any rank to read.
  void synchronise();
  // The open HDF5 file (an hid_t), for writers in this layer that add
  // groups of their own (national totals, pools) before commit().
  std::int64_t native_file() const;
  // Writes the run's key metadata (Conventions, wfsim_version,
  // format_version, scenario_name, seed, replicates) on a group of the file,
  // so that it opens alone with them.
  void describe_group(std::int64_t group) const;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace wfsim
