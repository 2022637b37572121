#include "solve/levers.h"

namespace wfsim {

const PerYear& lever_slot(const Model& model, const Lever& lever) {
  switch (lever.kind) {
    case LeverKind::international:
      return model.international[lever.index].per_year;
    case LeverKind::pipeline:
      return model.pipelines[lever.index].intake_per_year;
    case LeverKind::joiners:
      break;
  }
  return model.joiners[lever.index].per_year;
}

PerYear& lever_slot(Model& model, const Lever& lever) {
  return const_cast<PerYear&>(lever_slot(static_cast<const Model&>(model), lever));
}

LeverPlan plan_values(const Model& model) {
  LeverPlan values;
  for (const Lever& lever : model.levers) values.push_back(lever_slot(model, lever));
  return values;
}

void set_lever_values(Model& model, const LeverPlan& values) {
  for (std::size_t j = 0; j < model.levers.size(); ++j)
    lever_slot(model, model.levers[j]) = values[j];
}

std::vector<LeverYear> lever_years(const Model& model, int from_year) {
  std::vector<LeverYear> columns;
  for (std::size_t j = 0; j < model.levers.size(); ++j)
    for (int y = from_year; y < model.years; ++y) columns.push_back({static_cast<int>(j), y});
  return columns;
}

}  // namespace wfsim
