#pragma once
// The processes of an MPI run (docs/mpi.md). Built with WFSIM_MPI and
// started by mpirun or srun, `wfsim run` spreads its work over the ranks:
// a variant's replicates by blocks or one by one (replicates.h), and in a
// national run system s on rank s % ranks. Every rank reads the scenario.
// In a Monte Carlo run the ranks write one file together (parallel HDF5)
// and send rank 0 only summaries (send_values); otherwise (a deterministic
// national run, a compressed national file) rank 0 alone writes, and every
// other rank sends it each result as it is finished (send_result), which
// it consumes as it does its own threads' results. Either way the file
// holds the data a single process writes, bit for bit. Without WFSIM_MPI,
// or outside mpirun, there is one rank and none of this costs anything.

#include <functional>
#include <string>
#include <vector>

namespace wfsim {

struct ReplicateResult;

int rank_count();
int this_rank();

// Threads a rank uses when -j does not say: the cores of its machine
// shared among the ranks on that machine.
int default_threads();

// Starts MPI where the program was built with it, and ends it. finish()
// gives the status to exit with: a rank that failed (status 1) ends every
// rank (MPI_Abort, which mpirun turns into SIGTERM, and each rank's
// handler removes its temporaries), since the others may be waiting for
// its results; any other status ends MPI normally.
class RankSession {
 public:
  RankSession(int& argc, char**& argv);
  ~RankSession();
  RankSession(const RankSession&) = delete;
  RankSession& operator=(const RankSession&) = delete;
  int finish(int status);

 private:
  bool finished_ = false;
};

// Each piece of work spread over the ranks (a variant's replicates, a
// national plan) has a number, which every rank takes from next_round() as
// it starts the piece: all ranks start the same pieces in the same order.
// A rank may run ahead into later pieces while rank 0 still waits for the
// last results of this one; the number keeps them apart.
int next_round();

// A result for rank 0 in round `round`, with the unit it belongs to (a
// national run's system, else 0). Returns once the result is copied for
// sending: the send goes on while this rank computes the next, and
// flush_results() waits for every send to finish. Waits without spinning,
// so ranks that share cores leave them to those computing.
void send_result(int round, int unit, const ReplicateResult& result);
void flush_results();
// The next result of round `round` from any rank, into `result`; returns
// its unit. Results from one rank arrive in the order it sent them. Gives
// up, returning -1, once `stop` says so.
int receive_result(int round, ReplicateResult& result, const std::function<bool()>& stop);

// The same for numbers other than a replicate's result (a national
// system's summary): a round's messages are all results or all values.
void send_values(int round, int unit, const std::vector<double>& values);
int receive_values(int round, std::vector<double>& values, const std::function<bool()>& stop);

// The go-ahead of a run spread over ranks: every rank gives its status
// (kExitOk once it may run: rank 0 once its output file is open, the others
// once the scenario loaded; else why it stops) and all return the largest,
// so that a run any rank cannot start ends on every rank, before any
// replicate runs.
int ranks_agree(int status);

// Whether this rank found what rank 0 did not at the go-ahead (another
// rank's files differ from rank 0's): its messages are then its own to
// print, where those of every rank alike are rank 0's to print.
bool speaks_for_itself();

// Rank 0's `values` on every rank.
void broadcast(std::vector<double>& values);
void broadcast(std::string& text);

// Returns once every rank has called it.
void wait_for_ranks();

}  // namespace wfsim
