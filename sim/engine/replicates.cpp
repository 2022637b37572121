#include "engine/replicates.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "engine/random.h"

namespace wfsim {

int hardware_threads() {
  return std::max(1u, std::thread::hardware_concurrency());
}

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

void run_replicates(const Model& model, int count, int threads,
                    const std::function<void(const ReplicateResult&)>& consume) {
  if (threads <= 0) threads = hardware_threads();
  threads = std::min(threads, count);
  const bool monte_carlo = count > 1;
  if (threads <= 1) {
    ReplicateResult result;
    ReplicateRunner runner(model, monte_carlo);
    for (int i = 0; i < count; ++i) {
      runner.run(i, result);
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
  int next = 0;  // the next replicate to start, under `mutex`
  bool stop = false;
  std::exception_ptr failure;
  auto fail = [&] {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
    stop = true;
    buffer_freed.notify_all();
    result_done.notify_all();
  };

  auto work = [&] {
    std::optional<ReplicateRunner> runner;  // built in the try below, so its failure is reported
    for (;;) {
      ReplicateResult* buffer;
      int i;
      {
        std::unique_lock lock(mutex);
        buffer_freed.wait(lock, [&] { return stop || next >= count || !free_buffers.empty(); });
        if (stop || next >= count) return;
        buffer = free_buffers.back();
        free_buffers.pop_back();
        i = next++;
      }
      try {
        if (!runner) runner.emplace(model, monte_carlo);
        runner->run(i, *buffer);
      } catch (...) {
        fail();
        return;
      }
      std::lock_guard lock(mutex);
      done.push_back(buffer);
      result_done.notify_one();
    }
  };

  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) workers.emplace_back(work);
  std::optional<ReplicateRunner> own_runner;  // built when the caller first runs a replicate
  for (int consumed = 0; consumed < count;) {
    ReplicateResult* buffer;
    int own = -1;  // a replicate the caller runs itself, or -1 to consume `buffer`
    {
      std::unique_lock lock(mutex);
      result_done.wait(
          lock, [&] { return stop || !done.empty() || (next < count && !free_buffers.empty()); });
      if (stop) break;
      if (!done.empty()) {  // oldest first, so that few blocks of the writer are pending
        buffer = done.front();
        done.erase(done.begin());
      } else {
        buffer = free_buffers.back();
        free_buffers.pop_back();
        own = next++;
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
      buffer_freed.notify_one();
    }
  }
  {
    std::lock_guard lock(mutex);  // workers waiting for a buffer are done too
    stop = true;
  }
  buffer_freed.notify_all();
  for (auto& w : workers) w.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace wfsim
