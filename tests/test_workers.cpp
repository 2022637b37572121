// The one set of threads (engine/workers.h): pieces run at once, failures
// come back to the caller, and threads are kept for the next call.

#include <sched.h>

#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/workers.h"

using namespace wfsim;

// Each piece waits until every piece has started: it returns only if all n
// run at the same time, as a consumer and its producers must.
TEST_CASE("run_workers runs every piece at the same time, piece 0 on the caller", "[workers]") {
  constexpr int n = 6;
  std::mutex mutex;
  std::condition_variable all_started;
  int started = 0;
  std::vector<std::thread::id> ran(n);
  run_workers(n, [&](int w) {
    std::unique_lock lock(mutex);
    ran[w] = std::this_thread::get_id();
    if (++started == n) all_started.notify_all();
    all_started.wait(lock, [&] { return started == n; });
  });
  CHECK(started == n);
  CHECK(ran[0] == std::this_thread::get_id());
  CHECK(std::set<std::thread::id>(ran.begin(), ran.end()).size() == n);
}

TEST_CASE("run_workers rethrows the failure of the first piece that failed", "[workers]") {
  int finished = 0;
  std::mutex mutex;
  auto work = [&](int w) {
    if (w == 2) throw std::runtime_error("piece 2");
    if (w == 3) throw std::runtime_error("piece 3");
    std::lock_guard lock(mutex);
    ++finished;
  };
  CHECK_THROWS_WITH(run_workers(4, work), "piece 2");
  CHECK(finished == 2);  // the others ran to the end
}

TEST_CASE("run_workers keeps its threads for the next call, and nests", "[workers]") {
  auto call = [](int n) {
    std::vector<std::thread::id> ran(n);
    run_workers(n, [&](int w) { ran[w] = std::this_thread::get_id(); });
  };
  call(3);
  const int started = worker_threads();
  CHECK(started >= 2);
  for (int k = 0; k < 20; ++k) call(3);
  CHECK(worker_threads() == started);  // idle once a call returns: later calls start none
  call(started + 3);
  CHECK(worker_threads() == started + 2);  // as many more as a larger call needs
  std::vector<int> inner(4, 0);
  run_workers(2, [&](int outer) {
    run_workers(2, [&](int w) { inner[2 * outer + w] = 1 + 2 * outer + w; });
  });
  CHECK(inner == std::vector<int>{1, 2, 3, 4});
  int runs = 0;
  run_workers(1, [&](int) { ++runs; });
  run_workers(0, [&](int) { ++runs; });
  CHECK(runs == 1);
}

// What a container's cpuset, `taskset` or an MPI launcher's binding allows
// is what a run uses by default, not the machine's count. The mask is per
// thread on Linux, so the test binds a thread of its own.
TEST_CASE("the default thread count is the cores this process may run on", "[workers]") {
  cpu_set_t mask;
  REQUIRE(sched_getaffinity(0, sizeof mask, &mask) == 0);
  int first = 0;
  while (!CPU_ISSET(first, &mask)) ++first;
  int unbound = 0, bound = 0, bound_status = -1;
  std::thread([&] {
    unbound = hardware_threads();
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(first, &one);
    bound_status = sched_setaffinity(0, sizeof one, &one);
    bound = hardware_threads();
  }).join();
  CHECK(unbound == CPU_COUNT(&mask));
  REQUIRE(bound_status == 0);
  CHECK(bound == 1);
  CHECK(machine_threads() >= unbound);
}
