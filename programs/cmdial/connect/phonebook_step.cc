// SPDX-License-Identifier: MIT
#include "connect/phonebook_step.h"

#include "profiles/phonebook_update.h"

namespace cm::cmdial {

void RunPhonebookStep(const InstalledProfile& installed, const StorePaths& paths,
                      ConnectionLog& log) {
  UpdateOptions options;
  options.log_path = DefaultUpdateLogPath(paths, installed);
  Result<PhonebookUpdateOutcome> outcome = UpdatePhonebook(installed, options);
  if (outcome) {
    log.Write("phone book update: " + outcome->message);
    return;
  }
  log.Write("phone book update failed, the old phone book is kept: " + outcome.error().ToString());
}

}  // namespace cm::cmdial
