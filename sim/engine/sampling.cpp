#include "engine/sampling.h"

#include <fmt/format.h>

#include <boost/random/beta_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <stdexcept>

#include "engine/random.h"
#include "model/targets.h"

namespace wfsim {
namespace {

// Redraws a truncated normal this many times before settling on the bound.
constexpr int kMaxRedraws = 1000;

double draw(const UncertainParameter& u, const ValueRange& range, RandomEngine& rng) {
  switch (u.dist) {
    case Distribution::normal: {
      boost::random::normal_distribution<double> normal(u.p1, u.p2);
      for (int i = 0; i < kMaxRedraws; ++i)
        if (double v = normal(rng); range.contains(v)) return v;
      return range.clamp(u.p1);
    }
    case Distribution::uniform:
      return boost::random::uniform_real_distribution<double>(u.p1, u.p2)(rng);
    case Distribution::triangular:
      return boost::random::triangle_distribution<double>(u.p1, u.p2, u.p3)(rng);
    case Distribution::beta:
      return boost::random::beta_distribution<double>(u.p1, u.p2)(rng);
    case Distribution::lognormal:  // a multiplier with median p1
      return u.p1 * std::exp(u.p2 * boost::random::normal_distribution<double>(0, 1)(rng));
  }
  return 0;
}

TargetSlots slots_of(Model& model, const std::string& target) {
  auto slots = resolve_target(model, target);
  // The scenario layer checked every target; failing here is a bug.
  if (!slots) throw std::logic_error("unresolvable target " + target);
  return *slots;
}

}  // namespace

ParameterSampler::ParameterSampler(Model& model) : model_(model) {
  for (const UncertainParameter& u : model.uncertainty) {
    Target& t =
        targets_.emplace_back(Target{&u, stream_id(u.target), slots_of(model, u.target), {}});
    for (const auto& year : t.slots.by_year)
      for (const double* slot : year) t.planned.push_back(*slot);
  }
}

void ParameterSampler::sample(std::uint64_t replicate) {
  // Every slot back to its planned value first: two parameters may share
  // slots (productivity.gain and productivity.gain.<group>), and a
  // lognormal multiplies whatever the parameters before it left there.
  for (Target& t : targets_) {
    const double* planned = t.planned.data();
    for (const auto& year : t.slots.by_year)
      for (double* slot : year) *slot = *planned++;
  }
  for (Target& t : targets_) {
    const UncertainParameter& u = *t.parameter;
    RandomEngine rng = make_stream(model_.seed, replicate, t.stream);
    double value = draw(u, t.slots.range, rng);
    for (std::size_t y = 0; y < t.slots.by_year.size(); ++y) {
      if (u.per_year && y > 0) value = draw(u, t.slots.range, rng);
      for (double* slot : t.slots.by_year[y])
        *slot = t.slots.range.clamp(u.dist == Distribution::lognormal ? *slot * value : value);
    }
  }
  derive_values(model_);
}

Model sample_model(const Model& base, std::uint64_t replicate) {
  Model model = base;
  ParameterSampler(model).sample(replicate);
  return model;
}

void apply_sweep_point(Model& model, const SweepPoint& point) {
  for (const auto& [target, value] : point)
    for (auto& year : slots_of(model, target).by_year)
      for (double* slot : year) *slot = value;
}

Model variant_model(const Model& base, const SweepPoint& point) {
  Model variant = base;
  apply_sweep_point(variant, point);
  finalize_model(variant);
  return variant;
}

std::string sweep_label(const SweepPoint& point) {
  std::string text;
  for (const auto& [target, value] : point)
    text += fmt::format("{}{} = {}", text.empty() ? "" : ", ", target, value);
  return text;
}

std::vector<SweepPoint> sweep_points(const Model& model) {
  std::vector<SweepPoint> points{{}};
  for (const Sweep& sweep : model.sweeps) {
    std::vector<SweepPoint> next;
    for (const SweepPoint& point : points)
      for (double v : sweep.values) {
        next.push_back(point);
        next.back().emplace_back(sweep.target, v);
      }
    points = std::move(next);
  }
  return points;
}

}  // namespace wfsim
