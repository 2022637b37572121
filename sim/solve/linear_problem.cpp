#include "solve/linear_problem.h"

#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>

namespace wfsim {

int LinearProblem::add_column(double lower, double upper, double cost, bool is_integer) {
  col_lower.push_back(lower);
  col_upper.push_back(upper);
  objective.push_back(cost);
  integer.push_back(is_integer ? 1 : 0);
  return columns() - 1;
}

int LinearProblem::add_row(double lower, double upper) {
  row_lower.push_back(lower);
  row_upper.push_back(upper);
  return rows() - 1;
}

void LinearProblem::add(int row, int col, double value) {
  if (value == 0) return;
  entry_row.push_back(row);
  entry_col.push_back(col);
  entry_value.push_back(value);
}

int LinearProblem::integers() const {
  return static_cast<int>(std::count(integer.begin(), integer.end(), 1));
}

namespace {

// COIN-OR spells infinity as COIN_DBL_MAX.
std::vector<double> coin_bounds(const std::vector<double>& values) {
  std::vector<double> out(values);
  for (double& v : out)
    if (std::isinf(v)) v = v > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX;
  return out;
}

CoinPackedMatrix matrix_of(const LinearProblem& p) {
  CoinPackedMatrix m(true, p.entry_row.data(), p.entry_col.data(), p.entry_value.data(),
                     static_cast<CoinBigIndex>(p.entry_value.size()));
  // Trailing empty rows and columns are not in the triplets.
  m.setDimensions(p.rows(), p.columns());
  return m;
}

LinearSolution solve_continuous(const LinearProblem& p, const std::vector<double>& lower,
                                const std::vector<double>& upper) {
  ClpSimplex clp;
  clp.setLogLevel(0);
  clp.loadProblem(matrix_of(p), coin_bounds(lower).data(), coin_bounds(upper).data(),
                  p.objective.data(), coin_bounds(p.row_lower).data(),
                  coin_bounds(p.row_upper).data());
  clp.initialSolve();
  LinearSolution s;
  if (clp.isProvenPrimalInfeasible()) {
    s.status = LinearSolution::Status::infeasible;
    return s;
  }
  if (!clp.isProvenOptimal()) return s;
  s.status = LinearSolution::Status::optimal;
  s.objective = clp.objectiveValue();
  s.x.assign(clp.primalColumnSolution(), clp.primalColumnSolution() + p.columns());
  s.row_dual.assign(clp.dualRowSolution(), clp.dualRowSolution() + p.rows());
  s.reduced_cost.assign(clp.dualColumnSolution(), clp.dualColumnSolution() + p.columns());
  return s;
}

int no_callback(CbcModel*, int) {
  return 0;
}

LinearSolution solve_mixed(const LinearProblem& p) {
  OsiClpSolverInterface osi;
  osi.messageHandler()->setLogLevel(0);
  osi.loadProblem(matrix_of(p), coin_bounds(p.col_lower).data(), coin_bounds(p.col_upper).data(),
                  p.objective.data(), coin_bounds(p.row_lower).data(),
                  coin_bounds(p.row_upper).data());
  for (int c = 0; c < p.columns(); ++c)
    if (p.integer[c]) osi.setInteger(c);
  CbcModel cbc(osi);
  CbcSolverUsefulData data;
  data.noPrinting_ = true;
  CbcMain0(cbc, data);
  cbc.setLogLevel(0);
  // Proven optimal, not within a gap: the answer is checked against the
  // engine and compared with the linear one.
  const char* argv[] = {"wfsim",         "-log", "0",      "-ratioGap", "0",
                        "-allowableGap", "1e-9", "-solve", "-quit"};
  CbcMain1(static_cast<int>(std::size(argv)), argv, cbc, no_callback, data);
  LinearSolution s;
  if (cbc.isProvenInfeasible()) {
    s.status = LinearSolution::Status::infeasible;
    return s;
  }
  if (!cbc.isProvenOptimal() || !cbc.bestSolution()) return s;
  // Duals of the linear programme around the solution: integers fixed.
  std::vector<double> lower(p.col_lower), upper(p.col_upper);
  for (int c = 0; c < p.columns(); ++c)
    if (p.integer[c]) lower[c] = upper[c] = std::round(cbc.bestSolution()[c]);
  s = solve_continuous(p, lower, upper);
  return s;
}

}  // namespace

LinearSolution solve_linear(const LinearProblem& problem) {
  const auto start = std::chrono::steady_clock::now();
  LinearSolution s = problem.integers() > 0
                         ? solve_mixed(problem)
                         : solve_continuous(problem, problem.col_lower, problem.col_upper);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

}  // namespace wfsim
