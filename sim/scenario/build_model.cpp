#include "scenario/build_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

namespace wfsim::scenario {
namespace {

const std::vector<std::string_view> kGroupKeys = {"id",
                                                  "name",
                                                  "headcount",
                                                  "fte_per_head",
                                                  "age_profile",
                                                  "joiner_age_profile",
                                                  "leaver_rate",
                                                  "leaver_rate_by_age",
                                                  "sickness_rate",
                                                  "sickness_profile",
                                                  "pay_system",
                                                  "band_mix",
                                                  "cost_per_fte",
                                                  "on_cost",
                                                  "funded_fte",
                                                  "pay_budget_gbp",
                                                  "productive_hours_per_fte",
                                                  "tolerance"};

constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();
// Caps that keep a mistyped value from sizing huge arrays.
constexpr std::int64_t kMaxYears = 100;
constexpr std::int64_t kMaxMonths = 1200;

std::string sum_message(double sum) {
  return fmt::format("shares sum to {:.6g}, not 1", sum);
}

class ModelBuilder {
 public:
  ModelBuilder(Reader& reader, const toml::table& doc, Model& model)
      : r_(reader), doc_(doc), m_(model) {}

  void build() {
    r_.check_keys(
        doc_, "",
        {"scenario", "system", "defaults", "age_band", "staff_group", "joiners", "international",
         "pipeline", "activity", "activity_shift", "establishment", "productivity", "skill_mix",
         "temporary_staffing", "assert", "uncertainty", "sweep", "pay", "uplift", "solve",
         "lever"});
    read_scenario();
    read_system();
    read_age_bands();
    read_pay();
    read_uplift();
    read_groups();
    read_joiners();
    read_international();
    read_pipelines();
    read_activities();
    read_activity_shifts();
    read_establishments();
    read_productivity();
    read_skill_mix();
    read_temporary_staffing();
  }

 private:
  struct Field {
    const toml::node* node = nullptr;
    std::string key;
  };

  // A group's own value for `key`, else the [defaults] one (unless the
  // group sets the other key of a pair, which then rules).
  Field field(const Element& group, std::string_view key) const {
    if (const toml::node* own = group.table->get(key))
      return {own, group.path + "." + std::string(key)};
    if (!defaults_) return {};
    static const std::vector<std::pair<std::string_view, std::string_view>> pairs = {
        {"band_mix", "cost_per_fte"},
        {"cost_per_fte", "band_mix"},
        {"funded_fte", "pay_budget_gbp"},
        {"pay_budget_gbp", "funded_fte"}};
    for (auto [a, b] : pairs)
      if (a == key && group.table->get(b)) return {};
    if (const toml::node* d = defaults_->get(key)) return {d, "defaults." + std::string(key)};
    return {};
  }

  const toml::table* section(std::string_view name) {
    return r_.table(doc_.get(name), std::string(name));
  }

  void read_scenario() {
    const toml::table* s = section("scenario");
    if (!s) {
      if (!doc_.get("scenario")) r_.missing(doc_, "scenario.name");
      return;
    }
    r_.check_keys(*s, "scenario", {"name", "start", "years", "seed", "replicates"});
    if (auto name = r_.string(s->get("name"), "scenario.name"))
      m_.name = *name;
    else if (!s->get("name"))
      r_.missing(*s, "scenario.name");
    if (const toml::node* start = s->get("start")) {
      if (auto text = r_.string(start, "scenario.start")) {
        auto digit = [](char c) { return c >= '0' && c <= '9'; };
        const bool shape = text->size() == 7 && (*text)[4] == '-' &&
                           std::all_of(text->begin(), text->begin() + 4, digit) &&
                           std::all_of(text->begin() + 5, text->end(), digit);
        const int month = shape ? std::stoi(text->substr(5)) : 0;
        if (!shape || month < 1 || month > 12) {
          r_.error(*start, "scenario.start", fmt::format("expected \"YYYY-MM\", got '{}'", *text));
        } else {
          m_.start_year = std::stoi(text->substr(0, 4));
          m_.start_month = month;
        }
      }
    }
    if (auto years = r_.integer(s->get("years"), "scenario.years", 1, kMaxYears))
      m_.years = static_cast<int>(*years);
    if (auto seed = r_.integer(s->get("seed"), "scenario.seed", 0, kNoLimit))
      m_.seed = static_cast<std::uint64_t>(*seed);
    if (auto n = r_.integer(s->get("replicates"), "scenario.replicates", 1,
                            std::numeric_limits<int>::max()))
      m_.replicates = static_cast<int>(*n);
    r_.years = m_.years;
  }

  void read_system() {
    const toml::table* s = section("system");
    if (!s) return;
    r_.check_keys(*s, "system", {"id", "name", "population"});
    if (auto id = r_.string(s->get("id"), "system.id")) {
      if (is_snake_id(*id))
        m_.system_id = *id;
      else
        r_.error(*s->get("id"), "system.id", snake_message(*id));
    }
    if (auto name = r_.string(s->get("name"), "system.name")) m_.system_name = *name;
    if (auto p = r_.number(s->get("population"), "system.population", kNonNegative))
      m_.population = *p;
  }

  static std::string snake_message(const std::string& id) {
    return fmt::format("must be lower-case snake_case ([a-z][a-z0-9_]*), got '{}'", id);
  }

  void read_age_bands() {
    auto bands = elements(r_, doc_.get("age_band"), "age_band", true);
    m_.has_age_bands = !bands.empty();
    if (bands.empty()) {
      m_.age_bands = {AgeBand{"all", 0, kInf}};
      band_ids_ = {"all"};
      return;
    }
    std::optional<double> previous_to;
    for (std::size_t i = 0; i < bands.size(); ++i) {
      const Element& e = bands[i];
      r_.check_keys(*e.table, e.path, {"id", "from", "to"});
      AgeBand band{e.id, 0, kInf};
      auto from = r_.number(e.table->get("from"), e.path + ".from", kNonNegative);
      if (!e.table->get("from")) r_.missing(*e.table, e.path + ".from");
      if (from) {
        band.from_years = *from;
        if (previous_to && *previous_to != *from)
          r_.error(*e.table->get("from"), e.path + ".from",
                   fmt::format("must equal the previous band's to ({}), got {}",
                               number_text(*previous_to), number_text(*from)));
      }
      previous_to.reset();
      if (const toml::node* to_node = e.table->get("to")) {
        if (auto to = r_.number(to_node, e.path + ".to", kNonNegative)) {
          if (from && *to <= *from)
            r_.error(*to_node, e.path + ".to",
                     fmt::format("must be greater than from ({}), got {}", number_text(*from),
                                 number_text(*to)));
          band.to_years = *to;
          previous_to = *to;
        }
      } else if (i + 1 < bands.size()) {
        r_.error(*e.table, e.path + ".to", "missing required key (only the last band may omit it)");
      }
      m_.age_bands.push_back(band);
      band_ids_.push_back(e.id);
    }
  }

  void read_pay() {
    const toml::table* pay = section("pay");
    if (!pay) return;
    r_.check_keys(*pay, "pay", {"afc"});
    const toml::table* afc = r_.table(pay->get("afc"), "pay.afc");
    if (!afc) return;
    for (auto [k, v] : in_file_order(*afc)) {
      const std::string path = "pay.afc." + std::string(k->str());
      const toml::table* band = r_.table(v, path);
      if (!band) continue;
      r_.check_keys(*band, path, {"annual_salary"});
      if (!band->get("annual_salary")) r_.missing(*band, path + ".annual_salary");
      if (auto salary =
              r_.number(band->get("annual_salary"), path + ".annual_salary", kNonNegative))
        salaries_[std::string(k->str())] = *salary;
    }
  }

  void read_uplift() {
    uplift_afc_.assign(m_.years, 0.0);
    uplift_other_.assign(m_.years, 0.0);
    const toml::table* uplift = section("uplift");
    if (!uplift) return;
    r_.check_keys(*uplift, "uplift", {"afc", "other"});
    if (auto s = r_.per_year(uplift->get("afc"), "uplift.afc", kGrowth)) uplift_afc_ = *s;
    if (auto s = r_.per_year(uplift->get("other"), "uplift.other", kGrowth)) uplift_other_ = *s;
  }

  // A table of named shares: keys must be in `names` (`what` names them in
  // messages); absent names get 0; the shares must sum to 1.
  std::optional<std::vector<double>> shares(const toml::node* node, const std::string& key,
                                            const std::vector<std::string>& names,
                                            std::string_view what) {
    const toml::table* table = r_.table(node, key);
    if (!table) return std::nullopt;
    std::vector<double> values(names.size(), 0.0);
    bool ok = true;
    double sum = 0;
    for (auto [k, v] : in_file_order(*table)) {
      const std::string path = key + "." + std::string(k->str());
      auto it = std::find(names.begin(), names.end(), k->str());
      if (it == names.end() || k->str().empty()) {
        r_.error(r_.where(k->source()), path, fmt::format("unknown {} '{}'", what, k->str()));
        ok = false;
        continue;
      }
      auto share = r_.number(v, path, kShare);
      if (!share) {
        ok = false;
        continue;
      }
      values[it - names.begin()] = *share;
      sum += *share;
    }
    if (!ok) return std::nullopt;
    if (std::abs(sum - 1) > kShareTolerance) {
      r_.error(*node, key, sum_message(sum));
      return std::nullopt;
    }
    return values;
  }

  std::optional<MonthProfile> month_profile(const toml::node* node, const std::string& key) {
    auto profile = r_.twelve(node, key, kShare);
    if (!profile) return std::nullopt;
    const double sum = std::accumulate(profile->begin(), profile->end(), 0.0);
    if (std::abs(sum - 1) > kShareTolerance) {
      r_.error(*node, key, sum_message(sum));
      return std::nullopt;
    }
    return profile;
  }

  // 12 multipliers of mean 1.
  std::optional<MonthProfile> sickness_profile(const toml::node* node, const std::string& key) {
    auto profile = r_.twelve(node, key, kNonNegative);
    if (!profile) return std::nullopt;
    const double mean = std::accumulate(profile->begin(), profile->end(), 0.0) / 12;
    if (std::abs(mean - 1) > kShareTolerance) {
      r_.error(*node, key, fmt::format("mean is {:.6g}, not 1", mean));
      return std::nullopt;
    }
    return profile;
  }

  std::vector<double> even_bands() const {
    return std::vector<double>(band_ids_.size(), 1.0 / static_cast<double>(band_ids_.size()));
  }

  void read_groups() {
    defaults_ = section("defaults");
    if (defaults_) {
      r_.check_keys(*defaults_, "defaults", kGroupKeys);
      for (std::string_view own : {"id", "name"})
        if (const toml::node* node = defaults_->get(own))
          r_.error(*node, "defaults." + std::string(own),
                   "not allowed in [defaults] (set it in each staff group)");
      if (auto t = r_.number(defaults_->get("tolerance"), "defaults.tolerance", kShare))
        m_.default_tolerance = *t;
    }
    const toml::node* node = doc_.get("staff_group");
    auto groups = elements(r_, node, "staff_group", true);
    if (groups.empty() && (!node || node->is_array()))
      r_.error(node ? *node : static_cast<const toml::node&>(doc_), "staff_group",
               "at least one staff group is required");
    for (const Element& e : groups) group_ids_.push_back(e.id);
    for (const Element& e : groups) m_.groups.push_back(read_group(e));
    // Every default is checked once where it is written, also when each
    // group sets that key itself (identical problems are reported once).
    if (defaults_) read_group(Element{defaults_, "defaults", ""}, true);
  }

  // `as_defaults`: the [defaults] table read as if it were a group, to
  // check its values; nothing is required of it.
  StaffGroup read_group(const Element& e, bool as_defaults = false) {
    const int years = m_.years, bands = static_cast<int>(band_ids_.size());
    r_.check_keys(*e.table, e.path, kGroupKeys);
    StaffGroup g;
    g.id = e.id;
    g.name = e.id;
    g.where = r_.where(*e.table);
    if (auto name = r_.string(e.table->get("name"), e.path + ".name")) g.name = *name;

    auto required = [&](std::string_view key) {
      Field f = field(e, key);
      if (!f.node && !as_defaults) r_.missing(*e.table, e.path + "." + std::string(key));
      return f;
    };
    Field f = required("headcount");
    g.headcount = r_.number(f.node, f.key, kNonNegative).value_or(0);

    f = field(e, "fte_per_head");
    g.fte_per_head = r_.per_year(f.node, f.key, kFtePerHead).value_or(PerYear(years, 1.0));

    f = field(e, "age_profile");
    g.age_profile = (f.node ? shares(f.node, f.key, band_ids_, "age band") : std::nullopt)
                        .value_or(even_bands());
    f = field(e, "joiner_age_profile");
    g.joiner_age_profile = (f.node ? shares(f.node, f.key, band_ids_, "age band") : std::nullopt)
                               .value_or(g.age_profile);

    f = required("leaver_rate");
    PerYear leaver = r_.per_year(f.node, f.key, kShare).value_or(PerYear(years, 0.0));
    g.leaver_rate.assign(static_cast<std::size_t>(years * bands), 0.0);
    for (int y = 0; y < years; ++y)
      for (int a = 0; a < bands; ++a) g.leaver_rate[y * bands + a] = leaver[y];
    f = field(e, "leaver_rate_by_age");
    if (const toml::table* by_age = r_.table(f.node, f.key)) {
      g.leaver_rate_by_age.assign(bands, false);
      for (auto [k, v] : in_file_order(*by_age)) {
        const std::string path = f.key + "." + std::string(k->str());
        auto it = std::find(band_ids_.begin(), band_ids_.end(), k->str());
        if (it == band_ids_.end()) {
          r_.error(r_.where(k->source()), path, fmt::format("unknown age band '{}'", k->str()));
          continue;
        }
        const int a = static_cast<int>(it - band_ids_.begin());
        if (auto rate = r_.per_year(v, path, kShare)) {
          g.leaver_rate_by_age[a] = true;
          for (int y = 0; y < years; ++y) g.leaver_rate[y * bands + a] = (*rate)[y];
        }
      }
    }

    f = required("sickness_rate");
    g.sickness_rate = r_.per_year(f.node, f.key, kShare).value_or(PerYear(years, 0.0));
    f = field(e, "sickness_profile");
    const toml::array* profiles = f.node ? f.node->as_array() : nullptr;
    if (profiles && !profiles->empty() && profiles->get(0)->is_array()) {
      // The per-year form: one profile of 12 for each plan year.
      if (static_cast<int>(profiles->size()) != years) {
        r_.error(*f.node, f.key,
                 fmt::format("expected {} profiles of 12 values (one per plan year), got {}", years,
                             profiles->size()));
      } else {
        std::vector<MonthProfile> by_year;
        for (int y = 0; y < years; ++y)
          if (auto p = sickness_profile(profiles->get(y), fmt::format("{}[{}]", f.key, y)))
            by_year.push_back(*p);
        if (static_cast<int>(by_year.size()) == years) g.sickness_profile_by_year = by_year;
      }
    } else if (auto profile = sickness_profile(f.node, f.key)) {
      g.sickness_profile = *profile;
    }

    f = field(e, "pay_system");
    if (auto system = r_.string(f.node, f.key)) {
      if (*system == "afc")
        g.pay_system = PaySystem::afc;
      else if (*system == "other")
        g.pay_system = PaySystem::other;
      else
        r_.error(*f.node, f.key, fmt::format("must be 'afc' or 'other', got '{}'", *system));
    }
    g.uplift = g.pay_system == PaySystem::afc ? uplift_afc_ : uplift_other_;

    Field mix = field(e, "band_mix"), cost = field(e, "cost_per_fte");
    if (mix.node && cost.node) {
      // Both set by the group itself, or both by [defaults].
      r_.error(*cost.node, cost.key, "give band_mix or cost_per_fte, not both");
    } else if (cost.node) {
      g.basic_pay_gbp = r_.number(cost.node, cost.key, kNonNegative).value_or(0);
    } else if (mix.node) {
      std::vector<std::string> band_names;
      std::vector<double> band_salaries;
      for (const auto& [name, salary] : salaries_) {
        band_names.push_back(name);
        band_salaries.push_back(salary);
      }
      if (auto s = shares(mix.node, mix.key, band_names, "pay band"))
        g.basic_pay_gbp = std::inner_product(s->begin(), s->end(), band_salaries.begin(), 0.0);
    } else if (!as_defaults) {
      r_.error(*e.table, e.path, "one of band_mix or cost_per_fte is required");
    }
    f = field(e, "on_cost");
    g.on_cost = r_.number(f.node, f.key, kShare).value_or(0);

    Field funded = field(e, "funded_fte"), budget = field(e, "pay_budget_gbp");
    if (!funded.node && !budget.node && !as_defaults)
      r_.error(*e.table, e.path, "one of funded_fte or pay_budget_gbp is required");
    g.funded_fte_input = r_.per_year(funded.node, funded.key, kNonNegative);
    g.pay_budget_gbp_input = r_.per_year(budget.node, budget.key, kNonNegative);
    if (!g.funded_fte_input && !g.pay_budget_gbp_input) g.funded_fte_input = PerYear(years, 0.0);

    f = field(e, "productive_hours_per_fte");
    g.productive_hours_per_fte =
        r_.per_year(f.node, f.key, kPositive).value_or(PerYear(years, 1650));
    f = field(e, "tolerance");
    g.tolerance = r_.number(f.node, f.key, kShare).value_or(m_.default_tolerance);
    return g;
  }

  // The optional age_profile of a flow, by age band.
  std::vector<double> flow_age_profile(const Element& e, const std::vector<double>& fallback) {
    const toml::node* node = e.table->get("age_profile");
    if (!node) return fallback;
    return shares(node, e.path + ".age_profile", band_ids_, "age band").value_or(fallback);
  }

  const std::vector<double>& joiner_profile(int group) const {
    static const std::vector<double> none;
    return group >= 0 ? m_.groups[group].joiner_age_profile : none;
  }

  int group_ref(const Element& e, std::string_view key, bool required) {
    const toml::node* node = e.table->get(key);
    if (!node) {
      if (required) r_.missing(*e.table, e.path + "." + std::string(key));
      return -1;
    }
    return r_.reference(node, e.path + "." + std::string(key), group_ids_, "staff group");
  }

  // Exactly one of two keys; returns which (0 or 1), or -1 after a problem.
  int one_of(const Element& e, std::string_view a, std::string_view b) {
    const toml::node* na = e.table->get(a);
    const toml::node* nb = e.table->get(b);
    if (na && nb) {
      r_.error(*nb, e.path + "." + std::string(b), fmt::format("give {} or {}, not both", a, b));
      return -1;
    }
    if (!na && !nb) {
      r_.error(*e.table, e.path, fmt::format("one of {} or {} is required", a, b));
      return -1;
    }
    return na ? 0 : 1;
  }

  PerYear per_year_or(const Element& e, std::string_view key, const ValueRange& range,
                      double fallback) {
    return r_.per_year(e.table->get(key), e.path + "." + std::string(key), range)
        .value_or(PerYear(m_.years, fallback));
  }

  PerYear required_per_year(const Element& e, std::string_view key, const ValueRange& range) {
    if (!e.table->get(key)) r_.missing(*e.table, e.path + "." + std::string(key));
    return per_year_or(e, key, range, 0);
  }

  MonthProfile months_or_even(const Element& e) {
    const toml::node* node = e.table->get("month_profile");
    return (node ? month_profile(node, e.path + ".month_profile") : std::nullopt)
        .value_or(kEvenMonths);
  }

  void read_joiners() {
    for (const Element& e : elements(r_, doc_.get("joiners"), "joiners", true)) {
      r_.check_keys(*e.table, e.path,
                    {"id", "group", "per_year", "rate", "age_profile", "month_profile"});
      JoinerFlow flow;
      flow.id = e.id;
      flow.group = group_ref(e, "group", true);
      const int which = one_of(e, "per_year", "rate");
      flow.by_rate = which == 1;
      flow.per_year =
          which == 0 ? per_year_or(e, "per_year", kNonNegative, 0) : PerYear(m_.years, 0.0);
      flow.rate = which == 1 ? per_year_or(e, "rate", kShare, 0) : PerYear(m_.years, 0.0);
      flow.age_profile = flow_age_profile(e, joiner_profile(flow.group));
      flow.month_profile = months_or_even(e);
      // A rate follows the stock month by month; a profile would be ignored.
      if (const toml::node* profile = e.table->get("month_profile"); profile && flow.by_rate)
        r_.error(*profile, e.path + ".month_profile", "only allowed with per_year, not rate");
      m_.joiners.push_back(std::move(flow));
    }
  }

  void read_international() {
    for (const Element& e : elements(r_, doc_.get("international"), "international", true)) {
      r_.check_keys(*e.table, e.path,
                    {"id", "group", "per_year", "lag_months", "success_rate", "age_profile",
                     "month_profile", "pool"});
      InternationalFlow flow;
      flow.id = e.id;
      flow.group = group_ref(e, "group", true);
      flow.per_year = required_per_year(e, "per_year", kNonNegative);
      flow.lag_months = static_cast<int>(
          r_.integer(e.table->get("lag_months"), e.path + ".lag_months", 0, kMaxMonths)
              .value_or(0));
      flow.success_rate = per_year_or(e, "success_rate", kShare, 1);
      flow.age_profile = flow_age_profile(e, joiner_profile(flow.group));
      flow.month_profile = months_or_even(e);
      flow.pool = pool_id(e, flow.pool_where);
      m_.international.push_back(std::move(flow));
    }
  }

  // `pool = "<id>"`: the national supply pool a flow draws on. Only a
  // national run reads it; here it need only be a well-formed id.
  std::string pool_id(const Element& e, SourceLocation& where) {
    const toml::node* node = e.table->get("pool");
    if (node) where = r_.where(*node);
    auto id = r_.string(node, e.path + ".pool");
    if (!id) return {};
    if (!is_snake_id(*id)) {
      r_.error(*node, e.path + ".pool", snake_message(*id));
      return {};
    }
    return *id;
  }

  void read_pipelines() {
    for (const Element& e : elements(r_, doc_.get("pipeline"), "pipeline", true)) {
      r_.check_keys(*e.table, e.path,
                    {"id", "from", "while_training", "into", "intake_per_year", "intake_month",
                     "duration_months", "attrition_rate", "joining_rate", "employed",
                     "productive_share", "age_profile", "pool"});
      Pipeline p;
      p.id = e.id;
      p.into = group_ref(e, "into", true);
      p.from = group_ref(e, "from", false);
      p.employed = r_.boolean(e.table->get("employed"), e.path + ".employed").value_or(false);
      if (e.table->get("while_training"))
        p.while_training = group_ref(e, "while_training", false);
      else
        p.while_training = p.from;
      if (p.employed && !e.table->get("from") && !e.table->get("while_training"))
        r_.error(
            *e.table, e.path + ".while_training",
            "missing required key (an employed pipeline without from must name while_training)");
      p.intake_per_year = required_per_year(e, "intake_per_year", kNonNegative);
      p.intake_month = static_cast<int>(
          r_.integer(e.table->get("intake_month"), e.path + ".intake_month", 1, 12).value_or(0));
      if (!e.table->get("duration_months")) r_.missing(*e.table, e.path + ".duration_months");
      p.duration_months = static_cast<int>(
          r_.integer(e.table->get("duration_months"), e.path + ".duration_months", 1, kMaxMonths)
              .value_or(1));
      p.attrition_rate = per_year_or(e, "attrition_rate", kShare, 0);
      p.joining_rate = per_year_or(e, "joining_rate", kShare, 1);
      p.productive_share = per_year_or(e, "productive_share", kShare, 1);
      // University students are not staff: these keys would be ignored.
      const toml::node* employed = e.table->get("employed");
      if (!p.employed && (!employed || employed->is_boolean()))
        for (std::string_view key : {"while_training", "productive_share"})
          if (const toml::node* node = e.table->get(key))
            r_.error(*node, e.path + "." + std::string(key), "only allowed with employed = true");
      p.age_profile = flow_age_profile(e, joiner_profile(p.into));
      p.pool = pool_id(e, p.pool_where);
      m_.pipelines.push_back(std::move(p));
    }
  }

  void read_activities() {
    auto activities = elements(r_, doc_.get("activity"), "activity", true);
    for (const Element& e : activities) activity_ids_.push_back(e.id);
    for (const Element& e : activities) {
      r_.check_keys(
          *e.table, e.path,
          {"id", "name", "per_year", "base", "growth", "month_profile", "hours_per_unit"});
      Activity a;
      a.id = e.id;
      a.name = e.id;
      a.where = r_.where(*e.table);
      if (auto name = r_.string(e.table->get("name"), e.path + ".name")) a.name = *name;
      const int which = one_of(e, "per_year", "base");
      if (which == 0) {
        a.per_year = per_year_or(e, "per_year", kNonNegative, 0);
        if (const toml::node* growth = e.table->get("growth"))
          r_.error(*growth, e.path + ".growth", "only allowed with base, not per_year");
      } else {
        a.base = r_.number(e.table->get("base"), e.path + ".base", kNonNegative).value_or(0);
      }
      a.growth = per_year_or(e, "growth", kGrowth, 0);
      a.month_profile = months_or_even(e);
      const std::string hours_key = e.path + ".hours_per_unit";
      if (const toml::table* hours = r_.table(e.table->get("hours_per_unit"), hours_key)) {
        for (auto [k, v] : in_file_order(*hours)) {
          const std::string path = hours_key + "." + std::string(k->str());
          auto it = std::find(group_ids_.begin(), group_ids_.end(), k->str());
          if (it == group_ids_.end() || k->str().empty()) {
            r_.error(r_.where(k->source()), path,
                     fmt::format("unknown staff group '{}'", k->str()));
            continue;
          }
          if (auto h = r_.number(v, path, kNonNegative))
            a.hours_per_unit.emplace_back(static_cast<int>(it - group_ids_.begin()), *h);
        }
      }
      m_.activities.push_back(std::move(a));
    }
  }

  void read_activity_shifts() {
    for (const Element& e : elements(r_, doc_.get("activity_shift"), "activity_shift", true)) {
      r_.check_keys(*e.table, e.path, {"id", "from", "to", "share"});
      ActivityShift s;
      s.id = e.id;
      for (auto [key, slot] : {std::pair{"from", &s.from}, std::pair{"to", &s.to}}) {
        const toml::node* node = e.table->get(key);
        if (!node) r_.missing(*e.table, e.path + "." + key);
        *slot = node ? r_.reference(node, e.path + "." + key, activity_ids_, "activity") : -1;
      }
      if (s.from >= 0 && s.from == s.to)
        r_.error(*e.table->get("to"), e.path + ".to", "must differ from from");
      s.share = required_per_year(e, "share", kShare);
      m_.activity_shifts.push_back(std::move(s));
    }
  }

  void read_establishments() {
    for (const Element& e : elements(r_, doc_.get("establishment"), "establishment", true)) {
      r_.check_keys(*e.table, e.path, {"id", "group", "fte"});
      Establishment est;
      est.id = e.id;
      est.group = group_ref(e, "group", true);
      est.fte = required_per_year(e, "fte", kNonNegative);
      m_.establishments.push_back(std::move(est));
    }
  }

  void read_productivity() {
    m_.productivity_gain.assign(m_.groups.size(), PerYear(m_.years, 0.0));
    // A number or a series (or no gain at all) covers every group; a table
    // only the groups it names.
    m_.productivity_gain_given.assign(m_.groups.size(), true);
    const toml::table* p = section("productivity");
    if (!p) return;
    r_.check_keys(*p, "productivity", {"gain"});
    const toml::node* gain = p->get("gain");
    if (!gain) return;
    if (const toml::table* by_group = gain->as_table()) {
      m_.productivity_gain_given.assign(m_.groups.size(), false);
      for (auto [k, v] : in_file_order(*by_group)) {
        const std::string path = "productivity.gain." + std::string(k->str());
        auto it = std::find(group_ids_.begin(), group_ids_.end(), k->str());
        if (it == group_ids_.end() || k->str().empty()) {
          r_.error(r_.where(k->source()), path, fmt::format("unknown staff group '{}'", k->str()));
          continue;
        }
        if (auto g = r_.per_year(v, path, kGain)) {
          m_.productivity_gain[it - group_ids_.begin()] = *g;
          m_.productivity_gain_given[it - group_ids_.begin()] = true;
        }
      }
    } else if (auto g = r_.per_year(gain, "productivity.gain", kGain)) {
      for (auto& per_group : m_.productivity_gain) per_group = *g;
    }
  }

  void read_skill_mix() {
    std::vector<PerYear> leaving(m_.groups.size(), PerYear(m_.years, 0.0));
    for (const Element& e : elements(r_, doc_.get("skill_mix"), "skill_mix", true)) {
      r_.check_keys(*e.table, e.path, {"id", "from", "to", "share", "ratio"});
      SkillMixEdge edge;
      edge.id = e.id;
      edge.where = r_.where(*e.table);
      edge.from = group_ref(e, "from", true);
      edge.to = group_ref(e, "to", true);
      if (edge.from >= 0 && edge.from == edge.to)
        r_.error(*e.table->get("to"), e.path + ".to", "must differ from from");
      if (!e.table->get("share")) r_.missing(*e.table, e.path + ".share");
      auto share = r_.per_year(e.table->get("share"), e.path + ".share", kShare);
      const bool share_ok = share.has_value();
      edge.share = share.value_or(PerYear(m_.years, 0.0));
      edge.ratio = per_year_or(e, "ratio", kNonNegative, 1);
      if (share_ok && edge.from >= 0) {
        for (int y = 0; y < m_.years; ++y) {
          leaving[edge.from][y] += edge.share[y];
          if (leaving[edge.from][y] > 1 + kShareTolerance) {
            r_.error(*e.table->get("share"), e.path + ".share",
                     fmt::format("shares leaving '{}' sum to {:.6g} in {}, more than 1",
                                 group_ids_[edge.from], leaving[edge.from][y], m_.year_label(y)));
            break;
          }
        }
      }
      m_.skill_mix.push_back(std::move(edge));
    }
  }

  void read_temporary_staffing() {
    const toml::table* t = section("temporary_staffing");
    if (!t) return;
    r_.check_keys(*t, "temporary_staffing",
                  {"max_cover", "bank_share", "bank_premium", "agency_premium"});
    TemporaryStaffing& ts = m_.temporary_staffing;
    ts.enabled = true;
    for (auto [key, slot, range] :
         {std::tuple{"max_cover", &ts.max_cover, kShare},
          std::tuple{"bank_share", &ts.bank_share, kShare},
          std::tuple{"bank_premium", &ts.bank_premium, kNonNegative},
          std::tuple{"agency_premium", &ts.agency_premium, kNonNegative}}) {
      const std::string path = std::string("temporary_staffing.") + key;
      if (!t->get(key)) r_.missing(*t, path);
      *slot = r_.per_year(t->get(key), path, range).value_or(PerYear(m_.years, 0.0));
    }
  }

  Reader& r_;
  const toml::table& doc_;
  Model& m_;
  const toml::table* defaults_ = nullptr;
  std::vector<std::string> band_ids_, group_ids_, activity_ids_;
  std::map<std::string, double> salaries_;
  PerYear uplift_afc_, uplift_other_;
};

}  // namespace

std::vector<Element> elements(Reader& reader, const toml::node* node, const std::string& name,
                              bool with_id) {
  std::vector<Element> out;
  if (!node) return out;
  const toml::array* array = node->as_array();
  if (!array) {
    reader.error(
        *node, name,
        fmt::format("expected an array of tables ([[{}]]), got {}", name, type_name(*node)));
    return out;
  }
  std::map<std::string, const toml::node*> seen;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string indexed = fmt::format("{}[{}]", name, i);
    const toml::table* table = reader.table(array->get(i), indexed);
    if (!table) continue;
    Element e{table, indexed, ""};
    if (with_id) {
      const toml::node* id_node = table->get("id");
      if (!id_node) {
        reader.missing(*table, indexed + ".id");
      } else if (auto id = reader.string(id_node, indexed + ".id")) {
        if (!is_snake_id(*id))
          reader.error(
              *id_node, indexed + ".id",
              fmt::format("must be lower-case snake_case ([a-z][a-z0-9_]*), got '{}'", *id));
        else if (auto [first, fresh] = seen.emplace(*id, id_node); !fresh)
          reader.error(*id_node, indexed + ".id",
                       repeated_id_message("id", *id, reader.where(*first->second)));
        else
          e = Element{table, name + "." + *id, *id};
      }
    }
    out.push_back(e);
  }
  return out;
}

void build_model(Reader& reader, const toml::table& document, Model& model) {
  ModelBuilder(reader, document, model).build();
}

}  // namespace wfsim::scenario
