// What a file keeps and how it stores it: `run --keep` and `--compress`
// (docs/output.md "Storage"). Every value kept is the value the whole,
// uncompressed file holds, bit for bit.
#include <fmt/core.h>
#include <hdf5.h>

#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "output/hdf5_reader.h"
#include "process.h"
#include "report/report_data.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

std::string q(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}

// Every numeric dataset of a group ("" for the root), by name, as read.
std::vector<std::pair<std::string, std::vector<double>>> values_of(const RunReader& reader,
                                                                   const std::string& group) {
  std::vector<std::pair<std::string, std::vector<double>>> out;
  const std::string prefix = group.empty() ? "" : group + "/";
  for (const std::string& name : reader.datasets(group))
    if (!reader.is_strings(prefix + name))
      out.emplace_back(name, reader.read(prefix + name).values);
  return out;
}

// How `dataset` is stored: its layout, its chunk's shape where chunked,
// the number of filters and whether deflate is one of them.
struct StoredAs {
  H5D_layout_t layout;
  std::vector<hsize_t> dims, chunk;
  int filters = 0;
  bool deflate = false;
  std::pair<int, bool> filtering() const { return {filters, deflate}; }
};
StoredAs stored_as(const std::filesystem::path& file, const char* dataset) {
  hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
  REQUIRE(d >= 0);
  hid_t plist = H5Dget_create_plist(d), space = H5Dget_space(d);
  StoredAs out{H5Pget_layout(plist), {}, {}};
  out.dims.resize(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, out.dims.data(), nullptr);
  if (out.layout == H5D_CHUNKED) {
    out.chunk.resize(out.dims.size());
    H5Pget_chunk(plist, static_cast<int>(out.chunk.size()), out.chunk.data());
  }
  out.filters = H5Pget_nfilters(plist);
  for (int i = 0; i < out.filters; ++i) {
    unsigned flags = 0;
    std::size_t elements = 0;
    unsigned config = 0;
    if (H5Pget_filter2(plist, static_cast<unsigned>(i), &flags, &elements, nullptr, 0, nullptr,
                       &config) == H5Z_FILTER_DEFLATE)
      out.deflate = true;
  }
  H5Sclose(space);
  H5Pclose(plist);
  H5Dclose(d);
  H5Fclose(f);
  return out;
}

// The k of the file's chunk index: a B-tree node holds 2k chunks.
unsigned chunk_index_k(const std::filesystem::path& file) {
  hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  hid_t plist = H5Fget_create_plist(f);
  unsigned k = 0;
  H5Pget_istore_k(plist, &k);
  H5Pclose(plist);
  H5Fclose(f);
  return k;
}

// Every numeric dataset of a group by name, as the bits of its values, so
// that a NaN (the share of a pool's flag) equals itself.
std::vector<std::pair<std::string, std::vector<std::uint64_t>>> bits_of(const RunReader& reader,
                                                                        const std::string& group) {
  std::vector<std::pair<std::string, std::vector<std::uint64_t>>> out;
  for (const auto& [name, values] : values_of(reader, group)) {
    out.emplace_back(name, std::vector<std::uint64_t>());
    for (double v : values) out.back().second.push_back(std::bit_cast<std::uint64_t>(v));
  }
  return out;
}

// `wfsim run -q ARGS` into dir/WITHOUT, and with `extra` too into dir/WITH.
void run_with_and_without(const TempDir& dir, const std::string& args, const std::string& extra,
                          const char* without, const char* with) {
  REQUIRE(run_wfsim("run -q " + args + " -o " + q(dir / without)).status == 0);
  REQUIRE(run_wfsim("run -q " + args + " " + extra + " -o " + q(dir / with)).status == 0);
}

}  // namespace

TEST_CASE(
    "run --keep annual writes /annual and /summary as the whole file has them, and no monthly "
    "values",
    "[storage]") {
  const TempDir dir;
  run_with_and_without(dir, "tests/scenarios/uncertain.toml -r 5 -j 2", "--keep annual", "all.h5",
                       "annual.h5");
  const RunReader all(dir / "all.h5"), annual(dir / "annual.h5");
  CHECK(all.has("headcount"));
  CHECK_FALSE(annual.has("headcount"));
  CHECK_FALSE(annual.has("effective_fte"));
  CHECK(annual.has("time"));  // the axes stay, so the file reads as any other
  for (const char* group : {"annual", "summary", "flags"}) {
    INFO(group);
    CHECK(values_of(annual, group) == values_of(all, group));
  }
  CHECK(std::filesystem::file_size(dir / "annual.h5") < std::filesystem::file_size(dir / "all.h5"));

  // Export writes what there is: no monthly.csv, the same annual.csv.
  REQUIRE(run_wfsim("export -q " + q(dir / "all.h5") + " --csv " + q(dir / "all")).status == 0);
  REQUIRE(run_wfsim("export -q " + q(dir / "annual.h5") + " --csv " + q(dir / "a")).status == 0);
  CHECK(std::filesystem::exists(dir / "all" / "monthly.csv"));
  CHECK_FALSE(std::filesystem::exists(dir / "a" / "monthly.csv"));
  CHECK(slurp(dir / "a" / "annual.csv") == slurp(dir / "all" / "annual.csv"));
  CHECK(slurp(dir / "a" / "summary.csv") == slurp(dir / "all" / "summary.csv"));
  // compare reads annual values only: the same table from either file.
  const ProcessResult a = run_wfsim("compare " + q(dir / "all.h5"));
  const ProcessResult b = run_wfsim("compare " + q(dir / "annual.h5"));
  REQUIRE(a.status == 0);
  CHECK(b.out == a.out);
}

TEST_CASE("run --keep annual on a national run keeps the national annual totals", "[storage]") {
  const TempDir dir;
  run_with_and_without(dir, "tests/scenarios/national/align.toml", "--keep annual", "all.h5",
                       "annual.h5");
  const RunReader all(dir / "all.h5"), annual(dir / "annual.h5");
  CHECK(all.has("national/headcount"));
  CHECK_FALSE(annual.has("national/headcount"));
  CHECK_FALSE(annual.has("headcount"));
  for (const char* group : {"annual", "national/annual", "pools", "flags"}) {
    INFO(group);
    CHECK(values_of(annual, group) == values_of(all, group));
  }
}

TEST_CASE("run --compress stores every value exactly, shuffled and deflated", "[storage]") {
  const TempDir dir;
  run_with_and_without(dir, "tests/scenarios/uncertain.toml -r 4", "--compress", "plain.h5",
                       "small.h5");
  const RunReader plain(dir / "plain.h5"), small(dir / "small.h5");
  for (const char* group : {"", "annual", "summary", "flags"}) {
    INFO(group);
    CHECK(values_of(small, group) == values_of(plain, group));
  }
  CHECK(stored_as(dir / "plain.h5", "headcount").filtering() == std::pair<int, bool>{0, false});
  CHECK(stored_as(dir / "small.h5", "headcount").filtering() == std::pair<int, bool>{2, true});
  CHECK(stored_as(dir / "small.h5", "annual/fte").filtering() == std::pair<int, bool>{2, true});
}

// Compression pays where a variable has several chunks; for a handful of
// replicates the chunk index it needs can cost more than it saves
// (docs/output.md "Storage").
TEST_CASE("run --compress makes a file of many replicates smaller", "[storage]") {
  const TempDir dir;
  run_with_and_without(dir, "tests/scenarios/uncertain.toml -r 200", "--compress", "plain.h5",
                       "small.h5");
  CHECK(values_of(RunReader(dir / "small.h5"), "annual") ==
        values_of(RunReader(dir / "plain.h5"), "annual"));
  CHECK(std::filesystem::file_size(dir / "small.h5") * 2 <
        std::filesystem::file_size(dir / "plain.h5"));
}

// A variable that one block of replicates holds whole is contiguous unless
// compressed; past a block it is chunked a block of replicates at a time,
// and the chunk index's nodes hold a variable's chunks (2k of them).
TEST_CASE(
    "run stores a variable contiguous when one chunk would hold it, else chunked by "
    "blocks of 64 replicates",
    "[storage]") {
  const TempDir dir;
  const std::string scenario = "tests/scenarios/uncertain.toml";
  for (const char* r : {"1", "64", "65", "200"})
    REQUIRE(run_wfsim(fmt::format("run -q {} -r {} -o {}", scenario, r,
                                  q(dir / (r + std::string(".h5")))))
                .status == 0);
  REQUIRE(run_wfsim("run -q " + scenario + " -r 4 --compress -o " + q(dir / "c4.h5")).status == 0);
  for (const char* file : {"1.h5", "64.h5"}) {
    INFO(file);
    CHECK(stored_as(dir / file, "headcount").layout == H5D_CONTIGUOUS);
    CHECK(stored_as(dir / file, "annual/fte").layout == H5D_CONTIGUOUS);
  }
  const StoredAs blocks = stored_as(dir / "65.h5", "headcount");
  REQUIRE(blocks.layout == H5D_CHUNKED);
  CHECK(blocks.dims[0] == 65);
  CHECK(blocks.chunk == std::vector<hsize_t>{64, blocks.dims[1], blocks.dims[2]});
  const StoredAs compressed = stored_as(dir / "c4.h5", "annual/fte");
  REQUIRE(compressed.layout == H5D_CHUNKED);
  CHECK(compressed.chunk == compressed.dims);
  CHECK(chunk_index_k(dir / "c4.h5") == 1);   // one chunk a variable
  CHECK(chunk_index_k(dir / "65.h5") == 1);   // two
  CHECK(chunk_index_k(dir / "200.h5") == 2);  // four
}

TEST_CASE("run --keep takes all, annual or summary, and says so otherwise", "[storage]") {
  const TempDir dir;
  const ProcessResult r =
      run_wfsim("run tests/scenarios/tiny.toml --keep monthly -o " + q(dir / "x.h5"));
  CHECK(r.status == 2);
  CHECK(r.err.find("--keep: monthly not in {all,annual,summary}") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "x.h5"));
}

TEST_CASE("a run of more than 1,000 replicates kept whole says what --keep annual saves",
          "[storage]") {
  const TempDir dir;
  const ProcessResult whole =
      run_wfsim("run tests/scenarios/tiny.toml -r 1001 -j 2 -o " + q(dir / "big.h5"));
  REQUIRE(whole.status == 0);
  // 1001 replicates x 24 months x 1 group x 21 monthly variables x 4 bytes (float32).
  CHECK(whole.out.find("with 2.0 MB of monthly values of every replicate (before compression): "
                       "--keep annual writes only /annual and /summary, --keep summary only "
                       "/summary, and --compress shrinks what is kept.") != std::string::npos);
  const ProcessResult kept = run_wfsim(
      "run tests/scenarios/tiny.toml -r 1001 -j 2 --keep annual -o " + q(dir / "kept.h5"));
  REQUIRE(kept.status == 0);
  CHECK(kept.out.find("--keep annual") == std::string::npos);
  const ProcessResult few =
      run_wfsim("run tests/scenarios/tiny.toml -r 1000 -j 2 -o " + q(dir / "few.h5"));
  REQUIRE(few.status == 0);
  CHECK(few.out.find("--keep annual") == std::string::npos);
}

namespace {

// The names in a folder, hidden ones (a temporary, a scratch file) included.
std::vector<std::string> names_in(const std::filesystem::path& folder) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    out.push_back(entry.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Runs `scenario` with `args` whole (all.h5) and with --keep summary
// (summary.h5) in `dir`, and checks what every summary-only file must be:
// /summary and /flags (and `more` groups) as the whole file has them, value
// for value; no monthly and no per-replicate variable; the axes kept at
// the root; nothing else left in the folder.
void check_summary_only(const TempDir& dir, const std::string& scenario, const std::string& args,
                        const std::vector<std::string>& more = {}) {
  REQUIRE(run_wfsim("run -q " + scenario + " " + args + " -o " + q(dir / "all.h5")).status == 0);
  const ProcessResult kept =
      run_wfsim("run -q " + scenario + " " + args + " --keep summary -o " + q(dir / "summary.h5"));
  INFO(kept.err);
  REQUIRE(kept.status == 0);
  CHECK(kept.err.empty());
  CHECK(names_in(dir.path) == std::vector<std::string>{"all.h5", "summary.h5"});  // no scratch
  const RunReader all(dir / "all.h5"), summary(dir / "summary.h5");
  CHECK(summary.summary_only());
  CHECK_FALSE(all.summary_only());
  CHECK_FALSE(summary.has("annual"));
  CHECK_FALSE(summary.has("national"));
  for (const char* variable : {"headcount", "fte", "workforce_gap_fte", "in_training"})
    CHECK_FALSE(summary.has(variable));
  CHECK(summary.has("time"));  // the root's axes stay
  CHECK(summary.has("staff_group"));
  CHECK(summary.has("flags/flag_share"));
  std::vector<std::string> groups{"summary", "flags"};
  groups.insert(groups.end(), more.begin(), more.end());
  for (const std::string& group : groups) {
    INFO(group);
    const auto values = bits_of(summary, group);
    CHECK(values.size() > 2);
    CHECK(values == bits_of(all, group));
  }
  for (const std::string& group : summary.groups("")) {
    INFO(group);
    CHECK((group == "summary" || group == "flags" || group == "pools"));
  }
  CHECK(std::filesystem::file_size(dir / "summary.h5") <
        std::filesystem::file_size(dir / "all.h5"));
}

}  // namespace

TEST_CASE(
    "run --keep summary writes /summary and /flags as the whole file has them, and no "
    "replicate's values",
    "[storage][keep_summary]") {
  const TempDir dir;
  check_summary_only(dir, "tests/scenarios/uncertain.toml", "-r 7 -j 2");
}

TEST_CASE("run --keep summary of a sweep keeps every variant's summary",
          "[storage][keep_summary]") {
  const TempDir dir;
  check_summary_only(dir, "tests/scenarios/sweep.toml", "-r 3 -j 2");
  const RunReader summary(dir / "summary.h5");
  CHECK(summary.read_strings("summary/variant").size() == 4);
  CHECK(summary.read("summary/fte_mean").dims.front() == "variant");
}

TEST_CASE("run --keep summary of a national run keeps the systems' summaries and the pools",
          "[storage][keep_summary]") {
  const TempDir dir;
  check_summary_only(dir, "tests/scenarios/national/pools-mc.toml", "-r 5 -j 2", {"pools"});
  const RunReader summary(dir / "summary.h5"), all(dir / "all.h5");
  // What the systems are, at the root, as the whole file has it there.
  for (const char* root : {"population", "staff_group_modelled", "system_seed"})
    CHECK(summary.read(root).values == all.read(root).values);
}

TEST_CASE("run --keep summary of one replicate is bad input, and writes nothing",
          "[storage][keep_summary]") {
  const TempDir dir;
  const std::string message =
      "wfsim run: --keep summary needs a Monte Carlo run (-r 2 or more): a run of one "
      "replicate has no /summary\n";
  for (const char* run : {"tests/scenarios/tiny.toml", "tests/scenarios/uncertain.toml -r 1",
                          "tests/scenarios/national/align.toml"}) {
    INFO(run);
    const ProcessResult r =
        run_wfsim(std::string("run ") + run + " --keep summary -o " + q(dir / "x.h5"));
    CHECK(r.status == 2);
    CHECK(r.err == message);
    CHECK(r.out.empty());
    CHECK(names_in(dir.path).empty());
  }
}

TEST_CASE("run --keep summary leaves no scratch file when the write fails part way",
          "[storage][keep_summary]") {
  const TempDir dir;
  const std::filesystem::path target = dir / "out.h5";
  // Files limited to 40 kB: the run fails part way (exit 1) and leaves
  // neither its temporary nor its scratch file behind.
  const ProcessResult r = run_in_source_dir(
      "trap '' XFSZ; ulimit -f 40; exec '" + std::string(WFSIM_PROGRAM) +
      "' run -q tests/scenarios/uncertain.toml -r 400 -j 2 --keep summary -o " + q(target));
  INFO(r.err);
  CHECK(r.status == 1);
  CHECK(r.err.find("wfsim: error: cannot write " + target.string() + ": ") == 0);
  CHECK(names_in(dir.path).empty());
}

TEST_CASE("run --keep summary: SIGTERM removes the scratch file with the temporary",
          "[storage][keep_summary]") {
  const TempDir dir;
  const std::filesystem::path target = dir / "out.h5";
  // A long run in the background (as in test_reliability.cpp), the signal
  // once its scratch file exists.
  const ProcessResult r = run_in_source_dir(
      "ulimit -f 1000000; env --default-signal=INT,TERM '" + std::string(WFSIM_PROGRAM) +
      "' run -q scenarios/example-ics.toml -r 100000 -j 1 --keep summary -o " + q(target) +
      " & pid=$!; for i in $(seq 1 400); do ls -a " + q(dir.path) +
      " | grep -q annual.tmp- && break; sleep 0.05; done; n=$(ls -a " + q(dir.path) +
      " | grep -c annual.tmp-); kill -TERM $pid; wait $pid; echo scratch=$n status=$?");
  INFO(r.out << r.err);
  CHECK(r.out == "scratch=1 status=143\n");  // the scratch file was there; the run died of TERM
  CHECK(names_in(dir.path).empty());
}

TEST_CASE("export of a --keep summary file writes summary.csv and flags.csv as the whole file's",
          "[storage][keep_summary]") {
  const TempDir dir;
  check_summary_only(dir, "tests/scenarios/national/pools-mc.toml", "-r 3", {"pools"});
  REQUIRE(run_wfsim("export -q " + q(dir / "all.h5") + " --csv " + q(dir / "all")).status == 0);
  const ProcessResult r = run_wfsim("export " + q(dir / "summary.h5") + " --csv " + q(dir / "s"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  CHECK(names_in(dir / "s") ==
        std::vector<std::string>{"flags.csv", "pools.csv", "summary.csv", "variables.csv"});
  for (const char* csv : {"flags.csv", "pools.csv", "summary.csv"}) {
    INFO(csv);
    CHECK(slurp(dir / "s" / csv) == slurp(dir / "all" / csv));
  }
  // --summary-only asks for what the file is: the same files.
  REQUIRE(
      run_wfsim("export -q " + q(dir / "summary.h5") + " --summary-only --csv " + q(dir / "only"))
          .status == 0);
  CHECK(slurp(dir / "only" / "summary.csv") == slurp(dir / "all" / "summary.csv"));
}

TEST_CASE("compare of a --keep summary file gives the whole file's table from the summary's means",
          "[storage][keep_summary]") {
  const TempDir dir;
  check_summary_only(dir, "tests/scenarios/sweep.toml", "-r 3");
  const ProcessResult a = run_wfsim("compare " + q(dir / "all.h5"));
  const ProcessResult b = run_wfsim("compare " + q(dir / "summary.h5"));
  REQUIRE(a.status == 0);
  INFO(b.err);
  CHECK(b.status == 0);
  CHECK(b.out == a.out);
  const TempDir national;
  check_summary_only(national, "tests/scenarios/national/pools-mc.toml", "-r 3", {"pools"});
  for (const char* by : {"system", "scenario"}) {
    INFO(by);
    const ProcessResult c =
        run_wfsim("compare --by " + std::string(by) + " " + q(national / "all.h5"));
    const ProcessResult d =
        run_wfsim("compare --by " + std::string(by) + " " + q(national / "summary.h5"));
    REQUIRE(c.status == 0);
    CHECK(d.status == 0);
    CHECK(d.out == c.out);
  }
}

TEST_CASE("report of a --keep summary file shows the summary's means and fan bands",
          "[storage][keep_summary]") {
  using Grid = report::Grid;
  auto same = [](const Grid& a, const Grid& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t y = 0; y < a.size(); ++y) {
      REQUIRE(a[y].size() == b[y].size());
      for (std::size_t g = 0; g < a[y].size(); ++g)
        CHECK(a[y][g] == Approx(b[y][g]).epsilon(1e-12).margin(1e-9));
    }
  };
  const TempDir dir;
  check_summary_only(dir, "tests/scenarios/uncertain.toml", "-r 6");
  const report::ReportData all = report::load_report_data(dir / "all.h5");
  const report::ReportData summary = report::load_report_data(dir / "summary.h5");
  CHECK(summary.kind == report::FileKind::monte_carlo);
  CHECK(summary.years == all.years);
  CHECK(summary.group_names == all.group_names);
  CHECK(summary.plan.quantiles == all.plan.quantiles);
  CHECK(summary.plan.quantiles.size() == 23);
  REQUIRE(summary.plan.mean.size() == all.plan.mean.size());
  for (const auto& [variable, grid] : all.plan.mean) {
    INFO(variable);
    same(summary.plan.at(variable), grid);
  }
  const ProcessResult r =
      run_wfsim("report -q " + q(dir / "summary.h5") + " -o " + q(dir / "summary.html"));
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(std::filesystem::file_size(dir / "summary.html") > 0);

  // A national file has no totals of its own then: the systems' means summed.
  const TempDir national;
  check_summary_only(national, "tests/scenarios/national/pools-mc.toml", "-r 4", {"pools"});
  const report::ReportData n_all = report::load_report_data(national / "all.h5");
  const report::ReportData n_summary = report::load_report_data(national / "summary.h5");
  CHECK(n_summary.kind == report::FileKind::national);
  REQUIRE(n_summary.systems.size() == n_all.systems.size());
  for (std::size_t s = 0; s < n_all.systems.size(); ++s) {
    CHECK(n_summary.systems[s].label == n_all.systems[s].label);
    CHECK(n_summary.systems[s].population == n_all.systems[s].population);
    CHECK(n_summary.systems[s].modelled == n_all.systems[s].modelled);
    CHECK(n_summary.systems[s].quantiles == n_all.systems[s].quantiles);
    same(n_summary.systems[s].at("fte"), n_all.systems[s].at("fte"));
  }
  for (const char* variable : {"fte", "workforce_gap_fte", "pay_cost_gbp"}) {
    INFO(variable);
    same(n_summary.plan.at(variable), n_all.plan.at(variable));
  }
  CHECK(n_summary.plan.population == n_all.plan.population);
  CHECK(n_summary.pools.by_pool == n_all.pools.by_pool);
  CHECK(run_wfsim("report -q " + q(national / "summary.h5") + " -o " + q(national / "n.html"))
            .status == 0);
}
