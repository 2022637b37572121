// What a file keeps and how it stores it: `run --keep` and `--compress`
// (docs/output.md "Storage"). Every value kept is the value the whole,
// uncompressed file holds, bit for bit.
#include <hdf5.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "output/hdf5_reader.h"
#include "process.h"

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
    if (!reader.is_strings(prefix + name)) out.emplace_back(name, reader.read(prefix + name).values);
  return out;
}

// The number of filters on a dataset, and whether deflate is one of them.
std::pair<int, bool> filters_of(const std::filesystem::path& file, const char* dataset) {
  hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
  REQUIRE(d >= 0);
  hid_t plist = H5Dget_create_plist(d);
  const int n = H5Pget_nfilters(plist);
  bool deflate = false;
  for (int i = 0; i < n; ++i) {
    unsigned flags = 0;
    std::size_t elements = 0;
    unsigned config = 0;
    if (H5Pget_filter2(plist, static_cast<unsigned>(i), &flags, &elements, nullptr, 0, nullptr,
                       &config) == H5Z_FILTER_DEFLATE)
      deflate = true;
  }
  H5Pclose(plist);
  H5Dclose(d);
  H5Fclose(f);
  return {n, deflate};
}

}  // namespace

TEST_CASE("run --keep annual writes /annual and /summary as the whole file has them, and no monthly "
          "values",
          "[storage]") {
  const TempDir dir;
  const std::string scenario = "tests/scenarios/uncertain.toml";
  REQUIRE(run_wfsim("run -q " + scenario + " -r 5 -j 2 -o " + q(dir / "all.h5")).status == 0);
  const ProcessResult kept =
      run_wfsim("run -q " + scenario + " -r 5 -j 2 --keep annual -o " + q(dir / "annual.h5"));
  REQUIRE(kept.status == 0);
  const RunReader all(dir / "all.h5"), annual(dir / "annual.h5");
  CHECK(all.has("headcount"));
  CHECK_FALSE(annual.has("headcount"));
  CHECK_FALSE(annual.has("effective_fte"));
  CHECK(annual.has("time"));  // the axes stay, so the file reads as any other
  for (const char* group : {"annual", "summary", "flags"}) {
    INFO(group);
    CHECK(values_of(annual, group) == values_of(all, group));
  }
  CHECK(std::filesystem::file_size(dir / "annual.h5") <
        std::filesystem::file_size(dir / "all.h5"));

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
  const std::string scenario = "tests/scenarios/national/align.toml";
  REQUIRE(run_wfsim("run -q " + scenario + " -o " + q(dir / "all.h5")).status == 0);
  REQUIRE(run_wfsim("run -q " + scenario + " --keep annual -o " + q(dir / "annual.h5")).status ==
          0);
  const RunReader all(dir / "all.h5"), annual(dir / "annual.h5");
  CHECK(all.has("national/headcount"));
  CHECK_FALSE(annual.has("national/headcount"));
  CHECK_FALSE(annual.has("headcount"));
  for (const char* group : {"annual", "national/annual", "pools", "flags"}) {
    INFO(group);
    CHECK(values_of(annual, group) == values_of(all, group));
  }
}

TEST_CASE("run --compress stores every value exactly, shuffled and deflated, in a smaller file",
          "[storage]") {
  const TempDir dir;
  const std::string scenario = "tests/scenarios/uncertain.toml";
  REQUIRE(run_wfsim("run -q " + scenario + " -r 4 -o " + q(dir / "plain.h5")).status == 0);
  REQUIRE(run_wfsim("run -q " + scenario + " -r 4 --compress -o " + q(dir / "small.h5")).status ==
          0);
  const RunReader plain(dir / "plain.h5"), small(dir / "small.h5");
  for (const char* group : {"", "annual", "summary", "flags"}) {
    INFO(group);
    CHECK(values_of(small, group) == values_of(plain, group));
  }
  CHECK(filters_of(dir / "plain.h5", "headcount") == std::pair<int, bool>{0, false});
  CHECK(filters_of(dir / "small.h5", "headcount") == std::pair<int, bool>{2, true});
  CHECK(filters_of(dir / "small.h5", "annual/fte") == std::pair<int, bool>{2, true});
  CHECK(std::filesystem::file_size(dir / "small.h5") <
        std::filesystem::file_size(dir / "plain.h5"));
}

TEST_CASE("run --keep takes all or annual, and says so otherwise", "[storage]") {
  const TempDir dir;
  const ProcessResult r =
      run_wfsim("run tests/scenarios/tiny.toml --keep monthly -o " + q(dir / "x.h5"));
  CHECK(r.status == 2);
  CHECK(r.err.find("--keep: monthly not in {all,annual}") != std::string::npos);
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
                       "--keep annual writes only /annual and /summary, and --compress shrinks "
                       "what is kept.") != std::string::npos);
  const ProcessResult kept =
      run_wfsim("run tests/scenarios/tiny.toml -r 1001 -j 2 --keep annual -o " +
                q(dir / "kept.h5"));
  REQUIRE(kept.status == 0);
  CHECK(kept.out.find("--keep annual") == std::string::npos);
  const ProcessResult few = run_wfsim("run tests/scenarios/tiny.toml -r 1000 -j 2 -o " +
                                      q(dir / "few.h5"));
  REQUIRE(few.status == 0);
  CHECK(few.out.find("--keep annual") == std::string::npos);
}
