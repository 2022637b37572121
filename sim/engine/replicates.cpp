#include "engine/replicates.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "engine/engine.h"
#include "engine/random.h"
#include "engine/sampling.h"
#include "engine/stochastic_flows.h"

namespace wfsim {

int hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

void run_replicate(const Model& model, int replicate, bool monte_carlo, ReplicateResult& out) {
  // A model without uncertain parameters is the same for every replicate.
  const bool sample = monte_carlo && !model.uncertainty.empty();
  const Model sampled = sample ? sample_model(model, replicate) : Model{};
  const Model& used = sample ? sampled : model;
  out.replicate = replicate;
  out.monthly.resize_for(used);
  Engine engine(used);
  if (monte_carlo && used.stochastic_flows) {
    StochasticFlows flows(flow_key(used.seed, replicate));
    engine.run(out.monthly, flows);
  } else {
    engine.run(out.monthly);
  }
  aggregate_years(out.monthly, out.annual);
  out.flags = compute_flags(used, out.annual);
}

void run_replicates(const Model& model, int count, int threads,
                    const std::function<void(const ReplicateResult&)>& consume) {
  if (threads <= 0) threads = hardware_threads();
  threads = std::min(threads, count);
  const bool monte_carlo = count > 1;
  if (threads <= 1) {
    ReplicateResult result;
    for (int i = 0; i < count; ++i) {
      run_replicate(model, i, monte_carlo, result);
      consume(result);
    }
    return;
  }

  // Two buffers a worker: one being filled while another waits to be consumed.
  std::vector<ReplicateResult> buffers(2 * threads);
  std::deque<ReplicateResult*> free_buffers, done;
  for (auto& b : buffers) free_buffers.push_back(&b);
  std::mutex mutex;
  std::condition_variable changed;
  std::atomic<int> next{0};
  bool stop = false;
  std::exception_ptr failure;

  auto work = [&] {
    for (;;) {
      ReplicateResult* buffer;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || !free_buffers.empty(); });
        if (stop) return;
        buffer = free_buffers.front();
        free_buffers.pop_front();
      }
      const int i = next.fetch_add(1);
      if (i >= count) {
        std::lock_guard lock(mutex);
        free_buffers.push_back(buffer);
        changed.notify_all();
        return;
      }
      try {
        run_replicate(model, i, monte_carlo, *buffer);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
        changed.notify_all();
        return;
      }
      std::lock_guard lock(mutex);
      done.push_back(buffer);
      changed.notify_all();
    }
  };

  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) workers.emplace_back(work);
  for (int consumed = 0; consumed < count;) {
    ReplicateResult* buffer;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return stop || !done.empty(); });
      if (stop) break;
      buffer = done.front();
      done.pop_front();
    }
    try {
      consume(*buffer);
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      stop = true;
      changed.notify_all();
      break;
    }
    ++consumed;
    std::lock_guard lock(mutex);
    free_buffers.push_back(buffer);
    changed.notify_all();
  }
  for (auto& w : workers) w.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace wfsim
