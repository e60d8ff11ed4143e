// SPDX-License-Identifier: MIT
// The service's counters, after the original PBServer Monitor object, and their /metrics text.
//
// Each worker thread owns one WorkerCounters and is its only writer (relaxed load + store, no
// locked instruction on the request path); any thread may read. Counters::Tick() is called once
// a second by one thread to compute hits per second. Server-wide gauges are atomics.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <string>

namespace cm::pbserver {

class Catalog;

// A counter with a single writer thread and any number of readers.
class RelaxedCounter {
 public:
  void Add(uint64_t n = 1) {
    value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  uint64_t Get() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// What one update query ended in.
enum class HitKind { kNotAHit, kNoUpgrade, kDelta, kFull, kError };

struct alignas(64) WorkerCounters {
  RelaxedCounter requests;       // every request, any path
  RelaxedCounter hits;           // update queries (the original's "Total Hits")
  RelaxedCounter no_upgrade;
  RelaxedCounter delta_upgrade;
  RelaxedCounter full_upgrade;
  RelaxedCounter error_hits;     // update queries (and unparsable requests) answered with an error
  RelaxedCounter not_modified;   // 304 answers (also counted under delta or full)

  void CountHit(HitKind kind);
};

struct CounterTotals {
  uint64_t requests = 0, hits = 0, no_upgrade = 0, delta_upgrade = 0, full_upgrade = 0,
           error_hits = 0, not_modified = 0;
};

class Counters {
 public:
  explicit Counters(size_t workers) : workers_(workers == 0 ? 1 : workers) {}

  WorkerCounters& worker(size_t index) { return workers_[index % workers_.size()]; }
  CounterTotals Sum() const;
  // Once a second: hits_per_second becomes the hits since the previous call.
  void Tick();

  std::atomic<uint64_t> hits_per_second{0};
  std::atomic<int64_t> connections_open{0};
  std::atomic<uint64_t> connections_accepted{0};
  std::atomic<uint64_t> connections_refused{0};  // over the connection limit
  std::atomic<uint64_t> timeouts{0};             // connections closed for being too slow
  std::atomic<uint64_t> posts_accepted{0};
  std::atomic<uint64_t> posts_refused{0};

 private:
  std::deque<WorkerCounters> workers_;  // deque: WorkerCounters is neither copyable nor movable
  uint64_t last_hits_ = 0;
};

// The Prometheus text exposition (version 0.0.4) of `counters` and the served versions.
std::string MetricsText(const Counters& counters, const Catalog& catalog);

}  // namespace cm::pbserver
