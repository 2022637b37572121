#pragma once
// The one set of threads that every parallel part of wfsim runs on:
// replicates, summaries, a national run's systems and solve's lever runs.
// Threads are started as first needed and kept for the rest of the
// process, so a run of many variants or summary slabs does not start
// threads for each. Which thread runs which piece never changes a number:
// each piece's result depends only on its own inputs (docs/model.md).

#include <functional>

namespace wfsim {

// The cores this process may run on: those its affinity mask allows (a
// container's cpuset, `taskset`, an MPI launcher's or Slurm's binding),
// or the machine's where the mask cannot be read; 1 at least. The default
// thread count of every command.
int hardware_threads();
// The cores of this machine, whatever this process is bound to.
int machine_threads();

// Runs work(0), ..., work(n - 1) at the same time: work(0) on the calling
// thread, the others each on a thread of its own (the pieces may wait on
// one another, as a consumer waits on producers). Returns once every piece
// has returned; then rethrows the first exception a piece threw.
void run_workers(int n, const std::function<void(int)>& work);

// How many threads the pool has started in this process so far.
int worker_threads();

}  // namespace wfsim
