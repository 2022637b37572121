#include "engine/ranks.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "engine/replicates.h"
#include "engine/result_bytes.h"
#include "engine/workers.h"

#ifdef WFSIM_MPI
// The C interface only: OpenMPI's C++ bindings are deprecated and live in
// a library of their own.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace wfsim {

#ifdef WFSIM_MPI
namespace {

// A round's results travel under tag 1 + round, so that no result is
// taken for another round's however far ahead a rank runs. MPI promises
// tags up to MPI_TAG_UB, at least 32767 (OpenMPI's is 2^31 - 1).
int tag_of(int round) {
  static const int upper = [] {
    int* value = nullptr;
    int found = 0;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &value, &found);
    return found && value ? *value : 32767;
  }();
  if (round >= upper)
    throw std::runtime_error("MPI: more pieces of work than this MPI's tags can number");
  return 1 + round;
}

// How long a waiting rank sleeps between looks: far below a replicate's
// time (milliseconds), far above what a spin-wait would cost the ranks
// that share its cores.
constexpr auto kPoll = std::chrono::microseconds(100);

bool started() {
  int flag = 0;
  MPI_Initialized(&flag);
  int done = 0;
  MPI_Finalized(&done);
  return flag && !done;
}

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

// Set by ranks_agree(): this rank found what rank 0 did not.
bool own_voice = false;

// Whether a launcher started this process as a rank: mpirun and mpiexec
// (OpenMPI's and MPICH's) and srun set these. Started otherwise, the
// program does not start MPI at all: MPI's own start-up of a lone process
// (a "singleton", which starts a PMIx server) fails where a process is
// limited (a file-size limit), and one rank needs none of it.
bool launched_as_rank() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

}  // namespace

int rank_count() {
  int n = 1;
  if (started()) MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

int this_rank() {
  int r = 0;
  if (started()) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int default_threads() {
  int local = 1;
  if (started()) {
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &local);
    MPI_Comm_free(&node);
  }
  // A rank bound to cores of its own (mpirun --map-by ...:pe=N, srun
  // --cpus-per-task) runs on them all; an unbound one shares the machine's
  // with the other ranks on it.
  const int allowed = hardware_threads();
  if (allowed < machine_threads()) return allowed;
  return std::max(1, allowed / std::max(1, local));
}

RankSession::RankSession(int& argc, char**& argv) {
  if (!launched_as_rank()) return;
  // Rank 0's receiving thread is the only one that calls MPI while the
  // run's threads work; the calling thread calls it before and after.
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  if (provided < MPI_THREAD_SERIALIZED) MPI_Abort(MPI_COMM_WORLD, 1);
}

RankSession::~RankSession() {
  if (!finished_ && started()) MPI_Finalize();
}

int RankSession::finish(int status) {
  finished_ = true;
  if (!started()) return status;
  if (status == 1 && rank_count() > 1) MPI_Abort(MPI_COMM_WORLD, status);
  MPI_Finalize();
  return status;
}

int next_round() {
  static int round = 0;
  return round++;
}

namespace {

// Results on their way to rank 0. A send of a result (168,560 bytes for
// the example) only moves while its sender calls MPI, so a rank that waited
// for each send to finish would sit idle for most of it, sleeping between
// looks (the first version did: 2 ranks took 2.4 times as long as one
// process with 2 threads). Instead a rank keeps up to kOutbox sends going,
// each from its own buffer, and looks at them as it sends the next result:
// they move on while it computes.
constexpr std::size_t kOutbox = 32;

class Outbox {
 public:
  // `fill` writes the message into its buffer.
  void send(int round, int unit, const std::function<void(std::vector<char>&)>& fill) {
    std::lock_guard lock(mutex_);
    const std::size_t slot = free_slot();
    std::vector<char>& bytes = bytes_[slot];
    fill(bytes);
    // The unit follows the message: one send, one matching receive.
    bytes.insert(bytes.end(), reinterpret_cast<const char*>(&unit),
                 reinterpret_cast<const char*>(&unit) + sizeof unit);
    check(MPI_Isend(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, tag_of(round),
                    MPI_COMM_WORLD, &requests_[slot]),
          "sending a result");
  }

  // Returns once every result sent has arrived.
  void flush() {
    std::lock_guard lock(mutex_);
    for (;;) {
      int done = 0;
      check(MPI_Testall(static_cast<int>(requests_.size()), requests_.data(), &done,
                        MPI_STATUSES_IGNORE),
            "sending a result");
      if (done) return;
      std::this_thread::sleep_for(kPoll);
    }
  }

 private:
  // A slot whose send has finished (MPI_Testsome moves the others on),
  // waiting without spinning while all are in flight.
  std::size_t free_slot() {
    for (;;) {
      for (std::size_t i = 0; i < requests_.size(); ++i)
        if (requests_[i] == MPI_REQUEST_NULL) return i;
      int count = 0;
      check(MPI_Testsome(static_cast<int>(requests_.size()), requests_.data(), &count,
                         indices_.data(), MPI_STATUSES_IGNORE),
            "sending a result");
      if (count > 0) return static_cast<std::size_t>(indices_[0]);
      std::this_thread::sleep_for(kPoll);
    }
  }

  std::mutex mutex_;
  std::vector<std::vector<char>> bytes_ = std::vector<std::vector<char>>(kOutbox);
  std::vector<MPI_Request> requests_ = std::vector<MPI_Request>(kOutbox, MPI_REQUEST_NULL);
  std::vector<int> indices_ = std::vector<int>(kOutbox);
};

Outbox& outbox() {
  static Outbox box;
  return box;
}

}  // namespace

void send_result(int round, int unit, const ReplicateResult& result) {
  outbox().send(round, unit, [&](std::vector<char>& bytes) { pack(result, bytes); });
}

void send_values(int round, int unit, const std::vector<double>& values) {
  outbox().send(round, unit, [&](std::vector<char>& bytes) {
    const auto* begin = reinterpret_cast<const char*>(values.data());
    bytes.assign(begin, begin + values.size() * sizeof(double));
  });
}

void flush_results() {
  outbox().flush();
}

namespace {

// The next message of round `round` from any rank, without its unit, which
// it returns; -1 once `stop` says so.
int receive_message(int round, std::vector<char>& bytes, const std::function<bool()>& stop) {
  MPI_Status status;
  for (int waiting = 0; !waiting;) {
    if (stop()) return -1;
    check(MPI_Iprobe(MPI_ANY_SOURCE, tag_of(round), MPI_COMM_WORLD, &waiting, &status),
          "waiting for a result");
    if (!waiting) std::this_thread::sleep_for(kPoll);
  }
  int size = 0;
  MPI_Get_count(&status, MPI_BYTE, &size);
  bytes.resize(static_cast<std::size_t>(size));
  check(MPI_Recv(bytes.data(), size, MPI_BYTE, status.MPI_SOURCE, tag_of(round), MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "receiving a result");
  int unit = 0;
  if (bytes.size() < sizeof unit)
    throw std::runtime_error("a result arrived damaged from another rank");
  std::memcpy(&unit, bytes.data() + bytes.size() - sizeof unit, sizeof unit);
  bytes.resize(bytes.size() - sizeof unit);
  return unit;
}

}  // namespace

int receive_result(int round, ReplicateResult& result, const std::function<bool()>& stop) {
  thread_local std::vector<char> bytes;
  const int unit = receive_message(round, bytes, stop);
  if (unit >= 0) unpack(bytes, result);
  return unit;
}

int receive_values(int round, std::vector<double>& values, const std::function<bool()>& stop) {
  thread_local std::vector<char> bytes;
  const int unit = receive_message(round, bytes, stop);
  if (unit < 0) return unit;
  if (bytes.size() % sizeof(double) != 0)
    throw std::runtime_error("a result arrived damaged from another rank");
  values.resize(bytes.size() / sizeof(double));
  std::memcpy(values.data(), bytes.data(), bytes.size());
  return unit;
}

int ranks_agree(int status) {
  if (rank_count() == 1) return status;
  int worst = status, rank0 = status;
  check(MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD), "agreeing to start");
  check(MPI_Bcast(&rank0, 1, MPI_INT, 0, MPI_COMM_WORLD), "agreeing to start");
  if (status != rank0) own_voice = true;
  return worst;
}

bool speaks_for_itself() {
  return own_voice;
}

void broadcast(std::vector<double>& values) {
  if (rank_count() == 1) return;
  auto n = static_cast<std::uint64_t>(values.size());
  check(MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "sharing values");
  values.resize(n);
  check(MPI_Bcast(values.data(), static_cast<int>(n), MPI_DOUBLE, 0, MPI_COMM_WORLD),
        "sharing values");
}

void broadcast(std::string& text) {
  if (rank_count() == 1) return;
  auto n = static_cast<std::uint64_t>(text.size());
  check(MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "sharing text");
  text.resize(n);
  check(MPI_Bcast(text.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD), "sharing text");
}

void wait_for_ranks() {
  if (rank_count() > 1) check(MPI_Barrier(MPI_COMM_WORLD), "waiting for every rank");
}

#else  // one process

int rank_count() {
  return 1;
}
int this_rank() {
  return 0;
}
int default_threads() {
  return hardware_threads();
}
RankSession::RankSession(int&, char**&) {}
RankSession::~RankSession() = default;
int RankSession::finish(int status) {
  finished_ = true;
  return status;
}
int next_round() {
  return 0;
}
void send_result(int, int, const ReplicateResult&) {
  throw std::logic_error("send_result: one rank, and it is rank 0");
}
void flush_results() {}
int receive_result(int, ReplicateResult&, const std::function<bool()>&) {
  throw std::logic_error("receive_result: one rank sends nothing");
}
void send_values(int, int, const std::vector<double>&) {
  throw std::logic_error("send_values: one rank, and it is rank 0");
}
int receive_values(int, std::vector<double>&, const std::function<bool()>&) {
  throw std::logic_error("receive_values: one rank sends nothing");
}
int ranks_agree(int status) {
  return status;
}
bool speaks_for_itself() {
  return false;
}
void broadcast(std::vector<double>&) {}
void broadcast(std::string&) {}
void wait_for_ranks() {}

#endif

}  // namespace wfsim
