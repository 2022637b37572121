#include "national/alignment.h"

#include <algorithm>

namespace wfsim {
namespace {

// The index of `id` in `ids`, appending it when new.
int intern(std::vector<std::string>& ids, const std::string& id) {
  auto it = std::find(ids.begin(), ids.end(), id);
  if (it != ids.end()) return static_cast<int>(it - ids.begin());
  ids.push_back(id);
  return static_cast<int>(ids.size()) - 1;
}

}  // namespace

Alignment align_systems(const std::vector<Model>& systems) {
  Alignment a;
  if (!systems.empty()) {
    a.years = systems.front().years;
    a.start_year = systems.front().start_year;
    a.start_month = systems.front().start_month;
  }
  for (const Model& m : systems) {
    a.has_age_bands = a.has_age_bands || m.has_age_bands;
    auto& groups = a.group.emplace_back();
    for (const StaffGroup& g : m.groups) {
      const int i = intern(a.group_ids, g.id);
      if (i == static_cast<int>(a.group_names.size())) a.group_names.push_back(g.name);
      groups.push_back(i);
    }
    auto& bands = a.band.emplace_back();
    for (const AgeBand& b : m.age_bands) bands.push_back(intern(a.band_ids, b.id));
    auto& pipelines = a.pipeline.emplace_back();
    for (const Pipeline& p : m.pipelines) pipelines.push_back(intern(a.pipeline_ids, p.id));
  }
  return a;
}

Model Alignment::label_model() const {
  Model m;
  m.years = years;
  m.start_year = start_year;
  m.start_month = start_month;
  m.has_age_bands = has_age_bands;
  for (const auto& id : band_ids) m.age_bands.push_back(AgeBand{id});
  for (int g = 0; g < groups(); ++g) {
    StaffGroup labelled;
    labelled.id = group_ids[g];
    labelled.name = group_names[g];
    m.groups.push_back(std::move(labelled));
  }
  for (const auto& id : pipeline_ids) {
    Pipeline p;
    p.id = id;
    m.pipelines.push_back(std::move(p));
  }
  return m;
}

void scatter(const Alignment& a, int s, const Trajectory& own, Trajectory& out) {
  out.resize(own.months, a.groups(), a.bands(), a.pipelines(), 0);
  std::fill(out.monthly.begin(), out.monthly.end(), 0.0);
  std::fill(out.headcount_by_age.begin(), out.headcount_by_age.end(), 0.0);
  std::fill(out.in_training.begin(), out.in_training.end(), 0.0);
  const auto& groups = a.group[s];
  const auto& bands = a.band[s];
  const auto& pipelines = a.pipeline[s];
  for (std::size_t v = 0; v < kMonthlyVarCount; ++v)
    for (int m = 0; m < own.months; ++m) {
      const double* from = own.row(static_cast<Var>(v), m);
      double* to = out.row(static_cast<Var>(v), m);
      for (int g = 0; g < own.groups; ++g) to[groups[g]] = from[g];
    }
  for (int m = 0; m < own.months; ++m) {
    for (int g = 0; g < own.groups; ++g)
      for (int b = 0; b < own.bands; ++b)
        out.headcount_by_age[(static_cast<std::size_t>(m) * out.groups + groups[g]) * out.bands +
                             bands[b]] =
            own.headcount_by_age[(static_cast<std::size_t>(m) * own.groups + g) * own.bands + b];
    for (int p = 0; p < own.pipelines; ++p)
      out.in_training[static_cast<std::size_t>(m) * out.pipelines + pipelines[p]] =
          own.in_training[static_cast<std::size_t>(m) * own.pipelines + p];
  }
}

void scatter(const Alignment& a, int s, const AnnualTrajectory& own, AnnualTrajectory& out) {
  out.years = own.years;
  out.groups = a.groups();
  out.bands = a.bands();
  out.pipelines = a.pipelines();
  out.values.assign(kAnnualVarCount * out.years * out.groups, 0.0);
  out.headcount_by_age.assign(static_cast<std::size_t>(out.years) * out.groups * out.bands, 0.0);
  out.in_training.assign(static_cast<std::size_t>(out.years) * out.pipelines, 0.0);
  const auto& groups = a.group[s];
  const auto& bands = a.band[s];
  const auto& pipelines = a.pipeline[s];
  for (std::size_t v = 0; v < kAnnualVarCount; ++v)
    for (int y = 0; y < own.years; ++y)
      for (int g = 0; g < own.groups; ++g) out.at(v, y, groups[g]) = own.at(v, y, g);
  for (int y = 0; y < own.years; ++y) {
    if (!own.headcount_by_age.empty())
      for (int g = 0; g < own.groups; ++g)
        for (int b = 0; b < own.bands; ++b)
          out.headcount_by_age[(static_cast<std::size_t>(y) * out.groups + groups[g]) * out.bands +
                               bands[b]] =
              own.headcount_by_age[(static_cast<std::size_t>(y) * own.groups + g) * own.bands + b];
    if (!own.in_training.empty())
      for (int p = 0; p < own.pipelines; ++p)
        out.in_training[static_cast<std::size_t>(y) * out.pipelines + pipelines[p]] =
            own.in_training[static_cast<std::size_t>(y) * own.pipelines + p];
  }
}

void gather(const Alignment& a, int s, const AnnualTrajectory& aligned, AnnualTrajectory& own) {
  const auto& groups = a.group[s];
  own.years = aligned.years;
  own.groups = static_cast<int>(groups.size());
  own.bands = 0;
  own.pipelines = 0;
  own.values.assign(kAnnualVarCount * own.years * own.groups, 0.0);
  own.headcount_by_age.clear();
  own.in_training.clear();
  for (std::size_t v = 0; v < kAnnualVarCount; ++v)
    for (int y = 0; y < own.years; ++y)
      for (int g = 0; g < own.groups; ++g) own.at(v, y, g) = aligned.at(v, y, groups[g]);
}

}  // namespace wfsim
