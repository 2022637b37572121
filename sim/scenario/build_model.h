#pragma once
// The merged scenario document -> Model inputs (scenario layer only).
//
// Reads every section of SCENARIO.md with strict typing and the ranges of
// MODEL.md section 9, reporting each problem through the Reader and
// carrying on, so one pass finds them all. finalize_model() is not called
// here.

#include <toml++/toml.h>

#include <map>
#include <string>
#include <vector>

#include "model/model.h"
#include "scenario/reader.h"

namespace wfsim::scenario {

// Fills `model` from `document`. Problems go to the reader's diagnostics.
void build_model(Reader& reader, const toml::table& document, Model& model);

// One element of an array of tables, with the key path its messages use:
// "staff_group.nurse_adult" when it has a valid, unique id, else
// "staff_group[2]".
struct Element {
  const toml::table* table = nullptr;
  std::string path;
  std::string id;  // empty when missing or invalid
};

// The elements of the array of tables `node` (named `name`), checking ids
// when `with_id`: required, snake_case, unique.
std::vector<Element> elements(Reader& reader, const toml::node* node, const std::string& name,
                              bool with_id);

// [[assert]], [[uncertainty.parameter]] and [[sweep]]: read after the rest
// of the model, as they refer to it.
void build_checks(Reader& reader, const toml::table& document, Model& model);

// [solve] and [[lever]] (docs/solve.md): read after build_checks, as a
// lever must not clash with a draw or a sweep.
void build_solve(Reader& reader, const toml::table& document, Model& model);

}  // namespace wfsim::scenario
