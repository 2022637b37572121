// Shared supply pools: claims against volumes, worked by hand.

#include <catch2/catch.hpp>

#include "national/pools.h"

using namespace wfsim;

TEST_CASE("claims under the pool are met in full", "[pools]") {
  auto r =
      allocate_pools({{1000}}, {{0, 0, {300}, {0}}, {0, 1, {500}, {0}}}, AllocationRule::pro_rata);
  REQUIRE(r.allocated[0][0] == Approx(300));
  REQUIRE(r.allocated[1][0] == Approx(500));
  REQUIRE(r.overclaim[0][0] == 0);
  REQUIRE(r.max_flow[0] == Approx(800));
  // The pool delivers what is claimed (800 of its 1000), not its volume.
  REQUIRE(r.delivered[0][0] == Approx(800));
  REQUIRE(r.total_claimed[0][0] == Approx(800));
}

TEST_CASE("claims over the pool are cut pro rata, and the max flow is the pool", "[pools]") {
  // 600 + 900 + 1500 = 3000 claimed of 1200: each gets 40 %.
  auto r = allocate_pools({{1200}}, {{0, 0, {600}, {0}}, {0, 1, {900}, {0}}, {0, 2, {1500}, {0}}},
                          AllocationRule::pro_rata);
  REQUIRE(r.max_flow[0] == Approx(1200));
  REQUIRE(r.allocated[0][0] == Approx(240));
  REQUIRE(r.allocated[1][0] == Approx(360));
  REQUIRE(r.allocated[2][0] == Approx(600));
  REQUIRE(r.total_claimed[0][0] == Approx(3000));
  REQUIRE(r.overclaim[0][0] == Approx(1800));
  REQUIRE(r.delivered[0][0] == Approx(1200));
}

TEST_CASE("claims over the pool shared by unmet demand, never above a claim", "[pools]") {
  // Pool 1000. Unmet demand 100, 300, 600 FTE: shares 100, 300, 600, but
  // system 2 claimed only 400, so its 200 spare go to the others 1:3.
  auto r =
      allocate_pools({{1000}}, {{0, 0, {500}, {100}}, {0, 1, {500}, {300}}, {0, 2, {400}, {600}}},
                     AllocationRule::unmet_demand);
  REQUIRE(r.max_flow[0] == Approx(1000));
  REQUIRE(r.allocated[2][0] == Approx(400));
  REQUIRE(r.allocated[0][0] == Approx(150));
  REQUIRE(r.allocated[1][0] == Approx(450));
  REQUIRE(r.delivered[0][0] == Approx(1000));
  REQUIRE(r.total_claimed[0][0] == Approx(1400));
  REQUIRE(r.overclaim[0][0] == Approx(400));
}

TEST_CASE("by unmet demand, what the short systems cannot take goes to the others", "[pools]") {
  // Pool 150. System 0 is short (weight 5) and claims 60; system 1 has no
  // shortfall and claims 120. System 0 takes its whole claim; the other 90
  // go to system 1 rather than lying unused.
  auto r = allocate_pools({{150}}, {{0, 0, {60}, {5}}, {0, 1, {120}, {0}}},
                          AllocationRule::unmet_demand);
  REQUIRE(r.allocated[0][0] == Approx(60));
  REQUIRE(r.allocated[1][0] == Approx(90));
  REQUIRE(r.allocated[0][0] + r.allocated[1][0] == Approx(r.max_flow[0]));
  REQUIRE(r.max_flow[0] == Approx(150));
  REQUIRE(r.delivered[0][0] == Approx(150));
  REQUIRE(r.total_claimed[0][0] == Approx(180));
  REQUIRE(r.overclaim[0][0] == Approx(30));
}

TEST_CASE("several pools and years are separate networks", "[pools]") {
  // Pool 0 over-claimed in year 1 only; pool 1 never.
  auto r =
      allocate_pools({{100, 50}, {80, 80}},
                     {{0, 0, {60, 60}, {0, 0}}, {0, 1, {40, 40}, {0, 0}}, {1, 1, {70, 10}, {0, 0}}},
                     AllocationRule::pro_rata);
  REQUIRE(r.max_flow[0] == Approx(170));
  REQUIRE(r.max_flow[1] == Approx(60));
  REQUIRE(r.allocated[0][1] == Approx(30));
  REQUIRE(r.allocated[1][1] == Approx(20));
  REQUIRE(r.allocated[2][1] == Approx(10));
  REQUIRE(r.overclaim[0][1] == Approx(50));
  REQUIRE(r.overclaim[1][0] == 0);
  // Every quantity of both pools in both years, by hand: pool 0 holds 100
  // then 50 against claims of 60 + 40; pool 1 holds 80 against 70 then 10.
  using Rows = std::vector<std::vector<double>>;
  auto approx = [](const Rows& got, const Rows& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      REQUIRE(got[i].size() == want[i].size());
      for (std::size_t y = 0; y < got[i].size(); ++y) CHECK(got[i][y] == Approx(want[i][y]));
    }
  };
  approx(r.allocated, Rows{{60, 30}, {40, 20}, {70, 10}});
  approx(r.total_claimed, Rows{{100, 100}, {70, 10}});
  approx(r.delivered, Rows{{100, 50}, {70, 10}});
  approx(r.overclaim, Rows{{0, 50}, {0, 0}});
  approx(Rows{r.max_flow}, Rows{{170, 60}});
}

TEST_CASE("share_out water-fills around capped claimants", "[pools]") {
  auto shares = share_out(90, {10, 100, 100}, {1, 1, 1});
  REQUIRE(shares[0] == Approx(10));
  REQUIRE(shares[1] == Approx(40));
  REQUIRE(shares[2] == Approx(40));
  // No weight anywhere: by the caps.
  shares = share_out(50, {10, 40}, {0, 0});
  REQUIRE(shares[0] == Approx(10));
  REQUIRE(shares[1] == Approx(40));
}
