#include "engine/replicates.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>

#include "engine/random.h"
#include "engine/ranks.h"
#include "engine/workers.h"

namespace wfsim {

namespace {

// The model a runner's engine is built on: its own copy where parameters
// are sampled (a model without them is the same for every replicate).
std::unique_ptr<Model> copy_if_sampled(const Model& model, bool monte_carlo) {
  if (!monte_carlo || model.uncertainty.empty()) return nullptr;
  return std::make_unique<Model>(model);
}

}  // namespace

ReplicateRunner::ReplicateRunner(const Model& model, bool monte_carlo)
    : monte_carlo_(monte_carlo),
      sampled_(copy_if_sampled(model, monte_carlo)),
      sampler_(sampled_ ? std::optional<ParameterSampler>(std::in_place, *sampled_) : std::nullopt),
      engine_(sampled_ ? *sampled_ : model),
      flows_(0) {}

void ReplicateRunner::run(int replicate, ReplicateResult& out) {
  if (sampler_) {
    sampler_->sample(replicate);
    engine_.refresh();
  }
  const Model& used = engine_.model();
  out.replicate = replicate;
  out.monthly.resize_for(used);
  if (monte_carlo_ && used.stochastic_flows) {
    flows_.set_replicate(flow_key(used.seed, replicate));
    engine_.run(out.monthly, flows_);
  } else {
    engine_.run(out.monthly);
  }
  aggregate_years(out.monthly, out.annual);
  out.flags = compute_flags(used, out.annual);
}

void run_replicate(const Model& model, int replicate, bool monte_carlo, ReplicateResult& out) {
  ReplicateRunner(model, monte_carlo).run(replicate, out);
}

namespace {

RankShare share_of(int count, Spread spread) {
  if (spread == Spread::local || count <= 1) return {0, 1, count, 1};
  return {this_rank(), rank_count(), count, kReplicateBlock};
}

// Runs `share` on `threads` threads and consumes its results.
void run_share(const Model& model, bool monte_carlo, RankShare share, int threads,
               const std::function<void(const ReplicateResult&)>& consume) {
  const int local = share.size();
  threads = std::max(1, std::min(threads, local));
  if (threads == 1) {
    ReplicateResult result;
    ReplicateRunner runner(model, monte_carlo);
    for (int k = 0; k < local; ++k) {
      runner.run(share.replicate(k), result);
      consume(result);
    }
    return;
  }

  // The calling thread is one of the `threads`: it consumes every finished
  // result (so the consumer runs on it alone) and, when none is waiting,
  // runs a replicate itself. A separate consumer thread would make
  // threads + 1 runnable threads on `threads` cores, and the switches
  // between them cost more than the consuming. Buffers enough that the
  // workers keep busy while the caller writes a block of results.
  std::vector<ReplicateResult> buffers(4 * threads);
  std::vector<ReplicateResult*> free_buffers, done;
  free_buffers.reserve(buffers.size());
  done.reserve(buffers.size());
  for (auto& b : buffers) free_buffers.push_back(&b);
  std::mutex mutex;
  std::condition_variable buffer_freed, result_done;
  int next = 0;  // the next of the share to start, under `mutex`
  bool stop = false;
  std::exception_ptr failure;
  auto fail = [&] {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
    stop = true;
    buffer_freed.notify_all();
    result_done.notify_all();
  };
  // A free buffer and the next of the share to run into it, or null once
  // stopped or every replicate has started.
  auto take_buffer = [&](int& k) -> ReplicateResult* {
    std::unique_lock lock(mutex);
    buffer_freed.wait(lock, [&] { return stop || next >= local || !free_buffers.empty(); });
    if (stop || next >= local) return nullptr;
    ReplicateResult* buffer = free_buffers.back();
    free_buffers.pop_back();
    k = next++;
    return buffer;
  };
  auto finished = [&](ReplicateResult* buffer) {
    std::lock_guard lock(mutex);
    done.push_back(buffer);
    result_done.notify_one();
  };

  auto work = [&] {
    std::optional<ReplicateRunner> runner;  // built in the try below, so its failure is reported
    int k = 0;
    while (ReplicateResult* buffer = take_buffer(k)) {
      try {
        if (!runner) runner.emplace(model, monte_carlo);
        runner->run(share.replicate(k), *buffer);
      } catch (...) {
        fail();
        return;
      }
      finished(buffer);
    }
  };
  // The caller's part: every result consumed, and replicates run while
  // none is waiting.
  auto consume_all = [&] {
    std::optional<ReplicateRunner> own_runner;  // built when the caller first runs a replicate
    for (int consumed = 0; consumed < local;) {
      ReplicateResult* buffer;
      int own = -1;  // a replicate the caller runs itself, or -1 to consume `buffer`
      {
        std::unique_lock lock(mutex);
        result_done.wait(
            lock, [&] { return stop || !done.empty() || (next < local && !free_buffers.empty()); });
        if (stop) break;
        if (!done.empty()) {  // oldest first, so that few blocks of the writer are pending
          buffer = done.front();
          done.erase(done.begin());
        } else {
          buffer = free_buffers.back();
          free_buffers.pop_back();
          own = share.replicate(next++);
        }
      }
      try {
        if (own >= 0) {
          if (!own_runner) own_runner.emplace(model, monte_carlo);
          own_runner->run(own, *buffer);
        } else {
          consume(*buffer);
          ++consumed;
        }
      } catch (...) {
        fail();
        break;
      }
      std::lock_guard lock(mutex);
      if (own >= 0) {
        done.push_back(buffer);
      } else {
        free_buffers.push_back(buffer);
        buffer_freed.notify_all();
      }
    }
    {
      std::lock_guard lock(mutex);  // workers waiting for a buffer are done too
      stop = true;
    }
    buffer_freed.notify_all();
  };

  run_workers(threads, [&](int w) {
    if (w == 0)
      consume_all();
    else
      work();
  });
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

int RankShare::size() const {
  const int blocks = (count + block - 1) / block;
  if (first >= blocks) return 0;
  const int mine = (blocks - first + stride - 1) / stride;
  const int last = first + (mine - 1) * stride;  // may be the short one
  return (mine - 1) * block + std::min(block, count - last * block);
}

int RankShare::replicate(int k) const {
  return (first + k / block * stride) * block + k % block;
}

int replicates_here(int count, Spread spread) {
  // One replicate is the deterministic run: rank 0's alone.
  if (spread == Spread::ranks && count <= 1) return this_rank() == 0 ? count : 0;
  return share_of(count, spread).size();
}

void run_replicates(const Model& model, int count, int threads,
                    const std::function<void(const ReplicateResult&)>& consume, Spread spread) {
  if (threads <= 0) threads = default_threads();
  if (replicates_here(count, spread) == 0) return;
  run_share(model, count > 1, share_of(count, spread), threads, consume);
}

}  // namespace wfsim
