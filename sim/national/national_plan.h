#pragma once
// A national run (docs/national.md): many system scenarios run side by
// side, and the supply pools they share. Built and validated by the
// scenario layer (scenario/national_load.h); immutable afterwards.

#include <string>
#include <vector>

#include "model/model.h"
#include "national/pools.h"

namespace wfsim {

// What a pool's volume counts, and so what a flow on it claims: people
// joining a system (newly qualified staff, international recruits), or
// places at the start of training (an apprenticeship route's places).
enum class PoolCounts { joiners, intakes };

// A national supply pool ([[pool]]): newly qualified nurses of a field,
// international recruits the country can bring in, apprenticeship places.
struct SupplyPool {
  std::string id;
  std::string name;  // defaults to id
  PoolCounts counts = PoolCounts::joiners;
  PerYear volume;           // people per plan year (`per_year`)
  double tolerance = 0.02;  // overclaimed_pool is critical above 3 x tolerance x volume
};

struct NationalPlan {
  std::string name;
  std::string file;  // the national file as named on the command line
  std::string text;  // its text, stored in the output
  AllocationRule allocation = AllocationRule::pro_rata;
  int replicates = 1;  // for every system; the systems' own `replicates` are not used
  std::vector<SupplyPool> pools;
  std::vector<Model> systems;  // finalized, in sorted file order; system ids unique

  int years() const { return systems.empty() ? 0 : systems.front().years; }
};

}  // namespace wfsim
