#pragma once
// Where each integer-flow draw of the engine happens (random.h): one site
// per flow and element, and per age band (or cohort slot) where the flow
// is drawn per band. Sites are hashed from ids only, so adding or removing
// another group, flow or pipeline leaves every other site as it was.
// Indexed like the engine's own arrays; built once per Engine.

#include <cstdint>
#include <vector>

#include "model/model.h"

namespace wfsim {

struct DrawSites {
  explicit DrawSites(const Model& model);

  std::vector<std::uint64_t> leavers, ageing;  // [group * bands + band]
  std::vector<std::uint64_t> intake;           // [pipeline]
  // An internal route's split of its intake over its group's bands,
  // [pipeline * bands + band].
  std::vector<std::uint64_t> route;
  std::vector<std::vector<std::uint64_t>> attrition;  // [pipeline][slot of the cohort ring]
  std::vector<std::uint64_t> joining, joining_bands;  // [pipeline], [pipeline * bands + band]
  std::vector<std::uint64_t> joiners, joiner_bands;   // [joiner flow], [flow * bands + band]
  std::vector<std::uint64_t> committed, success;      // [international flow]
  std::vector<std::uint64_t> international_bands;     // [flow * bands + band]
};

}  // namespace wfsim
