#pragma once
// A national run (docs/national.md): every system of a NationalPlan, run
// as submitted, then reconciled against the shared supply pools.
//
//  1. "submitted": each system as its file says. A system's claim on a pool
//     in plan year y is what its flows drawing on that pool deliver that
//     year: completers joining (pipelines) and recruits arriving
//     (international), or for a pool that counts intakes, the trainees its
//     pipelines take on; the replicates' mean in a Monte Carlo run.
//  2. allocate_pools() shares each over-claimed pool out (pro rata to the
//     claims, or to the shortfall in the groups the flows feed).
//  3. "reconciled": each system again, every flow on a pool keeping the
//     share allocated / claimed of its (system, pool, year): of its joiners
//     (pool_joining_share, pool_share) or of its intakes
//     (pool_intake_share). A pool whose claims fit keeps every flow as it
//     is, bit for bit.
//
// Systems run in parallel; each system's replicates run in order on one
// thread, with streams from (the system's seed, its id, replicate), so
// results do not depend on the number of threads and two systems that
// share a seed (both extending one base plan, say) still draw
// independently. The sink receives every replicate, one call at a time.

#include <array>
#include <functional>
#include <stdexcept>
#include <vector>

#include "engine/flags.h"
#include "engine/replicates.h"
#include "engine/statistics.h"
#include "engine/trajectory.h"
#include "national/alignment.h"
#include "national/national_plan.h"
#include "national/pools.h"

namespace wfsim {

inline constexpr int kPlanCount = 2;
inline constexpr std::array<const char*, kPlanCount> kPlanLabels = {"submitted", "reconciled"};

// Where replicates go (the HDF5 file, or memory in tests). The runner never
// calls it from two threads at once.
class NationalSink {
 public:
  virtual ~NationalSink() = default;
  // Values in the aligned layout.
  virtual void write_replicate(int plan, int system, int replicate, const Trajectory& monthly,
                               const AnnualTrajectory& annual) = 0;
  // Monte Carlo only, once every replicate of the plan was written: the
  // annual variable `var` of every replicate of (plan, system), from plan
  // year `first_year`, as many years as the sink reads at once (one at
  // least), [replicate][year][aligned group (then band)].
  virtual AnnualSlab read_annual(int plan, int system, std::size_t var, int first_year) = 0;
  // How many annual variables are summarized: those of kAnnualVariables
  // first, then any the sink holds besides (by age band, by pipeline).
  virtual std::size_t summary_variables() const { return kAnnualVarCount; }
  virtual void write_summary(int plan, int system, std::size_t var,
                             const std::vector<double>& quantile_values,
                             const std::vector<double>& mean) = 0;
  // Whether it keeps the summary alone (no replicates), so that another
  // rank may summarise a system and send only that.
  virtual bool summary_only() const { return false; }
  // Whether every rank of an MPI run writes into it (a file they share),
  // so that each rank writes its systems' replicates and rank 0 receives
  // only their summaries.
  virtual bool written_by_every_rank() const { return false; }
  // Every replicate of (plan, system) was summarised by another rank.
  virtual void summarized_elsewhere(int, int) {
    throw std::logic_error("this sink takes every replicate");
  }
};

struct NationalRunOptions {
  int replicates = 0;  // 0: the plan's own
  int threads = 0;     // 0: every core
  std::vector<double> quantiles{0.05, 0.5, 0.95};
  // Spread over the ranks of an MPI run: system s on rank s % ranks. Rank
  // 0 calls run_national, every other rank serve_national.
  Spread spread = Spread::local;
};

// One system in one plan: its annual values in its own layout (the run
// itself, or the replicates' mean) and its flags.
struct SystemResult {
  AnnualTrajectory annual;
  std::vector<Flag> flags;
  std::vector<double> share;  // of replicates raising each flag (1 in a deterministic run)
};

// overclaimed_pool: the pool's claims exceed its volume in a plan year.
struct PoolFlag {
  int pool = 0, year = 0;
  double value = 0;                       // the over-claim, people
  double threshold = 0;                   // the pool's volume
  Severity severity = Severity::warning;  // critical above 3 x tolerance x volume
};

struct PoolReport {
  // One claim per (pool, system) with a flow on the pool, pool-major:
  // claimed is the submitted plan's delivery, weight the shortfall (FTE,
  // mean of max(0, demand - effective) = unmet_fte + temporary_cover_fte)
  // in the groups those flows feed.
  std::vector<PoolClaim> claims;
  PoolAllocation allocation;
  std::vector<std::vector<std::vector<double>>> scale;  // [system][pool][year]: allocated / claimed
  std::vector<PoolFlag> flags;
};

struct NationalResult {
  Alignment alignment;
  int replicates = 1;
  std::array<std::vector<SystemResult>, kPlanCount> systems;  // [plan][system]
  std::array<AnnualTrajectory, kPlanCount> national;  // aligned, summed over systems in order
  PoolReport pools;
};

// Claims of every (pool, system) pair from per-system deliveries,
// [system][pool][year], and shortfall weights of the same shape.
PoolReport reconcile_pools(const NationalPlan& plan,
                           const std::vector<std::vector<std::vector<double>>>& delivered,
                           const std::vector<std::vector<std::vector<double>>>& shortfall);

// A rank other than 0's part of a national run spread over ranks: its
// systems of both plans, every replicate sent to rank 0 (ranks.h), the
// pools' shares between the plans from rank 0. When rank 0's file keeps
// only the summary of a Monte Carlo run, `own` (a sink of this rank's, in
// the same layout) takes this rank's replicates instead, and rank 0 gets
// each system's summary, flag counts and deliveries alone.
void serve_national(const NationalPlan& plan, const NationalRunOptions& options,
                    NationalSink* own = nullptr);

// `tick` (optional) is called once per replicate run, serialised.
NationalResult run_national(const NationalPlan& plan, const NationalRunOptions& options,
                            NationalSink& sink, const std::function<void()>& tick = {});

}  // namespace wfsim
