#include "national/national_run.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>

#include "engine/random.h"
#include "engine/ranks.h"
#include "engine/replicates.h"
#include "engine/statistics.h"
#include "engine/workers.h"

namespace wfsim {
namespace {

using Cube = std::vector<std::vector<std::vector<double>>>;  // [system][pool][year]

// The seed a system's replicates draw from in a national run: its own
// seed mixed with its id, so that systems with the same seed do not share
// random numbers.
std::uint64_t system_seed(const Model& model) {
  return mix64(model.seed ^ stream_id(model.system_id));
}

// The systems as submitted, each drawing from its own seed.
std::vector<Model> submitted_models(const NationalPlan& plan) {
  std::vector<Model> models = plan.systems;
  for (Model& m : models) m.seed = system_seed(m);
  return models;
}

// The sink of a rank that sends its replicates to rank 0 and keeps none.
class NoSink final : public NationalSink {
 public:
  void write_replicate(int, int, int, const Trajectory&, const AnnualTrajectory&) override {
    throw std::logic_error("a rank other than 0 writes no replicate");
  }
  AnnualSlab read_annual(int, int, std::size_t, int) override {
    throw std::logic_error("a rank other than 0 reads no replicate");
  }
  void write_summary(int, int, std::size_t, const std::vector<double>&,
                     const std::vector<double>&) override {
    throw std::logic_error("a rank other than 0 writes no summary");
  }
};

int pool_index(const NationalPlan& plan, const std::string& id) {
  for (std::size_t p = 0; p < plan.pools.size(); ++p)
    if (plan.pools[p].id == id) return static_cast<int>(p);
  return -1;
}

// What system `model`'s flows on each pool delivered in each plan year, in
// one replicate, added to `into` [pool][year].
void add_deliveries(const NationalPlan& plan, const Model& model, const Trajectory& t,
                    std::vector<std::vector<double>>& into) {
  for (std::size_t i = 0; i < model.pipelines.size(); ++i) {
    const int p = pool_index(plan, model.pipelines[i].pool);
    if (p < 0) continue;
    const std::vector<double>& flow =
        plan.pools[p].counts == PoolCounts::intakes ? t.pipeline_started : t.pipeline_joined;
    for (int m = 0; m < t.months; ++m)
      into[p][m / 12] += flow[static_cast<std::size_t>(m) * t.pipelines + i];
  }
  for (std::size_t i = 0; i < model.international.size(); ++i) {
    const int p = pool_index(plan, model.international[i].pool);
    if (p < 0) continue;
    for (int m = 0; m < t.months; ++m)
      into[p][m / 12] += t.international_arrived[static_cast<std::size_t>(m) * t.international + i];
  }
}

// Mean shortfall before temporary cover, summed over the distinct groups
// that system `model`'s flows on each pool feed, [pool][year].
std::vector<std::vector<double>> shortfall_by_pool(const NationalPlan& plan, const Model& model,
                                                   const AnnualTrajectory& annual) {
  const std::size_t pools = plan.pools.size();
  std::vector<std::vector<bool>> feeds(pools, std::vector<bool>(model.groups.size(), false));
  for (const Pipeline& p : model.pipelines)
    if (int i = pool_index(plan, p.pool); i >= 0) feeds[i][p.into] = true;
  for (const InternationalFlow& f : model.international)
    if (int i = pool_index(plan, f.pool); i >= 0) feeds[i][f.group] = true;
  std::vector<std::vector<double>> out(pools, std::vector<double>(model.years, 0.0));
  for (std::size_t p = 0; p < pools; ++p)
    for (int y = 0; y < model.years; ++y)
      for (std::size_t g = 0; g < model.groups.size(); ++g)
        if (feeds[p][g])
          out[p][y] += annual.at(index_of(Var::unmet_fte), y, static_cast<int>(g)) +
                       annual.at(index_of(Var::temporary_cover_fte), y, static_cast<int>(g));
  return out;
}

// The model of the reconciled plan: each pooled flow keeps the share of
// its arrivals that the pool allows. The share is a factor of its own, not
// folded into a rate, so that Monte Carlo draws of the rate keep it.
Model reconciled_model(const NationalPlan& plan, const Model& model,
                       const std::vector<std::vector<double>>& scale) {
  Model out = model;
  for (Pipeline& p : out.pipelines)
    if (int i = pool_index(plan, p.pool); i >= 0)
      (plan.pools[i].counts == PoolCounts::intakes ? p.pool_intake_share : p.pool_joining_share) =
          scale[i];
  for (InternationalFlow& f : out.international)
    if (int i = pool_index(plan, f.pool); i >= 0) f.pool_share = scale[i];
  return out;
}

// One plan of every system: runs them (in parallel), writes every
// replicate to the sink, and returns each system's result and deliveries.
class PlanRunner {
 public:
  PlanRunner(const NationalPlan& plan, const Alignment& alignment, int replicates, int threads,
             NationalSink& sink, const std::function<void()>& tick)
      : plan_(plan),
        alignment_(alignment),
        replicates_(replicates),
        threads_(threads),
        sink_(sink),
        tick_(tick) {}

  // Spread over ranks, this runs rank 0's systems (s % ranks == 0) and
  // takes in the results of the others as the ranks send them; on another
  // rank, serve() runs its systems instead.
  void run(int plan_index, const std::vector<Model>& models, std::vector<SystemResult>& results,
           Cube& delivered) {
    const int systems = static_cast<int>(models.size());
    start_plan(models, results, delivered);
    const int ranks = spread_ranks();
    const int round = ranks > 1 ? next_round() : 0;
    const std::vector<int> own = own_systems(systems);
    const long remote_systems = systems - static_cast<long>(own.size());
    // Messages to wait for: a summary per remote system, or every replicate.
    const long remote = summaries_by_rank ? remote_systems : remote_systems * replicates_;
    std::atomic<bool> stop{false};
    auto run_here = [&](int s) {
      run_system(plan_index, s, models[s], results[s], delivered[s], stop);
    };
    // Another rank runs each of a system's replicates in order and sends
    // them in order, so its deliveries add up in the order they would here.
    auto receive = [&] {
      ReplicateResult result;
      Trajectory monthly;
      AnnualTrajectory annual;
      std::vector<double> summary;
      const auto stopped = [&] { return stop.load(); };
      for (long k = 0; k < remote; ++k) {
        const int s = summaries_by_rank ? receive_values(round, summary, stopped)
                                        : receive_result(round, result, stopped);
        if (s < 0) return;
        if (s >= systems) throw std::runtime_error("a result arrived for no system of the plan");
        if (summaries_by_rank)
          take_summary(plan_index, s, models[s], results[s], delivered[s], summary);
        else
          take(plan_index, s, models[s], results[s], delivered[s], result, monthly, annual);
      }
    };
    for_systems(own, stop, run_here, remote > 0 ? receive : std::function<void()>{});
    if (replicates_ > 1)
      for (int s = 0; s < systems; ++s)
        if (!summaries_by_rank || std::find(own.begin(), own.end(), s) != own.end())
          summarize_system(plan_index, s, models[s], results[s]);
    for (auto& by_pool : delivered)
      for (auto& by_year : by_pool)
        for (double& v : by_year) v /= replicates_;
  }

  // Another rank's part of run(): its systems (s % ranks == rank), every
  // replicate sent to rank 0; or, summarising by rank, every replicate to
  // this rank's sink and each system's summary to rank 0.
  void serve(int plan_index, const std::vector<Model>& models) {
    const int round = next_round();
    std::atomic<bool> stop{false};
    if (summaries_by_rank) {
      const std::vector<int> own = own_systems(static_cast<int>(models.size()));
      std::vector<SystemResult> results;
      Cube delivered;
      start_plan(models, results, delivered);
      for_systems(own, stop, [&](int s) {
        run_system(plan_index, s, models[s], results[s], delivered[s], stop);
      });
      // What rank 0 needs of each system: its flag counts, its deliveries
      // summed over the replicates, and its summary (take_summary()).
      for (int s : own) {
        std::vector<double> message;
        counts_[s].append_to(message);
        for (const auto& by_year : delivered[s])
          message.insert(message.end(), by_year.begin(), by_year.end());
        summarize_into(plan_index, s, message);
        send_values(round, s, message);
      }
      flush_results();
      return;
    }
    for_systems(own_systems(static_cast<int>(models.size())), stop, [&](int s) {
      ReplicateResult result;
      ReplicateRunner runner(models[s], replicates_ > 1);
      for (int r = 0; r < replicates_ && !stop; ++r) {
        runner.run(r, result);
        send_result(round, s, result);
      }
    });
    flush_results();
  }

  Spread spread = Spread::local;
  std::vector<double> quantiles;
  // Every rank summarises the systems it runs and rank 0 receives their
  // summaries, not their replicates: for a sink that keeps the summary
  // alone, on every rank alike (serve_national).
  bool summaries_by_rank = false;

 private:
  int spread_ranks() const { return spread == Spread::ranks ? rank_count() : 1; }

  // The systems this rank runs: s % ranks == its rank.
  std::vector<int> own_systems(int systems) const {
    const int ranks = spread_ranks();
    std::vector<int> own;
    for (int s = ranks > 1 ? this_rank() : 0; s < systems; s += ranks) own.push_back(s);
    return own;
  }

  // Runs each(s) for every system s of `own` on up to threads_ threads,
  // and `receive`, where given, on one more. The first failure sets `stop`,
  // which the others watch, and is rethrown once all have returned.
  void for_systems(const std::vector<int>& own, std::atomic<bool>& stop,
                   const std::function<void(int)>& each,
                   const std::function<void()>& receive = {}) {
    std::atomic<int> next{0};
    std::exception_ptr failure;
    auto guarded = [&](const auto& f) {
      try {
        f();
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!failure) failure = std::current_exception();
        stop = true;
      }
    };
    const int count = static_cast<int>(own.size());
    const int threads = std::max(1, std::min(threads_ <= 0 ? default_threads() : threads_, count));
    run_workers(threads + (receive ? 1 : 0), [&](int w) {
      if (w == threads) return guarded(receive);
      for (int k; !stop && (k = next.fetch_add(1)) < count;) guarded([&] { each(own[k]); });
    });
    if (failure) std::rethrow_exception(failure);
  }

  // No results, deliveries or flag counts yet for any system of a plan.
  void start_plan(const std::vector<Model>& models, std::vector<SystemResult>& results,
                  Cube& delivered) {
    results.assign(models.size(), {});
    delivered.assign(models.size(),
                     std::vector<std::vector<double>>(plan_.pools.size(),
                                                      std::vector<double>(plan_.years(), 0.0)));
    counts_.clear();
    for (const Model& m : models) counts_.emplace_back(m.years, static_cast<int>(m.groups.size()));
  }

  // Every replicate of system s, in order, run here into take(); stops
  // early once another system's failure sets `stop`.
  void run_system(int plan_index, int s, const Model& model, SystemResult& out,
                  std::vector<std::vector<double>>& delivered, const std::atomic<bool>& stop) {
    ReplicateResult result;
    Trajectory monthly;
    AnnualTrajectory annual;
    ReplicateRunner runner(model, replicates_ > 1);
    for (int r = 0; r < replicates_ && !stop; ++r) {
      runner.run(r, result);
      take(plan_index, s, model, out, delivered, result, monthly, annual);
    }
  }

  // One replicate of system s, run here or sent by another rank, into the
  // system's deliveries, flag counts and the sink.
  void take(int plan_index, int s, const Model& model, SystemResult& out,
            std::vector<std::vector<double>>& delivered, const ReplicateResult& result,
            Trajectory& monthly, AnnualTrajectory& annual) {
    add_deliveries(plan_, model, result.monthly, delivered);
    scatter(alignment_, s, result.monthly, monthly);
    scatter(alignment_, s, result.annual, annual);
    if (replicates_ > 1) {
      counts_[s].add(result.flags);
    } else {
      out.annual = result.annual;
      out.flags = result.flags;
      out.share.assign(out.flags.size(), 1.0);
    }
    std::lock_guard lock(mutex_);
    sink_.write_replicate(plan_index, s, result.replicate, monthly, annual);
    if (tick_) tick_();
  }

  // Quantiles and means from the replicates as written; flags on the mean.
  void summarize_system(int plan_index, int s, const Model& model, SystemResult& out) {
    std::vector<double> summary;
    summarize_into(plan_index, s, summary);
    if (apply_summary(plan_index, s, model, out, summary, 0) != summary.size())
      throw std::logic_error("a system's summary was not read whole");
  }

  // Appends every summarised variable's quantiles and means, each with its
  // length before it, as read back from the sink.
  void summarize_into(int plan_index, int s, std::vector<double>& out) {
    std::vector<double> quantile_values, mean_values;
    for (std::size_t v = 0; v < sink_.summary_variables(); ++v) {
      summarize_by_year(
          alignment_.years, replicates_, quantiles,
          [&](int first_year) { return sink_.read_annual(plan_index, s, v, first_year); },
          quantile_values, mean_values, threads_);
      for (const std::vector<double>* part : {&quantile_values, &mean_values}) {
        out.push_back(static_cast<double>(part->size()));
        out.insert(out.end(), part->begin(), part->end());
      }
    }
  }

  // Writes the summary that summarize_into() appended at `at` to the sink,
  // and the system's mean and flags (from counts_[s]) into `out`. Returns
  // the position after it.
  std::size_t apply_summary(int plan_index, int s, const Model& model, SystemResult& out,
                            const std::vector<double>& in, std::size_t at) {
    AnnualTrajectory mean;
    mean.years = alignment_.years;
    mean.groups = alignment_.groups();
    mean.values.assign(kAnnualVarCount * mean.years * mean.groups, 0.0);
    auto next_part = [&] {
      const std::size_t n = at < in.size() ? static_cast<std::size_t>(in[at]) : in.size();
      if (in.size() - at < n + 1)
        throw std::runtime_error("a system's summary arrived damaged from another rank");
      std::vector<double> part(in.begin() + static_cast<std::ptrdiff_t>(at + 1),
                               in.begin() + static_cast<std::ptrdiff_t>(at + 1 + n));
      at += n + 1;
      return part;
    };
    for (std::size_t v = 0; v < sink_.summary_variables(); ++v) {
      const std::vector<double> quantile_values = next_part(), mean_values = next_part();
      sink_.write_summary(plan_index, s, v, quantile_values, mean_values);
      if (v < kAnnualVarCount)
        std::copy(mean_values.begin(), mean_values.end(),
                  mean.values.begin() + v * mean_values.size());
    }
    gather(alignment_, s, mean, out.annual);
    out.flags = counts_[s].rows(model, out.annual, out.share);
    return at;
  }

  // A system another rank ran and summarised (serve()): its flag counts,
  // its deliveries summed over the replicates (divided with this rank's
  // at the end of run()) and its summary, which goes to the sink.
  void take_summary(int plan_index, int s, const Model& model, SystemResult& out,
                    std::vector<std::vector<double>>& delivered, const std::vector<double>& in) {
    std::size_t at = counts_[s].read_from(in, 0);
    for (auto& by_year : delivered)
      for (double& v : by_year) {
        if (at >= in.size())
          throw std::runtime_error("a system's summary arrived damaged from another rank");
        v = in[at++];
      }
    std::lock_guard lock(mutex_);
    if (apply_summary(plan_index, s, model, out, in, at) != in.size())
      throw std::runtime_error("a system's summary arrived damaged from another rank");
    sink_.summarized_elsewhere(plan_index, s);
    if (tick_)
      for (int r = 0; r < replicates_; ++r) tick_();
  }

  const NationalPlan& plan_;
  const Alignment& alignment_;
  int replicates_, threads_;
  NationalSink& sink_;
  const std::function<void()>& tick_;
  std::mutex mutex_;
  std::vector<FlagCounts> counts_;
};

}  // namespace

PoolReport reconcile_pools(const NationalPlan& plan, const Cube& delivered, const Cube& shortfall) {
  PoolReport report;
  const int systems = static_cast<int>(plan.systems.size());
  const int pools = static_cast<int>(plan.pools.size());
  const int years = plan.years();
  std::vector<std::vector<bool>> draws(systems, std::vector<bool>(pools, false));
  for (int s = 0; s < systems; ++s) {
    for (const Pipeline& p : plan.systems[s].pipelines)
      if (int i = pool_index(plan, p.pool); i >= 0) draws[s][i] = true;
    for (const InternationalFlow& f : plan.systems[s].international)
      if (int i = pool_index(plan, f.pool); i >= 0) draws[s][i] = true;
  }
  for (int p = 0; p < pools; ++p)
    for (int s = 0; s < systems; ++s)
      if (draws[s][p]) report.claims.push_back(PoolClaim{p, s, delivered[s][p], shortfall[s][p]});

  std::vector<std::vector<double>> volumes;
  for (const SupplyPool& pool : plan.pools) volumes.push_back(pool.volume);
  report.allocation = allocate_pools(volumes, report.claims, plan.allocation);

  report.scale.assign(systems,
                      std::vector<std::vector<double>>(pools, std::vector<double>(years, 1.0)));
  for (std::size_t c = 0; c < report.claims.size(); ++c) {
    const PoolClaim& claim = report.claims[c];
    for (int y = 0; y < years; ++y) {
      // Claims that fit keep their rates exactly (no rounding from the flow).
      if (report.allocation.total_claimed[claim.pool][y] <= volumes[claim.pool][y]) continue;
      const double claimed = claim.claimed[y];
      if (claimed <= 0) continue;
      report.scale[claim.system][claim.pool][y] =
          std::clamp(report.allocation.allocated[c][y] / claimed, 0.0, 1.0);
    }
  }
  for (int p = 0; p < pools; ++p)
    for (int y = 0; y < years; ++y) {
      const double over = report.allocation.overclaim[p][y];
      if (over <= 0) continue;
      const SupplyPool& pool = plan.pools[p];
      const double volume = pool.volume[y];
      report.flags.push_back(
          PoolFlag{p, y, over, volume,
                   over > 3 * pool.tolerance * volume ? Severity::critical : Severity::warning});
    }
  // By year, then pool, as other flags are ordered by year first.
  std::stable_sort(report.flags.begin(), report.flags.end(),
                   [](const PoolFlag& a, const PoolFlag& b) { return a.year < b.year; });
  return report;
}

void serve_national(const NationalPlan& plan, const NationalRunOptions& options,
                    NationalSink* own) {
  const Alignment alignment = align_systems(plan.systems);
  NoSink none;
  const std::function<void()> no_tick;
  PlanRunner runner(plan, alignment, options.replicates > 0 ? options.replicates : plan.replicates,
                    options.threads, own ? *own : none, no_tick);
  runner.spread = Spread::ranks;
  runner.quantiles = options.quantiles;
  runner.summaries_by_rank = own != nullptr;
  const std::vector<Model> submitted = submitted_models(plan);
  runner.serve(0, submitted);
  std::vector<double> flat;
  broadcast(flat);
  const std::size_t systems = plan.systems.size(), pools = plan.pools.size();
  const auto years = static_cast<std::size_t>(plan.years());
  if (flat.size() != systems * pools * years)
    throw std::runtime_error("rank 0 shared pool shares of another shape");
  std::vector<Model> reconciled;
  for (std::size_t s = 0; s < systems; ++s) {
    std::vector<std::vector<double>> scale(pools);
    for (std::size_t p = 0; p < pools; ++p) {
      const auto from = flat.begin() + static_cast<std::ptrdiff_t>((s * pools + p) * years);
      scale[p].assign(from, from + static_cast<std::ptrdiff_t>(years));
    }
    reconciled.push_back(reconciled_model(plan, submitted[s], scale));
  }
  runner.serve(1, reconciled);
}

NationalResult run_national(const NationalPlan& plan, const NationalRunOptions& options,
                            NationalSink& sink, const std::function<void()>& tick) {
  NationalResult result;
  result.alignment = align_systems(plan.systems);
  result.replicates = options.replicates > 0 ? options.replicates : plan.replicates;
  PlanRunner runner(plan, result.alignment, result.replicates, options.threads, sink, tick);
  runner.quantiles = options.quantiles;
  runner.spread = options.spread;
  runner.summaries_by_rank = options.spread == Spread::ranks && rank_count() > 1 &&
                             (sink.summary_only() || sink.written_by_every_rank()) &&
                             result.replicates > 1;

  const std::vector<Model> submitted = submitted_models(plan);
  Cube delivered, unused;
  runner.run(0, submitted, result.systems[0], delivered);
  Cube shortfall;
  for (std::size_t s = 0; s < plan.systems.size(); ++s)
    shortfall.push_back(shortfall_by_pool(plan, plan.systems[s], result.systems[0][s].annual));
  result.pools = reconcile_pools(plan, delivered, shortfall);
  if (options.spread == Spread::ranks) {  // the other ranks reconcile their systems with it
    std::vector<double> flat;
    for (const auto& by_pool : result.pools.scale)
      for (const auto& by_year : by_pool) flat.insert(flat.end(), by_year.begin(), by_year.end());
    broadcast(flat);
  }

  std::vector<Model> reconciled;
  for (std::size_t s = 0; s < plan.systems.size(); ++s)
    reconciled.push_back(reconciled_model(plan, submitted[s], result.pools.scale[s]));
  runner.run(1, reconciled, result.systems[1], unused);

  for (int k = 0; k < kPlanCount; ++k) {
    AnnualTrajectory& total = result.national[k];
    AnnualTrajectory aligned;
    for (std::size_t s = 0; s < plan.systems.size(); ++s) {
      scatter(result.alignment, static_cast<int>(s), result.systems[k][s].annual, aligned);
      if (s == 0) {
        total = aligned;
        continue;
      }
      for (std::size_t i = 0; i < total.values.size(); ++i) total.values[i] += aligned.values[i];
      for (std::size_t i = 0; i < total.headcount_by_age.size(); ++i)
        total.headcount_by_age[i] += aligned.headcount_by_age[i];
      for (std::size_t i = 0; i < total.in_training.size(); ++i)
        total.in_training[i] += aligned.in_training[i];
    }
  }
  return result;
}

}  // namespace wfsim
