#include "scenario/national_load.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "scenario/build_model.h"
#include "scenario/layering.h"
#include "scenario/load.h"
#include "scenario/reader.h"

namespace wfsim {
namespace {

namespace fs = std::filesystem;
using scenario::Element;
using scenario::Reader;

constexpr std::int64_t kMaxReplicates = 1'000'000;

bool has_wildcard(std::string_view text) {
  return text.find_first_of("*?[") != std::string_view::npos;
}

// The files a `systems` entry names, relative to the national file's
// directory, as paths for messages ("scenarios/national/systems/a.toml").
// Wildcards (*, ?, [...]) may appear in the file name only.
std::vector<std::string> expand(const fs::path& base, const std::string& pattern) {
  const fs::path written(pattern);
  const fs::path directory = (base / written.parent_path()).lexically_normal();
  const std::string name = written.filename().string();
  std::vector<std::string> out;
  if (!has_wildcard(name)) {
    std::error_code ec;
    const fs::path file = (base / written).lexically_normal();
    if (fs::is_regular_file(file, ec)) out.push_back(file.generic_string());
    return out;
  }
  std::error_code ec;
  for (fs::directory_iterator it(directory.empty() ? fs::path(".") : directory, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string candidate = it->path().filename().string();
    if (fnmatch(name.c_str(), candidate.c_str(), FNM_PERIOD) == 0)
      out.push_back((directory / candidate).lexically_normal().generic_string());
  }
  return out;
}

std::string start_text(const Model& m) {
  return fmt::format("{}-{:02d}", m.start_year, m.start_month);
}

class NationalBuilder {
 public:
  NationalBuilder(Reader& reader, Diagnostics& out, const toml::table& doc, NationalPlan& plan)
      : r_(reader), out_(out), doc_(doc), plan_(plan) {}

  void build() {
    r_.check_keys(doc_, "", {"national", "pool"});
    const toml::table* national = r_.table(doc_.get("national"), "national");
    if (!national) return;  // is_national_file() saw one, so it is the wrong type
    r_.check_keys(*national, "national", {"name", "systems", "allocation", "replicates"});
    if (!national->get("name")) r_.missing(*national, "national.name");
    if (auto name = r_.string(national->get("name"), "national.name")) plan_.name = *name;
    read_allocation(*national);
    if (auto n = r_.integer(national->get("replicates"), "national.replicates", 1, kMaxReplicates))
      plan_.replicates = static_cast<int>(*n);
    read_systems(*national);
    r_.years = plan_.systems.empty() ? 5 : plan_.systems.front().years;
    read_pools();
    check_pool_references();
  }

 private:
  void read_allocation(const toml::table& national) {
    const toml::node* node = national.get("allocation");
    auto rule = r_.string(node, "national.allocation");
    if (!rule) return;
    if (*rule == "pro_rata")
      plan_.allocation = AllocationRule::pro_rata;
    else if (*rule == "unmet_demand")
      plan_.allocation = AllocationRule::unmet_demand;
    else
      r_.error(*node, "national.allocation",
               fmt::format("must be \"pro_rata\" or \"unmet_demand\", got \"{}\"", *rule));
  }

  void read_systems(const toml::table& national) {
    const toml::node* node = national.get("systems");
    if (!node) {
      r_.missing(national, "national.systems");
      return;
    }
    const toml::array* list = node->as_array();
    if (!list) {
      r_.error(*node, "national.systems",
               "expected an array of file names or globs, got " + scenario::type_name(*node));
      return;
    }
    if (list->empty()) {
      r_.error(*node, "national.systems", "must list at least one system file");
      return;
    }
    const fs::path base = fs::path(plan_.file).parent_path();
    std::set<std::string> files;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string key = fmt::format("national.systems[{}]", i);
      auto pattern = r_.string(list->get(i), key);
      if (!pattern) continue;
      if (has_wildcard(fs::path(*pattern).parent_path().string())) {
        r_.error(*list->get(i), key,
                 fmt::format("wildcards are allowed in the file name only, got '{}'", *pattern));
        continue;
      }
      const auto matched = expand(base, *pattern);
      if (matched.empty())
        r_.error(*list->get(i), key, fmt::format("no system files match '{}'", *pattern));
      files.insert(matched.begin(), matched.end());
    }

    std::vector<std::string> loaded_files;
    for (const std::string& file : files) {
      LoadResult loaded = load_scenario(file);
      out_.insert(out_.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
      if (!loaded.ok()) continue;
      plan_.systems.push_back(std::move(*loaded.model));
      loaded_files.push_back(file);
    }
    check_systems(*node, loaded_files);
  }

  // Ids name systems in the output; one plan horizon for all.
  void check_systems(const toml::node& at, const std::vector<std::string>& files) {
    std::map<std::string, std::string> seen;  // id -> file
    for (std::size_t s = 0; s < plan_.systems.size(); ++s) {
      const Model& m = plan_.systems[s];
      if (m.system_id.empty()) {
        r_.error(
            at, "national.systems",
            fmt::format("{}: no [system] id (a national run names each system by it)", files[s]));
      } else if (auto [it, fresh] = seen.emplace(m.system_id, files[s]); !fresh) {
        r_.error(at, "national.systems",
                 fmt::format("{}: duplicate system id '{}' (also in {})", files[s], m.system_id,
                             it->second));
      }
      const Model& first = plan_.systems.front();
      if (m.years != first.years)
        r_.error(at, "national.systems",
                 fmt::format("{}: years = {}, but {} has years = {} (every system must cover the "
                             "same plan years)",
                             files[s], m.years, files[0], first.years));
      if (m.start_year != first.start_year || m.start_month != first.start_month)
        r_.error(at, "national.systems",
                 fmt::format("{}: start = \"{}\", but {} has start = \"{}\" (every system must "
                             "cover the same plan years)",
                             files[s], start_text(m), files[0], start_text(first)));
    }
  }

  void read_pools() {
    for (const Element& e : scenario::elements(r_, doc_.get("pool"), "pool", true)) {
      r_.check_keys(*e.table, e.path, {"id", "name", "counts", "per_year", "tolerance"});
      SupplyPool pool;
      pool.id = e.id;
      pool.name = r_.string(e.table->get("name"), e.path + ".name").value_or(e.id);
      if (auto counts = r_.string(e.table->get("counts"), e.path + ".counts")) {
        if (*counts == "intakes")
          pool.counts = PoolCounts::intakes;
        else if (*counts != "joiners")
          r_.error(*e.table->get("counts"), e.path + ".counts",
                   fmt::format("must be \"joiners\" or \"intakes\", got \"{}\"", *counts));
      }
      if (!e.table->get("per_year")) r_.missing(*e.table, e.path + ".per_year");
      pool.volume =
          r_.per_year(e.table->get("per_year"), e.path + ".per_year", scenario::kNonNegative)
              .value_or(PerYear(r_.years, 0.0));
      pool.tolerance = r_.number(e.table->get("tolerance"), e.path + ".tolerance", scenario::kShare)
                           .value_or(0.02);
      plan_.pools.push_back(std::move(pool));
    }
  }

  void check_pool_references() {
    std::map<std::string, PoolCounts> ids;
    for (const SupplyPool& p : plan_.pools) ids[p.id] = p.counts;
    auto check = [&](const std::string& kind, const std::string& id, const std::string& pool,
                     const SourceLocation& at) {
      if (pool.empty()) return;
      auto it = ids.find(pool);
      if (it == ids.end())
        r_.error(
            at, fmt::format("{}.{}.pool", kind, id),
            fmt::format("unknown pool '{}' (no [[pool]] with this id in {})", pool, plan_.file));
      else if (kind == "international" && it->second == PoolCounts::intakes)
        r_.error(at, fmt::format("{}.{}.pool", kind, id),
                 fmt::format("pool '{}' counts training intakes; international recruits draw on a "
                             "pool of joiners",
                             pool));
    };
    for (const Model& m : plan_.systems) {
      for (const Pipeline& p : m.pipelines) check("pipeline", p.id, p.pool, p.pool_where);
      for (const InternationalFlow& f : m.international)
        check("international", f.id, f.pool, f.pool_where);
    }
  }

  Reader& r_;
  Diagnostics& out_;
  const toml::table& doc_;
  NationalPlan& plan_;
};

// Whether `text` can have a top-level `national` key, without parsing it.
// TOML gives a key at the top level only at the start of a line: a table
// header (`[national]`, `[[national]]`, `[ "national" . x ]`) or a dotted
// key before any header (`national.x = 1`). A line that starts so makes
// this true; so does any escape (`"\u006eational"`), which only a parse
// can read. False means the file is no national file, and saves parsing it
// twice (a plain scenario's every run asks).
bool may_have_national_key(std::string_view text) {
  if (text.find("\\u") != std::string_view::npos || text.find("\\U") != std::string_view::npos)
    return true;
  constexpr std::string_view kKey = "national", kByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark)
    text.remove_prefix(kByteOrderMark.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    auto skip = [&](std::string_view chars) {
      while (!line.empty() && chars.find(line.front()) != std::string_view::npos)
        line.remove_prefix(1);
    };
    skip(" \t");
    if (!line.empty() && line.front() == '[') {
      line.remove_prefix(1);
      if (!line.empty() && line.front() == '[') line.remove_prefix(1);
      skip(" \t");
    }
    if (!line.empty() && (line.front() == '"' || line.front() == '\'')) line.remove_prefix(1);
    if (line.substr(0, kKey.size()) != kKey) continue;
    line.remove_prefix(kKey.size());
    if (!line.empty() && (line.front() == '"' || line.front() == '\'')) line.remove_prefix(1);
    skip(" \t");
    if (!line.empty() && (line.front() == '.' || line.front() == '=' || line.front() == ']'))
      return true;
  }
  return false;
}

}  // namespace

bool is_national_file(const std::filesystem::path& path) {
  auto text = scenario::read_text_file(path);
  if (!text) return false;
  if (!may_have_national_key(*text)) return false;
  try {
    const toml::table doc = toml::parse(*text, path.generic_string());
    return doc.contains("national");
  } catch (const toml::parse_error&) {
    return false;
  }
}

NationalLoadResult load_national(const std::filesystem::path& path) {
  NationalLoadResult result;
  NationalPlan plan;
  plan.file = path.generic_string();
  scenario::InputText input = scenario::read_input_file(path);
  if (!input.text) {
    result.diagnostics.push_back(
        Diagnostic{{plan.file, 0, 0}, "", "cannot read the national file: " + input.problem});
    return result;
  }
  const std::optional<std::string>& text = input.text;
  plan.text = *text;
  toml::table doc;
  try {
    doc = toml::parse(*text, plan.file);
  } catch (const toml::parse_error& e) {
    result.diagnostics.push_back(Diagnostic{{plan.file, static_cast<int>(e.source().begin.line),
                                             static_cast<int>(e.source().begin.column)},
                                            "syntax",
                                            std::string(e.description())});
    return result;
  }
  Reader reader(result.diagnostics, plan.file, {});
  NationalBuilder(reader, result.diagnostics, doc, plan).build();
  // In reading order, file by file (a system file's problems stay together).
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.where.file, a.where.line, a.where.column) <
                            std::tie(b.where.file, b.where.line, b.where.column);
                   });
  if (result.diagnostics.empty()) result.plan = std::move(plan);
  return result;
}

}  // namespace wfsim
