#pragma once
// Systems in a national run side by side: staff groups, age bands and
// pipelines aligned by id across systems (the union, in first-seen order,
// systems taken in plan order). A system that lacks a group has zeros
// there. Trajectories are copied ("scattered") from a system's own layout
// into the aligned one, which is what the output file and the national
// totals use.

#include <string>
#include <vector>

#include "engine/trajectory.h"
#include "model/model.h"

namespace wfsim {

struct Alignment {
  int years = 0, start_year = 2019, start_month = 4;
  std::vector<std::string> group_ids, group_names, band_ids, pipeline_ids;
  bool has_age_bands = false;  // any system defines bands
  // [system][own index] -> aligned index.
  std::vector<std::vector<int>> group, band, pipeline;

  int groups() const { return static_cast<int>(group_ids.size()); }
  int bands() const { return static_cast<int>(band_ids.size()); }
  int pipelines() const { return static_cast<int>(pipeline_ids.size()); }
  // A Model holding only the aligned labels (ids, names, bands, years), for
  // printing and flag tables; it is never run.
  Model label_model() const;
};

// The systems must share start and years (the national loader checks it).
Alignment align_systems(const std::vector<Model>& systems);

// Sizes `out` for the aligned layout and copies system `s`'s values into it;
// every cell the system lacks is zero.
void scatter(const Alignment& alignment, int s, const Trajectory& own, Trajectory& out);
void scatter(const Alignment& alignment, int s, const AnnualTrajectory& own, AnnualTrajectory& out);

// The inverse for annual values: the cells of system `s`'s own groups.
void gather(const Alignment& alignment, int s, const AnnualTrajectory& aligned,
            AnnualTrajectory& own);

}  // namespace wfsim
