#include "solve/responses.h"

#include <algorithm>
#include <exception>

#include "engine/engine.h"
#include "engine/replicates.h"
#include "engine/workers.h"

namespace wfsim {
namespace {

// One deterministic run of `model`: the monthly values the problem needs.
struct RunValues {
  std::vector<double> effective, paid, demand, temporary;
};

void run_into(const Model& model, Trajectory& trajectory, RunValues& out) {
  Engine engine(model);
  trajectory.resize_for(model);
  engine.run(trajectory);
  const std::size_t cells = static_cast<std::size_t>(trajectory.months) * trajectory.groups;
  auto take = [&](Var v, std::vector<double>& into) {
    const double* first = trajectory.row(v, 0);
    into.assign(first, first + cells);
  };
  take(Var::effective_fte, out.effective);
  take(Var::demand_fte, out.demand);
  take(Var::temporary_cost_gbp, out.temporary);
  take(Var::pay_cost_gbp, out.paid);
  for (std::size_t c = 0; c < cells; ++c) out.paid[c] -= out.temporary[c];
}

}  // namespace

Responses measure_responses(const Model& model, const LeverPlan& point, int from_year,
                            int threads) {
  Responses r;
  r.months = model.months();
  r.groups = static_cast<int>(model.groups.size());
  r.columns = lever_years(model, from_year);
  r.point = point;
  {
    Model base = model;
    set_lever_values(base, point);
    Trajectory trajectory;
    RunValues values;
    run_into(base, trajectory, values);
    r.effective_fte = std::move(values.effective);
    r.demand_fte = std::move(values.demand);
    r.paid_gbp = std::move(values.paid);
    r.temporary_cost_gbp = std::move(values.temporary);
  }
  r.by_column.resize(r.columns.size());
  const int workers = std::clamp(threads > 0 ? threads : hardware_threads(), 1,
                                 std::max(1, static_cast<int>(r.columns.size())));
  run_workers(workers, [&](int worker) {
    Model copy = model;
    set_lever_values(copy, point);
    Trajectory trajectory;
    RunValues values;
    for (std::size_t k = worker; k < r.columns.size(); k += workers) {
      const LeverYear column = r.columns[k];
      PerYear& slot = lever_slot(copy, copy.levers[column.lever]);
      slot[column.year] += 1.0;
      run_into(copy, trajectory, values);
      slot[column.year] = point[column.lever][column.year];
      // Groups the lever does not reach run the very same arithmetic, so
      // their differences are exactly zero and are left out.
      for (std::size_t c = 0; c < values.effective.size(); ++c) {
        const double de = values.effective[c] - r.effective_fte[c];
        const double dp = values.paid[c] - r.paid_gbp[c];
        if (de != 0 || dp != 0) r.by_column[k].push_back({static_cast<int>(c), de, dp});
      }
    }
  });
  r.engine_runs = 1 + static_cast<int>(r.columns.size());
  return r;
}

}  // namespace wfsim
