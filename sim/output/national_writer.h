#pragma once
// The HDF5 file of a national run (docs/national.md "Output"). A RunWriter
// lays out every system's variables with leading dims (plan, system); this
// adds the `population` variable along `system`, `staff_group_modelled`
// along (system, staff_group), the national totals
// (/national and /national/annual: the system dim summed; none in a file
// that keeps no /annual, whose replicates they are sums of), the pools
// (/pools) and the flags, then renames the file into place. Destroyed
// before commit(), it leaves nothing behind.

#include <filesystem>
#include <vector>

#include "national/national_run.h"
#include "output/hdf5_writer.h"

namespace wfsim {

class NationalWriter final : public NationalSink {
 public:
  NationalWriter(std::filesystem::path target, const NationalPlan& plan, const Alignment& alignment,
                 int replicates, const std::vector<double>& quantiles, Storage storage = {});
  // The file another NationalWriter laid out and shared, opened on every
  // rank of an MPI run (RunWriter(SharedFile, ...)): each rank writes its
  // systems' replicates and summaries into it.
  NationalWriter(const SharedFile& file, const NationalPlan& plan, const Alignment& alignment,
                 int replicates, const std::vector<double>& quantiles, Storage storage);

  void write_replicate(int plan, int system, int replicate, const Trajectory& monthly,
                       const AnnualTrajectory& annual) override;
  AnnualSlab read_annual(int plan, int system, std::size_t var, int first_year) override;
  std::size_t summary_variables() const override { return writer_.summary_variables(); }
  void write_summary(int plan, int system, std::size_t var,
                     const std::vector<double>& quantile_values,
                     const std::vector<double>& mean) override;
  bool summary_only() const override { return !storage_.annual && !storage_.monthly; }
  bool written_by_every_rank() const override { return writer_.opened_by_ranks(); }
  void summarized_elsewhere(int plan, int system) override;

  // After run_national(): writes population, national totals, pools and
  // flags, and renames the file onto the target.
  void commit(const NationalResult& result, const FlagTable& flags);
  // RunWriter::share() and take_back(), for rank 0 of an MPI run.
  SharedFile share() { return writer_.share(); }
  void take_back() { writer_.take_back(); }
  // Of a shared file, after the run: closes this rank's part, every rank
  // together (RunWriter::commit()).
  void commit_part() { writer_.commit(); }

 private:
  const NationalPlan& plan_;
  Alignment alignment_;
  int replicates_;
  Storage storage_;
  RunWriter writer_;
};

// The flag table of a national run: every system's flags in both plans,
// then the pools' overclaimed_pool flags (system "all", plan "submitted"),
// with the columns flag_system and flag_plan (and flag_share in a Monte
// Carlo run; NaN for pool flags, which are computed on the claims' means).
FlagTable national_flag_table(const NationalPlan& plan, const NationalResult& result);

}  // namespace wfsim
