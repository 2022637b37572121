#pragma once
// Tiny models built in code, for closed-form tests of the engine. Every
// value the engine reads is set; nothing is loaded from TOML.

#include <string>

#include "engine/engine.h"
#include "model/model.h"

namespace wfsim::testing {

inline PerYear flat(const Model& m, double v) {
  return PerYear(m.years, v);
}

// A model of `years` plan years from April 2019 with `bands` age bands of
// 10 years each (one band "all" when bands == 1).
inline Model tiny_model(int years = 5, int bands = 1) {
  Model m;
  m.name = "tiny";
  m.years = years;
  m.has_age_bands = bands > 1;
  for (int a = 0; a < bands; ++a)
    m.age_bands.push_back(
        {bands > 1 ? "band_" + std::to_string(a) : "all", 20.0 + 10 * a,
         a + 1 < bands ? 30.0 + 10 * a : std::numeric_limits<double>::infinity()});
  return m;
}

// Adds a group with no leavers, no sickness, FTE 1 per head and no cost.
inline int add_group(Model& m, const std::string& id, double headcount) {
  StaffGroup g;
  g.id = g.name = id;
  g.headcount = headcount;
  g.fte_per_head = flat(m, 1.0);
  g.age_profile.assign(m.bands(), 1.0 / m.bands());
  g.joiner_age_profile = g.age_profile;
  g.leaver_rate.assign(m.years * m.bands(), 0.0);
  g.sickness_rate = flat(m, 0.0);
  g.uplift = flat(m, 0.0);
  g.funded_fte_input = flat(m, headcount);
  m.groups.push_back(g);
  m.productivity_gain.push_back(flat(m, 0.0));
  m.productivity_gain_given.push_back(true);
  return static_cast<int>(m.groups.size()) - 1;
}

// An employed route from one group into another (an apprenticeship): no
// attrition, every completer joins, trainees work in `from`.
inline Pipeline apprenticeship(const Model& m, const std::string& id, int from, int into,
                               double intake_per_year, int duration_months) {
  Pipeline p;
  p.id = id;
  p.from = from;
  p.while_training = from;
  p.into = into;
  p.intake_per_year = flat(m, intake_per_year);
  p.duration_months = duration_months;
  p.attrition_rate = flat(m, 0.0);
  p.joining_rate = flat(m, 1.0);
  p.employed = true;
  p.age_profile.assign(m.bands(), 0.0);
  p.age_profile[0] = 1.0;
  return p;
}

inline void set_leaver_rate(Model& m, int g, double rate) {
  m.groups[g].leaver_rate.assign(m.years * m.bands(), rate);
}

inline Model finalized(Model m) {
  auto problems = finalize_model(m);
  if (!problems.empty()) throw std::runtime_error(problems.front().format());
  return m;
}

struct Run {
  Model model;
  Trajectory monthly;
  AnnualTrajectory annual;
};

inline Run run(Model m) {
  Run r{finalized(std::move(m)), {}, {}};
  Engine engine(r.model);
  r.monthly.resize_for(r.model);
  engine.run(r.monthly);
  aggregate_years(r.monthly, r.annual);
  return r;
}

// A small run: two groups, two bands, a pipeline, two years.
inline Run small_run() {
  Model m = tiny_model(2, 2);
  m.name = "small";
  int a = add_group(m, "nurse", 100);
  int b = add_group(m, "hcsw", 50);
  m.groups[a].basic_pay_gbp = 30000;
  set_leaver_rate(m, a, 0.1);
  m.establishments.push_back({"ward", a, flat(m, 95.0)});
  m.pipelines.push_back(apprenticeship(m, "route", b, a, 12, 12));
  return run(m);
}

}  // namespace wfsim::testing
