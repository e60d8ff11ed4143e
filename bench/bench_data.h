// SPDX-License-Identifier: MIT
// Synthetic phone books for the benchmarks: realistic field lengths, fictional numbers.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cm/phonebook.h"

namespace cm::bench {

// `pops` POPs with ids 1..pops, spread over a dozen countries and 40 regions. Deterministic
// for a given seed.
Phonebook MakeSyntheticPhonebook(size_t pops, uint32_t seed = 1);

// A copy of `base` where `changes` POPs are edited, added or deleted (about a third each).
Phonebook MakeEditedPhonebook(const Phonebook& base, size_t changes, uint32_t seed = 2);

}  // namespace cm::bench
