#include "engine/workers.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace wfsim {
namespace {

// One run_workers call: its pieces, how many are still running, and the
// first failure of each.
struct Batch {
  const std::function<void(int)>* work;
  int left;
  std::vector<std::exception_ptr> failures;
  std::condition_variable finished;
};

void run_piece(Batch& batch, int w) {
  try {
    (*batch.work)(w);
  } catch (...) {
    batch.failures[static_cast<std::size_t>(w)] = std::current_exception();
  }
}

// Threads that wait for pieces. A piece never waits in the queue for a
// busy thread: a thread is started whenever there are more pieces than
// idle threads, since the pieces of one call may wait on each other and a
// nested call must not wait for its caller's pieces. A thread counts
// itself idle again before its piece counts as finished, so a call that
// follows another finds its threads.
class Pool {
 public:
  ~Pool() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }

  int threads() {
    std::lock_guard lock(mutex_);
    adopt_after_fork();
    return static_cast<int>(threads_.size());
  }

  void run(int n, const std::function<void(int)>& work) {
    Batch batch{&work, n - 1, std::vector<std::exception_ptr>(static_cast<std::size_t>(n)), {}};
    {
      std::lock_guard lock(mutex_);
      adopt_after_fork();
      for (int w = 1; w < n; ++w) pieces_.push_back({&batch, w});
      while (static_cast<int>(pieces_.size()) > idle_) {
        threads_.emplace_back([this] { serve(); });
        ++idle_;  // idle from the start, until it takes a piece
      }
    }
    ready_.notify_all();
    run_piece(batch, 0);
    {
      std::unique_lock lock(mutex_);
      batch.finished.wait(lock, [&] { return batch.left == 0; });
    }
    for (const auto& f : batch.failures)
      if (f) std::rethrow_exception(f);
  }

 private:
  struct Piece {
    Batch* batch;
    int w;
  };

  void serve() {
    std::unique_lock lock(mutex_);
    for (;;) {
      ready_.wait(lock, [&] { return closing_ || !pieces_.empty(); });
      if (pieces_.empty()) return;  // closing
      const Piece piece = pieces_.front();
      pieces_.pop_front();
      --idle_;
      lock.unlock();
      run_piece(*piece.batch, piece.w);
      lock.lock();
      ++idle_;
      if (--piece.batch->left == 0) piece.batch->finished.notify_one();
    }
  }

  // A process forked from this one (export's child reader) has none of
  // the threads: it starts its own. Their handles are left, never
  // destroyed, since they name threads of the parent.
  void adopt_after_fork() {
    if (owner_ == ::getpid()) return;
    new std::vector<std::thread>(std::move(threads_));
    threads_.clear();
    pieces_.clear();
    idle_ = 0;
    owner_ = ::getpid();
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Piece> pieces_;
  std::vector<std::thread> threads_;
  int idle_ = 0;
  bool closing_ = false;
  pid_t owner_ = ::getpid();
};

Pool& pool() {
  static Pool instance;
  return instance;
}

}  // namespace

int hardware_threads() {
  // hardware_concurrency() counts the machine's cores, so a run bound to
  // fewer would start more threads than it has cores to share.
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) return std::max(1, CPU_COUNT(&allowed));
  return machine_threads();
}

int machine_threads() {
  return std::max(1u, std::thread::hardware_concurrency());
}

int worker_threads() {
  return pool().threads();
}

void run_workers(int n, const std::function<void(int)>& work) {
  if (n <= 1) {
    if (n == 1) work(0);
    return;
  }
  pool().run(n, work);
}

}  // namespace wfsim
