#include "model/targets.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace wfsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr ValueRange kShare{0, 1};
constexpr ValueRange kVolume{0, kInf};
constexpr ValueRange kGrowth{-1, kInf, true, false};
constexpr ValueRange kGain{-kInf, 1, false, true};
constexpr ValueRange kFtePerHead{0, 1, true, false};
constexpr ValueRange kPositive{0, kInf, true, false};

// The keys of [temporary_staffing], each per year, and their ranges.
constexpr std::pair<std::string_view, ValueRange> kTemporaryKeys[] = {{"max_cover", kShare},
                                                                      {"bank_share", kShare},
                                                                      {"bank_premium", kVolume},
                                                                      {"agency_premium", kVolume}};

PerYear& temporary_value(TemporaryStaffing& t, std::string_view key) {
  if (key == "max_cover") return t.max_cover;
  if (key == "bank_share") return t.bank_share;
  if (key == "bank_premium") return t.bank_premium;
  return t.agency_premium;
}

// Slots of a PerYear vector, one per year.
TargetSlots per_year(PerYear& values, ValueRange range) {
  TargetSlots slots{{}, range};
  for (double& v : values) slots.by_year.push_back({&v});
  return slots;
}

// One value that every year shares: a single slot, written once.
TargetSlots scalar(double& value, ValueRange range) {
  return TargetSlots{{{&value}}, range, true};
}

template <class T>
T* find(std::vector<T>& items, std::string_view id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
  return it == items.end() ? nullptr : &*it;
}

std::optional<TargetSlots> staff_group_target(Model& m, StaffGroup& g, std::string_view key) {
  if (key == "leaver_rate") {
    TargetSlots slots{std::vector<std::vector<double*>>(m.years), kShare};
    for (int y = 0; y < m.years; ++y)
      for (int a = 0; a < m.bands(); ++a)
        if (g.leaver_rate_by_age.empty() || !g.leaver_rate_by_age[a])
          slots.by_year[y].push_back(&g.leaver_rate[y * m.bands() + a]);
    return slots;
  }
  constexpr std::string_view by_age = "leaver_rate_by_age.";
  if (key.substr(0, by_age.size()) == by_age) {
    const std::string_view band = key.substr(by_age.size());
    for (int a = 0; a < m.bands(); ++a) {
      if (m.age_bands[a].id != band) continue;
      if (g.leaver_rate_by_age.empty() || !g.leaver_rate_by_age[a]) return std::nullopt;
      TargetSlots slots{std::vector<std::vector<double*>>(m.years), kShare};
      for (int y = 0; y < m.years; ++y)
        slots.by_year[y].push_back(&g.leaver_rate[y * m.bands() + a]);
      return slots;
    }
    return std::nullopt;
  }
  if (key == "sickness_rate") return per_year(g.sickness_rate, kShare);
  if (key == "fte_per_head") return per_year(g.fte_per_head, kFtePerHead);
  if (key == "headcount") return scalar(g.headcount, kVolume);
  if (key == "productive_hours_per_fte") return per_year(g.productive_hours_per_fte, kPositive);
  if (key == "funded_fte" && g.funded_fte_input) return per_year(*g.funded_fte_input, kVolume);
  if (key == "pay_budget_gbp" && g.pay_budget_gbp_input)
    return per_year(*g.pay_budget_gbp_input, kVolume);
  return std::nullopt;
}

}  // namespace

double ValueRange::clamp(double v) const {
  // Open ends: the nearest representable value inside.
  const double lo = low_open ? std::nextafter(low, kInf) : low;
  const double hi = high_open ? std::nextafter(high, -kInf) : high;
  return std::clamp(v, lo, hi);
}

const std::vector<std::pair<std::string, std::vector<std::string>>>& target_keys() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> keys = {
      {"staff_group",
       {"leaver_rate", "leaver_rate_by_age.<band>", "sickness_rate", "fte_per_head", "headcount",
        "funded_fte", "pay_budget_gbp", "productive_hours_per_fte"}},
      {"joiners", {"per_year", "rate"}},
      {"international", {"per_year", "success_rate"}},
      {"pipeline", {"intake_per_year", "attrition_rate", "joining_rate", "productive_share"}},
      {"activity", {"per_year", "base", "growth"}},
      {"activity_shift", {"share"}},
      {"establishment", {"fte"}},
      {"skill_mix", {"share", "ratio"}},
      {"productivity", {"gain", "gain.<group>"}},
      {"temporary_staffing", {"max_cover", "bank_share", "bank_premium", "agency_premium"}},
  };
  return keys;
}

std::optional<TargetSlots> resolve_target(Model& m, std::string_view target) {
  constexpr std::string_view gain = "productivity.gain";
  if (target.substr(0, gain.size()) == gain) {
    const std::string_view rest = target.substr(gain.size());
    if (!rest.empty() && (rest[0] != '.' || rest.size() == 1)) return std::nullopt;
    const std::string_view group = rest.empty() ? rest : rest.substr(1);
    TargetSlots slots{std::vector<std::vector<double*>>(m.years), kGain};
    bool any = false;
    for (std::size_t g = 0; g < m.groups.size() && g < m.productivity_gain.size(); ++g) {
      const bool given = g < m.productivity_gain_given.size() && m.productivity_gain_given[g];
      if (!given || (!group.empty() && m.groups[g].id != group)) continue;
      any = true;
      for (int y = 0; y < m.years; ++y) slots.by_year[y].push_back(&m.productivity_gain[g][y]);
    }
    if (!any) return std::nullopt;
    return slots;
  }
  constexpr std::string_view temporary = "temporary_staffing.";
  if (target.substr(0, temporary.size()) == temporary) {
    const std::string_view key = target.substr(temporary.size());
    if (!m.temporary_staffing.enabled) return std::nullopt;
    for (const auto& [name, range] : kTemporaryKeys)
      if (key == name) return per_year(temporary_value(m.temporary_staffing, key), range);
    return std::nullopt;
  }
  // kind.id.key, where ids hold no dots and only leaver_rate_by_age.<band> does.
  const auto first = target.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = target.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view kind = target.substr(0, first);
  const std::string_view id = target.substr(first + 1, second - first - 1);
  const std::string_view key = target.substr(second + 1);

  if (kind == "staff_group") {
    if (auto* g = find(m.groups, id)) return staff_group_target(m, *g, key);
  } else if (kind == "joiners") {
    if (auto* f = find(m.joiners, id)) {
      if (key == "per_year" && !f->by_rate) return per_year(f->per_year, kVolume);
      if (key == "rate" && f->by_rate) return per_year(f->rate, kShare);
    }
  } else if (kind == "international") {
    if (auto* f = find(m.international, id)) {
      if (key == "per_year") return per_year(f->per_year, kVolume);
      if (key == "success_rate") return per_year(f->success_rate, kShare);
    }
  } else if (kind == "pipeline") {
    if (auto* p = find(m.pipelines, id)) {
      if (key == "intake_per_year") return per_year(p->intake_per_year, kVolume);
      if (key == "attrition_rate") return per_year(p->attrition_rate, kShare);
      if (key == "joining_rate") return per_year(p->joining_rate, kShare);
      if (key == "productive_share" && p->employed) return per_year(p->productive_share, kShare);
    }
  } else if (kind == "activity") {
    if (auto* a = find(m.activities, id)) {
      if (key == "per_year" && a->per_year) return per_year(*a->per_year, kVolume);
      if (key == "base" && !a->per_year) return scalar(a->base, kVolume);
      if (key == "growth" && !a->per_year) return per_year(a->growth, kGrowth);
    }
  } else if (kind == "activity_shift") {
    if (auto* s = find(m.activity_shifts, id); s && key == "share")
      return per_year(s->share, kShare);
  } else if (kind == "establishment") {
    if (auto* e = find(m.establishments, id); e && key == "fte") return per_year(e->fte, kVolume);
  } else if (kind == "skill_mix") {
    if (auto* e = find(m.skill_mix, id)) {
      if (key == "share") return per_year(e->share, kShare);
      if (key == "ratio") return per_year(e->ratio, kVolume);
    }
  }
  return std::nullopt;
}

}  // namespace wfsim
