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
#include <vector>

#include "engine/flags.h"
#include "engine/trajectory.h"
#include "model/model.h"

namespace wfsim {

struct ReplicateResult {
  int replicate = 0;
  Trajectory monthly;
  AnnualTrajectory annual;
  std::vector<Flag> flags;
};

// Runs one replicate into `out` (sized on first use and then reused). With
// monte_carlo false it is the deterministic run: no parameter draws and
// expected flows, whatever [uncertainty] says.
void run_replicate(const Model& model, int replicate, bool monte_carlo, ReplicateResult& out);

// Runs replicates [0, count) on `threads` threads (0: all cores). A single
// replicate is the deterministic run; uncertainty applies from two up. A
// consumer's exception stops the workers and is rethrown.
void run_replicates(const Model& model, int count, int threads,
                    const std::function<void(const ReplicateResult&)>& consume);

int hardware_threads();

}  // namespace wfsim
