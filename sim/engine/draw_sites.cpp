#include "engine/draw_sites.h"

#include <string>

#include "engine/random.h"

namespace wfsim {
namespace {

// Appends the site of (kind, id, band) for every age band.
void add_per_band(std::vector<std::uint64_t>& out, const Model& model, std::string_view kind,
                  std::string_view id) {
  const std::uint64_t prefix = draw_site_prefix(kind, id);
  for (const AgeBand& band : model.age_bands) out.push_back(draw_site(prefix, band.id));
}

}  // namespace

DrawSites::DrawSites(const Model& model) {
  for (const StaffGroup& g : model.groups) {
    add_per_band(leavers, model, "leavers", g.id);
    add_per_band(ageing, model, "ageing", g.id);
  }
  for (const Pipeline& p : model.pipelines) {
    intake.push_back(draw_site("intake", p.id));
    add_per_band(route, model, "route", p.id);
    // A cohort is keyed by its slot, that is by its intake month modulo the
    // duration, which no other pipeline's change can move.
    auto& slots = attrition.emplace_back();
    const std::uint64_t prefix = draw_site_prefix("attrition", p.id);
    for (int s = 0; s < p.duration_months; ++s)
      slots.push_back(draw_site(prefix, std::to_string(s)));
    joining.push_back(draw_site("joining", p.id));
    add_per_band(joining_bands, model, "joining_bands", p.id);
  }
  for (const JoinerFlow& f : model.joiners) {
    joiners.push_back(draw_site("joiners", f.id));
    add_per_band(joiner_bands, model, "joiner_bands", f.id);
  }
  for (const InternationalFlow& f : model.international) {
    committed.push_back(draw_site("committed", f.id));
    success.push_back(draw_site("success", f.id));
    add_per_band(international_bands, model, "international_bands", f.id);
  }
}

}  // namespace wfsim
