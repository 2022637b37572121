#include "output/export_csv.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>

#include "engine/variables.h"
#include "output/csv.h"
#include "output/hdf5_reader.h"
#include "output/run_file_check.h"
#include "output/temporary_files.h"

namespace wfsim {
namespace {

// The leading columns every long file shares, then its own.
constexpr const char* kOuterColumns[] = {"system", "plan", "variant"};

// Which column each dimension fills.
enum class Column { system, plan, variant, replicate, statistic, group, age_band, period, none };

Column column_of(const std::string& dim) {
  if (dim == "system") return Column::system;
  if (dim == "plan") return Column::plan;
  if (dim == "variant") return Column::variant;
  if (dim == "replicate") return Column::replicate;
  if (dim == "quantile") return Column::statistic;
  if (dim == "staff_group" || dim == "pipeline") return Column::group;
  if (dim == "age_band") return Column::age_band;
  if (dim == "year" || dim == "time") return Column::period;
  return Column::none;
}

// A file written to a temporary name and renamed into place on commit().
class CsvFile {
 public:
  explicit CsvFile(std::filesystem::path target)
      : target_(std::move(target)), temporary_(temporary_for(target_)), guard_(temporary_) {
    if (auto problem = target_problem(target_))
      throw std::runtime_error("cannot write " + problem->message);
    out_.open(temporary_, std::ios::binary);
    if (!out_)
      throw std::runtime_error(fmt::format("cannot write {}: cannot create a file in {}: {}",
                                           target_.string(), target_.parent_path().string(),
                                           std::strerror(errno)));
  }
  ~CsvFile() {
    if (!committed_) {
      out_.close();
      std::error_code ignored;
      std::filesystem::remove(temporary_, ignored);
    }
  }
  void row(const std::vector<std::string>& fields) {
    buffer_.clear();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) buffer_ += ',';
      buffer_ += csv::field(fields[i]);
    }
    buffer_ += csv::kLineEnd;
    out_ << buffer_;
  }
  void commit() {
    errno = 0;
    out_.close();
    if (!out_)
      throw std::runtime_error(fmt::format("cannot write {}: {}", target_.string(),
                                           errno ? std::strerror(errno) : "a write failed"));
    std::filesystem::rename(temporary_, target_);
    committed_ = true;
  }
  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_, temporary_;
  TemporaryGuard guard_;  // removes the temporary on SIGINT/SIGTERM
  std::ofstream out_;
  std::string buffer_;
  bool committed_ = false;
};

// "days since 2019-04-01" -> (2019, 4).
std::pair<int, int> start_of(const std::string& units, const std::string& file) {
  int year = 0, month = 0, day = 0;
  if (std::sscanf(units.c_str(), "days since %d-%d-%d", &year, &month, &day) != 3 || month < 1 ||
      month > 12)
    throw FileError(
        fmt::format("{}: time has units '{}', not 'days since YYYY-MM-DD'", file, units));
  return {year, month};
}

// Labels of every dimension of the group's variables, as text.
struct Coordinates {
  std::map<std::string, std::vector<std::string>> labels;

  const std::vector<std::string>& of(const std::string& dim, std::size_t size,
                                     const std::string& file) {
    auto it = labels.find(dim);
    if (it == labels.end() || it->second.size() != size)
      throw FileError(
          fmt::format("{}: no coordinate of {} values for dimension '{}'", file, size, dim));
    return it->second;
  }
};

Coordinates read_coordinates(const RunReader& reader, const std::string& group) {
  Coordinates c;
  const std::string prefix = group.empty() ? "" : group + "/";
  for (const char* dim :
       {"system", "plan", "variant", "staff_group", "pipeline", "age_band", "year"})
    if (reader.has(prefix + dim) && reader.is_strings(prefix + dim))
      c.labels[dim] = reader.read_strings(prefix + dim);
  for (const char* dim : {"replicate", "quantile"})
    if (reader.has(prefix + dim)) {
      std::vector<std::string> text;
      for (double v : reader.read(prefix + dim).values) text.push_back(csv::number(v));
      c.labels[dim] = std::move(text);
    }
  return c;
}

// The variables of a group in the order of the variable table, then any
// others by name: those with a `replicate` (or `quantile`) and a period axis.
std::vector<std::string> ordered_variables(const RunReader& reader, const std::string& group) {
  std::vector<std::string> names = reader.datasets(group);
  auto rank = [](const std::string& name) {
    std::string base = name;
    if (base.size() > 5 && base.ends_with("_mean")) base.resize(base.size() - 5);
    const std::size_t i = annual_variable_index(base);
    return i < kAnnualVarCount ? i : kAnnualVarCount;
  };
  std::stable_sort(names.begin(), names.end(),
                   [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  return names;
}

// Writes every value of every variable of `group` as one row each.
// `summary`: the summary's layout (a quantile axis, or a `_mean` name).
// `system`: the system column of a group without a system axis (a single
// system's file, or the national totals).
void write_long(const RunReader& reader, const std::string& group, bool monthly, bool summary,
                CsvFile& csv, const std::string& system = "") {
  const std::string file = reader.path().string();
  const std::string prefix = group.empty() ? "" : group + "/";
  Coordinates coords = read_coordinates(reader, group);
  std::vector<std::string> months;
  std::vector<std::string> header(std::begin(kOuterColumns), std::end(kOuterColumns));
  header.push_back(summary ? "statistic" : "replicate");
  for (const char* name : {"group", "age_band", monthly ? "month" : "year", "variable", "value"})
    header.push_back(name);
  csv.row(header);

  for (const std::string& name : ordered_variables(reader, group)) {
    const std::string path = prefix + name;
    if (reader.is_strings(path)) continue;
    const Array a = reader.read(path);
    const int axis_period = a.axis(monthly ? "time" : "year");
    const bool per_replicate = a.axis("replicate") >= 0 || a.axis("quantile") >= 0;
    const bool is_mean = summary && a.axis("quantile") < 0;
    if (axis_period < 0 || (!per_replicate && !is_mean))
      continue;  // coordinates, population, flags
    std::vector<Column> columns;
    std::vector<const std::vector<std::string>*> labels;
    for (std::size_t i = 0; i < a.dims.size(); ++i) {
      columns.push_back(column_of(a.dims[i]));
      if (columns.back() == Column::none)
        throw FileError(fmt::format("{}: {} has a dimension '{}' that export does not know", file,
                                    path, a.dims[i]));
      if (monthly && static_cast<int>(i) == axis_period) {
        if (months.empty()) {
          const auto [year, month] = start_of(
              reader.dataset_string_attribute(prefix + "time", "units").value_or(""), file);
          for (std::size_t m = 0; m < a.shape[i]; ++m) {
            const int total = (month - 1) + static_cast<int>(m);
            months.push_back(fmt::format("{:04d}-{:02d}", year + total / 12, total % 12 + 1));
          }
        }
        labels.push_back(&months);
      } else {
        labels.push_back(&coords.of(a.dims[i], a.shape[i], file));
      }
    }
    std::string variable = name;
    if (is_mean && variable.ends_with("_mean")) variable.resize(variable.size() - 5);

    std::vector<std::string> fields(header.size());
    std::vector<std::size_t> index(a.dims.size(), 0);
    for (std::size_t k = 0; k < a.size(); ++k) {
      std::fill(fields.begin(), fields.end(), std::string());
      fields[0] = system;
      if (is_mean) fields[3] = "mean";
      for (std::size_t i = 0; i < index.size(); ++i) {
        const std::string& label = (*labels[i])[index[i]];
        switch (columns[i]) {
          case Column::system:
            fields[0] = label;
            break;
          case Column::plan:
            fields[1] = label;
            break;
          case Column::variant:
            fields[2] = label;
            break;
          case Column::replicate:
            fields[3] = label;
            break;
          case Column::statistic:
            fields[3] = "q" + label;
            break;
          case Column::group:
            fields[4] = label;
            break;
          case Column::age_band:
            fields[5] = label;
            break;
          case Column::period:
            fields[6] = label;
            break;
          case Column::none:
            break;
        }
      }
      fields[7] = variable;
      fields[8] = csv::number(a.values[k], a.single);
      csv.row(fields);
      for (std::size_t i = index.size(); i-- > 0;) {
        if (++index[i] < a.shape[i]) break;
        index[i] = 0;
      }
    }
  }
}

// A national file's /pools: one row per pool, system (blank for a pool's
// own figures), year and variable.
void write_pools(const RunReader& reader, CsvFile& csv) {
  csv.row({"pool", "system", "year", "variable", "value"});
  const std::string file = reader.path().string();
  Coordinates coords = read_coordinates(reader, "pools");
  if (reader.has("pools/pool")) coords.labels["pool"] = reader.read_strings("pools/pool");
  static const std::vector<std::string> blank{""};
  for (const std::string& name : reader.datasets("pools")) {
    const std::string path = "pools/" + name;
    if (reader.is_strings(path)) continue;
    const Array a = reader.read(path);
    const int pool = a.axis("pool"), system = a.axis("system"), year = a.axis("year");
    if (year < 0) continue;  // coordinates
    for (std::size_t k = 0; k < a.size(); ++k) {
      auto label = [&](int axis, const char* dim) -> const std::string& {
        if (axis < 0) return blank[0];
        const std::size_t i = k / a.stride(axis) % a.shape[axis];
        return coords.of(dim, a.shape[axis], file)[i];
      };
      csv.row({label(pool, "pool"), label(system, "system"), label(year, "year"), name,
               csv::number(a.values[k], a.single)});
    }
  }
}

void write_flags(const RunReader& reader, CsvFile& csv, const std::string& file_system) {
  csv.row({"system", "plan", "variant", "year", "group", "kind", "metric", "severity", "value",
           "threshold", "share"});
  if (!reader.has("flag_kind")) return;
  auto strings = [&](const char* name) {
    return reader.has(name) ? reader.read_strings(name) : std::vector<std::string>{};
  };
  auto numbers = [&](const char* name) { return reader.has(name) ? reader.read(name) : Array{}; };
  const auto kind = strings("flag_kind"), group = strings("flag_group"),
             year = strings("flag_year"), metric = strings("flag_metric"),
             severity = strings("flag_severity"), system = strings("flag_system"),
             plan = strings("flag_plan");
  const Array value = numbers("flag_value"), threshold = numbers("flag_threshold"),
              share = numbers("flag_share"), variant = numbers("flag_variant");
  std::vector<std::string> variants;
  if (reader.has("variant") && reader.is_strings("variant"))
    variants = reader.read_strings("variant");
  auto at = [](const std::vector<std::string>& v, std::size_t i) {
    return i < v.size() ? v[i] : std::string();
  };
  auto number_at = [](const Array& a, std::size_t i) {
    return i < a.values.size() ? csv::number(a.values[i], a.single) : std::string();
  };
  for (std::size_t i = 0; i < kind.size(); ++i) {
    std::string variant_label;
    if (i < variant.values.size()) {
      const double v = variant.values[i];
      variant_label = v >= 0 && v < static_cast<double>(variants.size())
                          ? variants[static_cast<std::size_t>(v)]
                          : csv::number(v);
    }
    csv.row({system.empty() ? file_system : at(system, i), at(plan, i), variant_label, at(year, i),
             at(group, i), kind[i], at(metric, i), at(severity, i), number_at(value, i),
             number_at(threshold, i), number_at(share, i)});
  }
}

}  // namespace

std::vector<std::filesystem::path> export_csv(const std::filesystem::path& run,
                                              const std::filesystem::path& directory) {
  const RunReader reader(run);
  if (reader.format_version() != kFormatVersion)
    throw FileError(fmt::format("{}: format_version {} is not one this wfsim reads ({})",
                                run.string(), reader.format_version(), kFormatVersion));
  check_run_file(reader);
  std::error_code error;
  if (std::filesystem::exists(directory, error) && !std::filesystem::is_directory(directory, error))
    throw FileError(fmt::format("{}: exists and is not a directory", directory.string()));
  std::filesystem::create_directories(directory, error);
  if (error)
    throw FileError(
        fmt::format("{}: cannot create the directory: {}", directory.string(), error.message()));

  // A single system's file names its system in the system column too, so
  // that the exports of several runs can be put together.
  const std::string file_system =
      reader.has("system") ? "" : reader.string_attribute("system_id").value_or("");

  // Every file is complete before any is renamed into place.
  std::vector<std::unique_ptr<CsvFile>> files;
  files.push_back(std::make_unique<CsvFile>(directory / "annual.csv"));
  write_long(reader, "annual", false, false, *files.back(), file_system);
  files.push_back(std::make_unique<CsvFile>(directory / "monthly.csv"));
  write_long(reader, "", true, false, *files.back(), file_system);
  files.push_back(std::make_unique<CsvFile>(directory / "flags.csv"));
  write_flags(reader, *files.back(), file_system);
  if (reader.has("summary")) {
    files.push_back(std::make_unique<CsvFile>(directory / "summary.csv"));
    write_long(reader, "summary", false, true, *files.back(), file_system);
  }
  if (reader.has("national/annual")) {
    files.push_back(std::make_unique<CsvFile>(directory / "national_annual.csv"));
    write_long(reader, "national/annual", false, false, *files.back(), "national");
  }
  if (reader.has("pools")) {
    files.push_back(std::make_unique<CsvFile>(directory / "pools.csv"));
    write_pools(reader, *files.back());
  }
  std::vector<std::filesystem::path> written;
  for (auto& f : files) {
    f->commit();
    written.push_back(f->target());
  }
  return written;
}

}  // namespace wfsim
