#pragma once
// A linear or mixed-integer programme, and its solution by COIN-OR: Clp
// when every column is continuous, Cbc when some are integer. Only this
// file's implementation sees COIN-OR.

#include <limits>
#include <vector>

namespace wfsim {

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// min objective . x  subject to  row_lower <= A x <= row_upper,
// col_lower <= x <= col_upper, x integer where `integer` says.
struct LinearProblem {
  std::vector<double> col_lower, col_upper, objective;
  std::vector<char> integer;
  std::vector<double> row_lower, row_upper;
  std::vector<int> entry_row, entry_col;  // A as triplets; repeated ones add up
  std::vector<double> entry_value;

  int add_column(double lower, double upper, double cost, bool is_integer = false);
  int add_row(double lower, double upper);
  void add(int row, int col, double value);
  int columns() const { return static_cast<int>(col_lower.size()); }
  int rows() const { return static_cast<int>(row_lower.size()); }
  int integers() const;
};

struct LinearSolution {
  enum class Status { optimal, infeasible, failed };
  Status status = Status::failed;
  double objective = 0;
  std::vector<double> x;
  // Of the linear programme, or for a mixed-integer one of the linear
  // programme with every integer column fixed at its value: the change in
  // the objective per unit of a row's bound, and per unit of a column.
  std::vector<double> row_dual, reduced_cost;
  double seconds = 0;  // wall time in COIN-OR
};

LinearSolution solve_linear(const LinearProblem& problem);

}  // namespace wfsim
