#pragma once
// Runs the replicates of a Monte Carlo scenario in parallel.
//
// Replicate i depends only on (model, i): its parameters come from
// sample_model(model, i) and its flows from draws keyed by (seed, i, site,
// month) (random.h), so results are identical on any number of threads.
// Workers fill a small fixed pool of result buffers and the calling thread
// consumes each result as it is finished, in whatever order they finish,
// running replicates itself while none is waiting: memory stays flat
// however many replicates run, and the consumer (the HDF5 writer, flag
// counts) runs on the calling thread only.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "engine/engine.h"
#include "engine/flags.h"
#include "engine/sampling.h"
#include "engine/stochastic_flows.h"
#include "engine/trajectory.h"
#include "model/model.h"

namespace wfsim {

struct ReplicateResult {
  int replicate = 0;
  Trajectory monthly;
  AnnualTrajectory annual;
  std::vector<Flag> flags;
};

// Runs the replicates of one model on one thread, built once and reused:
// its own copy of the model (only where parameters are sampled), the
// sampler over it, one engine with its draw sites and tables, and one
// flow policy. A
// replicate then writes the sampled inputs into the copy, refreshes the
// engine's tables in place and runs: no model copy, no target parsing, no
// allocation once `out` is sized. With monte_carlo false every replicate
// is the deterministic run: no parameter draws and expected flows,
// whatever [uncertainty] says.
class ReplicateRunner {
 public:
  ReplicateRunner(const Model& model, bool monte_carlo);
  // Runs replicate `replicate` into `out` (sized on first use, then reused).
  void run(int replicate, ReplicateResult& out);

 private:
  bool monte_carlo_;
  // Heap-held so that the sampler's and the engine's references into it
  // stay put.
  std::unique_ptr<Model> sampled_;
  std::optional<ParameterSampler> sampler_;
  Engine engine_;
  StochasticFlows flows_;  // re-keyed for each replicate
};

// One replicate on its own: a ReplicateRunner used once.
void run_replicate(const Model& model, int replicate, bool monte_carlo, ReplicateResult& out);

// Replicates are written in blocks of this many (a chunk of the file
// holds one block), and spread over ranks that write the file together
// by whole blocks, so that every chunk has one writer.
inline constexpr int kReplicateBlock = 64;

// Where replicates run: in this process, or spread over the ranks of an
// MPI run (ranks.h): block b of kReplicateBlock replicates on rank
// b % ranks, each rank consuming its own (the ranks write one file
// together, docs/mpi.md). A national run spreads its systems so too
// (national_run.h).
enum class Spread { local, ranks };

// The replicates [0, count) one rank runs: blocks first, first + stride,
// ... of `block` replicates each (the last block may be short). Spread
// over ranks, rank r of n runs {r, n, count, kReplicateBlock}; in one
// process, {0, 1, count, 1} is every replicate.
struct RankShare {
  int first = 0, stride = 1, count = 0, block = 1;
  int size() const;
  // The k-th of them, k in [0, size()), in increasing order.
  int replicate(int k) const;
};

// How many of `count` replicates this rank runs, spread so.
int replicates_here(int count, Spread spread);

// Runs replicates [0, count) on `threads` threads (0: default_threads()).
// A single replicate is the deterministic run; uncertainty applies from
// two up. A consumer's exception stops the workers and is rethrown.
// Spread over ranks, every rank calls this with the same model and count,
// and runs and consumes its own share.
void run_replicates(const Model& model, int count, int threads,
                    const std::function<void(const ReplicateResult&)>& consume,
                    Spread spread = Spread::local);

}  // namespace wfsim
