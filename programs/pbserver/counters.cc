// SPDX-License-Identifier: MIT
// Counting hits and writing them in the Prometheus text format.
#include "counters.h"

#include <fmt/format.h>

#include "catalog.h"

namespace cm::pbserver {

void WorkerCounters::CountHit(HitKind kind) {
  switch (kind) {
    case HitKind::kNotAHit:
      return;
    case HitKind::kNoUpgrade:
      no_upgrade.Add();
      break;
    case HitKind::kDelta:
      delta_upgrade.Add();
      break;
    case HitKind::kFull:
      full_upgrade.Add();
      break;
    case HitKind::kError:
      error_hits.Add();
      break;
  }
  hits.Add();
}

CounterTotals Counters::Sum() const {
  CounterTotals t;
  for (const WorkerCounters& w : workers_) {
    t.requests += w.requests.Get();
    t.hits += w.hits.Get();
    t.no_upgrade += w.no_upgrade.Get();
    t.delta_upgrade += w.delta_upgrade.Get();
    t.full_upgrade += w.full_upgrade.Get();
    t.error_hits += w.error_hits.Get();
    t.not_modified += w.not_modified.Get();
  }
  return t;
}

void Counters::Tick() {
  uint64_t hits = Sum().hits;
  hits_per_second.store(hits - last_hits_, std::memory_order_relaxed);
  last_hits_ = hits;
}

std::string MetricsText(const Counters& counters, const Catalog& catalog) {
  CounterTotals t = counters.Sum();
  std::string out;
  auto metric = [&out](std::string_view name, std::string_view type, std::string_view help,
                       auto value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, value);
  };
  metric("pbserver_hits_total", "counter", "Update queries received.", t.hits);
  metric("pbserver_no_upgrade_hits_total", "counter", "Update queries answered with no update (204).",
         t.no_upgrade);
  metric("pbserver_delta_upgrade_hits_total", "counter", "Update queries answered with a delta cabinet.",
         t.delta_upgrade);
  metric("pbserver_full_upgrade_hits_total", "counter", "Update queries answered with the full cabinet.",
         t.full_upgrade);
  metric("pbserver_error_hits_total", "counter", "Update queries answered with an error.",
         t.error_hits);
  metric("pbserver_not_modified_hits_total", "counter",
         "Cabinet answers sent as 304 Not Modified (also counted as delta or full).",
         t.not_modified);
  metric("pbserver_hits_per_second", "gauge", "Update queries in the last second.",
         counters.hits_per_second.load(std::memory_order_relaxed));
  metric("pbserver_requests_total", "counter", "HTTP requests of any kind.", t.requests);
  metric("pbserver_connections_open", "gauge", "Open client connections.",
         counters.connections_open.load(std::memory_order_relaxed));
  metric("pbserver_connections_accepted_total", "counter", "Connections accepted.",
         counters.connections_accepted.load(std::memory_order_relaxed));
  metric("pbserver_connections_refused_total", "counter", "Connections closed at once: over the limit.",
         counters.connections_refused.load(std::memory_order_relaxed));
  metric("pbserver_timeouts_total", "counter", "Connections closed for being too slow.",
         counters.timeouts.load(std::memory_order_relaxed));
  metric("pbserver_posts_accepted_total", "counter", "Releases posted and switched in.",
         counters.posts_accepted.load(std::memory_order_relaxed));
  metric("pbserver_posts_refused_total", "counter", "Posts refused (credentials or checks).",
         counters.posts_refused.load(std::memory_order_relaxed));
  out +=
      "# HELP pbserver_phonebook_version The published version of each phone book.\n"
      "# TYPE pbserver_phonebook_version gauge\n";
  for (const auto& [name, entry] : catalog.books()) {
    out += fmt::format("pbserver_phonebook_version{{phonebook=\"{}\"}} {}\n", name, entry->version);
  }
  out +=
      "# HELP pbserver_phonebook_cabinet_bytes Bytes of the cabinets served for each phone book.\n"
      "# TYPE pbserver_phonebook_cabinet_bytes gauge\n";
  for (const auto& [name, entry] : catalog.books()) {
    out += fmt::format("pbserver_phonebook_cabinet_bytes{{phonebook=\"{}\"}} {}\n", name,
                       entry->cabinet_bytes);
  }
  return out;
}

}  // namespace cm::pbserver
