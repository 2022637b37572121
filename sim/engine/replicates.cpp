#include "engine/replicates.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "engine/engine.h"
#include "engine/random.h"
#include "engine/sampling.h"
#include "engine/stochastic_flows.h"

namespace wfsim {

int hardware_threads() {
  return std::max(1u, std::thread::hardware_concurrency());
}

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
        run_replicate(model, i, monte_carlo, *buffer);
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
        run_replicate(model, own, monte_carlo, *buffer);
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
