// SPDX-License-Identifier: MIT
#include "connect/phonebook_step.h"

#include <fmt/format.h>

#include "profiles/book_updates.h"

namespace cm::cmdial {

void RunPhonebookStep(const InstalledProfile& installed, const StorePaths& paths,
                      ConnectionLog& log) {
  UpdateOptions options;
  options.log_path = DefaultUpdateLogPath(paths, installed);
  options.cache_dir = paths.cache_dir;
  for (const BookUpdate& update : UpdateAllPhonebooks(installed, options)) {
    if (update.outcome) {
      log.Write("phone book update: " + update.outcome->message);
      continue;
    }
    log.Write(fmt::format("phone book update of {} failed, the old phone book is kept: {}",
                          update.book.Label(), update.outcome.error().ToString()));
  }
}

}  // namespace cm::cmdial
