#pragma once
// One verdict on a wfsim output file's layout, shared by every command
// that reads one (`export`, `compare`): a file one of them refuses as
// damaged, the other refuses too, with the same message.

namespace wfsim {

class RunReader;

// Checks every dataset of the file's data groups (the root, /annual,
// /summary, /national/annual, /pools) against OUTPUT.md before any values
// are read: a variable of the variable table holds numbers; each axis of
// a dataset is named by a dimension wfsim writes, whose coordinate is in
// the same group with as many values as the axis; the variables of the
// table have their period axis (time or year) and their replicate (or, in
// /summary, quantile) axis; `time` has CF units. Throws FileError.
void check_run_file(const RunReader& reader);

}  // namespace wfsim
