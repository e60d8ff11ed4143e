// SPDX-License-Identifier: MIT
#include "connect/phonebook_step.h"

namespace cm::cmdial {

void RunPhonebookStep(const InstalledProfile& installed, const StorePaths& paths,
                      ConnectionLog& log) {
  (void)installed;
  (void)paths;
  // TODO(#6): call UpdatePhonebook (profiles/phonebook_update.h) once it is built.
  log.Write("phone book update: not built yet (profiles/phonebook_update.h)");
}

}  // namespace cm::cmdial
