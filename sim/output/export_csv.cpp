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

// A text field that does not apply to a row (no sweep, no age band, not a
// national file). A column that were empty in every row would read as
// numbers in one file and as text in another; "-" keeps it text in all.
constexpr const char* kNotApplicable = "-";

// 1048577 -> "1,048,577", for messages.
std::string with_commas(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// A file written to a temporary name and renamed into place on commit().
// Past `limit` rows (0: none) it stops writing and only counts, so that a
// refusal can say how long the file would have been.
class CsvFile {
 public:
  CsvFile(std::filesystem::path target, std::size_t limit)
      : target_(std::move(target)),
        temporary_(temporary_for(target_)),
        guard_(temporary_),
        limit_(limit) {
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
  // Whether `n` more rows still fit; counts them either way.
  bool make_room(std::size_t n) {
    rows_ += n;
    return !over();
  }
  bool over() const { return limit_ > 0 && rows_ > limit_; }
  std::size_t rows() const { return rows_; }
  // A row counted by make_room().
  void row(const std::vector<std::string>& fields) {
    buffer_.clear();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) buffer_ += ',';
      buffer_ += csv::field(fields[i]);
    }
    buffer_ += csv::kLineEnd;
    out_ << buffer_;
  }
  void header(const std::vector<std::string>& fields) {
    make_room(1);
    row(fields);
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
  std::size_t limit_;
  std::size_t rows_ = 0;
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
  std::map<std::string, std::string> group_names;  // staff group or pipeline id -> name

  const std::vector<std::string>& of(const std::string& dim, std::size_t size,
                                     const std::string& file) {
    auto it = labels.find(dim);
    if (it == labels.end() || it->second.size() != size)
      throw FileError(
          fmt::format("{}: no coordinate of {} values for dimension '{}'", file, size, dim));
    return it->second;
  }
  // A group's name; a pipeline, which has none, is named by its id.
  const std::string& name_of(const std::string& id) const {
    auto it = group_names.find(id);
    return it == group_names.end() ? id : it->second;
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
  // Names sit beside the ids in the group, or at the root (the summary).
  for (const std::string& at : {prefix, std::string()}) {
    if (!c.group_names.empty() || !c.labels.count("staff_group")) break;
    if (!reader.has(at + "staff_group_name") || !reader.is_strings(at + "staff_group_name"))
      continue;
    const auto names = reader.read_strings(at + "staff_group_name");
    const auto& ids = c.labels["staff_group"];
    for (std::size_t i = 0; i < ids.size() && i < names.size(); ++i)
      c.group_names[ids[i]] = names[i];
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

// variables.csv: one row per variable exported, from the file's own
// attributes, so that every table's `variable` column can be looked up.
struct Dictionary {
  struct Entry {
    std::string table, variable, units, long_name;
  };
  std::vector<Entry> entries;
  void add(const RunReader& reader, const std::string& table, const std::string& path,
           const std::string& variable) {
    for (const Entry& e : entries)
      if (e.table == table && e.variable == variable) return;  // a summary's quantiles and mean
    entries.push_back({table, variable, reader.dataset_string_attribute(path, "units").value_or(""),
                       reader.dataset_string_attribute(path, "long_name").value_or("")});
  }
};

std::string table_name(const CsvFile& csv) {
  return csv.target().stem().string();
}

// Writes every value of every variable of `group` as one row each (long),
// or one row per period series (wide: a column per year or month).
// `summary`: the summary's layout (a quantile axis, or a `_mean` name).
// `system`: the system column of a group without a system axis (a single
// system's file, or the national totals).
void write_table(const RunReader& reader, const std::string& group, bool monthly, bool summary,
                 bool wide, CsvFile& csv, Dictionary& dictionary, const std::string& system) {
  const std::string file = reader.path().string();
  const std::string prefix = group.empty() ? "" : group + "/";
  Coordinates coords = read_coordinates(reader, group);
  std::vector<std::string> months;
  if (monthly) {
    const auto [year, month] =
        start_of(reader.dataset_string_attribute(prefix + "time", "units").value_or(""), file);
    const std::size_t n = reader.read(prefix + "time").size();
    for (std::size_t m = 0; m < n; ++m) {
      const int total = (month - 1) + static_cast<int>(m);
      months.push_back(fmt::format("{:04d}-{:02d}", year + total / 12, total % 12 + 1));
    }
  }
  static const std::vector<std::string> no_years;
  const std::vector<std::string>& periods =
      monthly ? months : (coords.labels.count("year") ? coords.labels["year"] : no_years);

  // The columns of a row before the period: the same in long and wide.
  std::vector<std::string> header = {
      "system", "plan",       "variant", summary ? "statistic" : "replicate",
      "group",  "group_name", "age_band"};
  const std::size_t kSystem = 0, kPlan = 1, kVariant = 2, kReplicate = 3, kGroup = 4,
                    kGroupName = 5, kAgeBand = 6, kKeyColumns = 7;
  if (wide) {
    header.insert(header.end(), {"variable", "units"});
    header.insert(header.end(), periods.begin(), periods.end());
  } else {
    header.insert(header.end(), {monthly ? "month" : "year", "variable", "units", "value"});
  }
  csv.header(header);

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
      if (static_cast<int>(i) == axis_period && periods.size() != a.shape[i])
        throw FileError(fmt::format("{}: {} has {} {} where the file has {}", file, path,
                                    a.shape[i], monthly ? "months" : "years", periods.size()));
      labels.push_back(
          static_cast<int>(i) == axis_period ? &periods : &coords.of(a.dims[i], a.shape[i], file));
    }
    std::string variable = name;
    if (is_mean && variable.ends_with("_mean")) variable.resize(variable.size() - 5);
    const std::string units = reader.dataset_string_attribute(path, "units").value_or("");
    dictionary.add(reader, table_name(csv), path, variable);

    const std::size_t period_count = a.shape[static_cast<std::size_t>(axis_period)];
    const std::size_t period_stride = a.stride(axis_period);
    if (!csv.make_room(wide ? (period_count ? a.size() / period_count : 0) : a.size())) continue;

    std::vector<std::string> fields(header.size());
    std::vector<std::size_t> index(a.dims.size(), 0);
    for (std::size_t k = 0; k < a.size(); ++k) {
      if (!wide || index[static_cast<std::size_t>(axis_period)] == 0) {
        std::fill(fields.begin(), fields.begin() + kKeyColumns, std::string(kNotApplicable));
        fields[kSystem] = system.empty() ? kNotApplicable : system;
        if (is_mean) fields[kReplicate] = "mean";
        for (std::size_t i = 0; i < index.size(); ++i) {
          const std::string& label = (*labels[i])[index[i]];
          switch (columns[i]) {
            case Column::system:
              fields[kSystem] = label;
              break;
            case Column::plan:
              fields[kPlan] = label;
              break;
            case Column::variant:
              fields[kVariant] = label;
              break;
            case Column::replicate:
              fields[kReplicate] = label;
              break;
            case Column::statistic:
              fields[kReplicate] = "q" + label;
              break;
            case Column::group:
              fields[kGroup] = label;
              fields[kGroupName] = coords.name_of(label);
              break;
            case Column::age_band:
              fields[kAgeBand] = label;
              break;
            case Column::period:
            case Column::none:
              break;
          }
        }
        if (wide) {
          fields[kKeyColumns] = variable;
          fields[kKeyColumns + 1] = units;
          for (std::size_t p = 0; p < period_count; ++p)
            fields[kKeyColumns + 2 + p] = csv::number(a.values[k + p * period_stride], a.single);
        } else {
          fields[kKeyColumns] = periods[index[static_cast<std::size_t>(axis_period)]];
          fields[kKeyColumns + 1] = variable;
          fields[kKeyColumns + 2] = units;
          fields[kKeyColumns + 3] = csv::number(a.values[k], a.single);
        }
        csv.row(fields);
      }
      for (std::size_t i = index.size(); i-- > 0;) {
        if (++index[i] < a.shape[i]) break;
        index[i] = 0;
      }
    }
  }
}

// A national file's /pools: one row per pool, system ("-" for a pool's
// own figures), year and variable; wide: a column per year.
void write_pools(const RunReader& reader, bool wide, CsvFile& csv, Dictionary& dictionary) {
  const std::string file = reader.path().string();
  Coordinates coords = read_coordinates(reader, "pools");
  if (reader.has("pools/pool")) coords.labels["pool"] = reader.read_strings("pools/pool");
  static const std::vector<std::string> none;
  const std::vector<std::string>& years =
      coords.labels.count("year") ? coords.labels["year"] : none;
  std::vector<std::string> header = {"pool", "system"};
  if (wide) {
    header.insert(header.end(), {"variable", "units"});
    header.insert(header.end(), years.begin(), years.end());
  } else {
    header.insert(header.end(), {"year", "variable", "units", "value"});
  }
  csv.header(header);
  for (const std::string& name : reader.datasets("pools")) {
    const std::string path = "pools/" + name;
    if (reader.is_strings(path)) continue;
    const Array a = reader.read(path);
    const int pool = a.axis("pool"), system = a.axis("system"), year = a.axis("year");
    if (year < 0) continue;  // coordinates
    if (a.shape[static_cast<std::size_t>(year)] != years.size())
      throw FileError(fmt::format("{}: {} has {} years where the file has {}", file, path,
                                  a.shape[static_cast<std::size_t>(year)], years.size()));
    dictionary.add(reader, table_name(csv), path, name);
    const std::string units = reader.dataset_string_attribute(path, "units").value_or("");
    const std::size_t year_stride = a.stride(year);
    if (!csv.make_room(wide ? a.size() / std::max<std::size_t>(years.size(), 1) : a.size()))
      continue;
    for (std::size_t k = 0; k < a.size(); ++k) {
      const std::size_t y = k / year_stride % a.shape[static_cast<std::size_t>(year)];
      if (wide && y != 0) continue;
      auto label = [&](int axis, const char* dim) -> std::string {
        if (axis < 0) return kNotApplicable;
        const std::size_t i = k / a.stride(axis) % a.shape[static_cast<std::size_t>(axis)];
        return coords.of(dim, a.shape[static_cast<std::size_t>(axis)], file)[i];
      };
      std::vector<std::string> fields = {label(pool, "pool"), label(system, "system")};
      if (wide) {
        fields.insert(fields.end(), {name, units});
        for (std::size_t p = 0; p < years.size(); ++p)
          fields.push_back(csv::number(a.values[k + p * year_stride], a.single));
      } else {
        fields.insert(fields.end(), {years[y], name, units, csv::number(a.values[k], a.single)});
      }
      csv.row(fields);
    }
  }
}

void write_flags(const RunReader& reader, CsvFile& csv, const std::string& file_system) {
  csv.header({"system", "plan", "variant", "year", "group", "group_name", "kind", "metric",
              "severity", "value", "threshold", "units", "share"});
  if (!reader.has(reader.flag_column("flag_kind"))) return;
  auto strings = [&](const char* name) {
    return reader.read_strings_if_any(reader.flag_column(name));
  };
  auto numbers = [&](const char* name) { return reader.read_if_any(reader.flag_column(name)); };
  const auto kind = strings("flag_kind"), group = strings("flag_group"),
             year = strings("flag_year"), metric = strings("flag_metric"),
             severity = strings("flag_severity"), system = strings("flag_system"),
             plan = strings("flag_plan");
  const Array value = numbers("flag_value"), threshold = numbers("flag_threshold"),
              share = numbers("flag_share"), variant = numbers("flag_variant");
  std::vector<std::string> variants;
  if (reader.has("variant") && reader.is_strings("variant"))
    variants = reader.read_strings("variant");
  const Coordinates coords = read_coordinates(reader, "");
  auto at = [](const std::vector<std::string>& v, std::size_t i) {
    return i < v.size() ? v[i] : std::string(kNotApplicable);
  };
  auto number_at = [](const Array& a, std::size_t i) {
    return i < a.values.size() ? csv::number(a.values[i], a.single) : std::string();
  };
  if (!csv.make_room(kind.size())) return;
  for (std::size_t i = 0; i < kind.size(); ++i) {
    std::string variant_label = kNotApplicable;
    if (i < variant.values.size()) {
      const double v = variant.values[i];
      variant_label = v >= 0 && v < static_cast<double>(variants.size())
                          ? variants[static_cast<std::size_t>(v)]
                          : csv::number(v);
    }
    const std::string flagged = at(group, i);
    const std::string the_metric = at(metric, i);
    // A deterministic file raises each flag in its one future: a share of 1.
    const std::string flag_share = share.values.empty() ? "1" : number_at(share, i);
    csv.row({system.empty() ? (file_system.empty() ? kNotApplicable : file_system) : at(system, i),
             at(plan, i), variant_label, at(year, i), flagged,
             flagged == "all" ? "All staff groups" : coords.name_of(flagged), kind[i], the_metric,
             at(severity, i), number_at(value, i), number_at(threshold, i),
             the_metric.ends_with("_gbp") ? "GBP" : "FTE", flag_share});
  }
}

void write_dictionary(const Dictionary& dictionary, CsvFile& csv) {
  csv.header({"table", "variable", "units", "long_name"});
  csv.make_room(dictionary.entries.size());
  for (const auto& e : dictionary.entries) csv.row({e.table, e.variable, e.units, e.long_name});
}

FileError too_large(const RunReader& reader, const CsvFile& csv, const ExportCsvOptions& options) {
  std::string ways;
  if (reader.has("summary") && !options.summary_only && !reader.summary_only())
    ways += "--summary-only writes only the quantiles and means; ";
  if (!options.wide) ways += "--wide puts years or months in columns; ";
  ways += "--allow-large writes it anyway";
  return FileError(fmt::format(
      "{}: {} would have {} rows, more than a spreadsheet opens ({}; Excel and LibreOffice "
      "Calc drop the rest); nothing written: {}",
      reader.path().string(), csv.target().filename().string(), with_commas(csv.rows()),
      with_commas(kSpreadsheetRows), ways));
}

}  // namespace

std::vector<std::filesystem::path> export_csv(const std::filesystem::path& run,
                                              const std::filesystem::path& directory,
                                              const ExportCsvOptions& options) {
  const RunReader reader(run);
  reader.require_readable_format();
  check_run_file(reader);
  if (options.summary_only && !reader.has("summary"))
    throw FileError(
        fmt::format("{}: --summary-only needs a Monte Carlo run's /summary, and this file has none",
                    run.string()));
  std::error_code error;
  const bool existed = std::filesystem::exists(directory, error);
  if (existed && !std::filesystem::is_directory(directory, error))
    throw FileError(fmt::format("{}: exists and is not a directory", directory.string()));
  std::filesystem::create_directories(directory, error);
  if (error)
    throw FileError(
        fmt::format("{}: cannot create the directory: {}", directory.string(), error.message()));
  // A refusal leaves no trace: not even the directory it made.
  struct RemoveIfMade {
    const std::filesystem::path& directory;
    bool armed;
    ~RemoveIfMade() {
      std::error_code ignored;
      if (armed) std::filesystem::remove(directory, ignored);  // only when still empty
    }
  } cleanup{directory, !existed};

  // A single system's file names its system in the system column too, so
  // that the exports of several runs can be put together.
  const std::string file_system =
      reader.has("system") ? "" : reader.string_attribute("system_id").value_or("");

  // Every file is complete before any is renamed into place.
  const std::size_t limit = options.allow_large ? 0 : kSpreadsheetRows;
  const std::string suffix = options.wide ? "_wide.csv" : ".csv";
  std::vector<std::unique_ptr<CsvFile>> files;
  Dictionary dictionary;
  auto open = [&](const std::string& stem, bool table) -> CsvFile& {
    files.push_back(
        std::make_unique<CsvFile>(directory / (stem + (table ? suffix : ".csv")), limit));
    return *files.back();
  };
  auto table = [&](const std::string& stem, const std::string& group, bool monthly, bool summary,
                   const std::string& system) {
    CsvFile& csv = open(stem, true);
    write_table(reader, group, monthly, summary, options.wide, csv, dictionary, system);
    if (csv.over()) throw too_large(reader, csv, options);
  };
  // A file written with --keep summary has no /annual: its summary.csv is the export.
  if (!options.summary_only && !reader.summary_only()) {
    table("annual", "annual", false, false, file_system);
    // A file written with --keep annual holds no monthly values, so no monthly.csv.
    if (reader.has(std::string(kMonthlyVariables[0].name)))
      table("monthly", "", true, false, file_system);
  }
  CsvFile& flags = open("flags", false);
  write_flags(reader, flags, file_system);
  if (flags.over()) throw too_large(reader, flags, options);
  if (reader.has("summary")) table("summary", "summary", false, true, file_system);
  if (!options.summary_only && reader.has("national/annual"))
    table("national_annual", "national/annual", false, false, "national");
  if (!options.summary_only && reader.has("pools")) {
    CsvFile& pools = open("pools", true);
    write_pools(reader, options.wide, pools, dictionary);
    if (pools.over()) throw too_large(reader, pools, options);
  }
  write_dictionary(dictionary, open("variables", false));

  std::vector<std::filesystem::path> written;
  cleanup.armed = false;
  for (auto& f : files) {
    f->commit();
    written.push_back(f->target());
  }
  return written;
}

}  // namespace wfsim
