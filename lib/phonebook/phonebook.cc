// SPDX-License-Identifier: MIT
// Phonebook: POP records in one vector of fixed-size records plus one text pool.
#include "cm/phonebook.h"

#include <cstring>
#include <limits>

namespace cm {
namespace {

constexpr size_t kMaxStoredText = std::numeric_limits<uint16_t>::max();

}  // namespace

Pop PopView::ToPop() const {
  Pop pop;
  pop.pop_id = pop_id;
  pop.country = country;
  pop.region_id = region_id;
  pop.name = std::string(name);
  pop.area_code = std::string(area_code);
  pop.number = std::string(number);
  pop.min_speed = min_speed;
  pop.max_speed = max_speed;
  pop.reserved = reserved;
  pop.flags = flags;
  pop.dun = std::string(dun);
  return pop;
}

PopView ViewOf(const Pop& pop) {
  PopView view;
  view.pop_id = pop.pop_id;
  view.country = pop.country;
  view.region_id = pop.region_id;
  view.name = pop.name;
  view.area_code = pop.area_code;
  view.number = pop.number;
  view.min_speed = pop.min_speed;
  view.max_speed = pop.max_speed;
  view.reserved = pop.reserved;
  view.flags = pop.flags;
  view.dun = pop.dun;
  return view;
}

Phonebook::TextRef Phonebook::Store(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() > kMaxStoredText) text = text.substr(0, kMaxStoredText);
  TextRef ref{static_cast<uint32_t>(text_.size()), static_cast<uint16_t>(text.size())};
  text_.append(text);
  return ref;
}

void Phonebook::Add(const Pop& pop) { Add(ViewOf(pop)); }

void Phonebook::Add(const PopView& pop) {
  Record record{};
  record.present = 0;
  auto put = [&record](const std::optional<uint32_t>& value, uint32_t& slot, uint8_t bit) {
    if (!value) return;
    slot = *value;
    record.present = static_cast<uint8_t>(record.present | bit);
  };
  put(pop.pop_id, record.pop_id, kHasPopId);
  put(pop.region_id, record.region_id, kHasRegion);
  put(pop.min_speed, record.min_speed, kHasMinSpeed);
  put(pop.max_speed, record.max_speed, kHasMaxSpeed);
  put(pop.reserved, record.reserved, kHasReserved);
  put(pop.flags, record.flags, kHasFlags);
  record.country = pop.country;
  record.name = Store(pop.name);
  record.area_code = Store(pop.area_code);
  record.number = Store(pop.number);
  record.dun = Store(pop.dun);
  records_.push_back(record);
}

PopView Phonebook::operator[](size_t index) const {
  const Record& record = records_[index];
  auto get = [&record](uint32_t value, uint8_t bit) -> std::optional<uint32_t> {
    if ((record.present & bit) == 0) return std::nullopt;
    return value;
  };
  PopView view;
  view.pop_id = get(record.pop_id, kHasPopId);
  view.country = record.country;
  view.region_id = get(record.region_id, kHasRegion);
  view.name = Text(record.name);
  view.area_code = Text(record.area_code);
  view.number = Text(record.number);
  view.min_speed = get(record.min_speed, kHasMinSpeed);
  view.max_speed = get(record.max_speed, kHasMaxSpeed);
  view.reserved = get(record.reserved, kHasReserved);
  view.flags = get(record.flags, kHasFlags);
  view.dun = Text(record.dun);
  return view;
}

void Phonebook::Reserve(size_t pops, size_t text_bytes) {
  records_.reserve(pops);
  text_.reserve(text_bytes);
}

void Phonebook::Clear() {
  records_.clear();
  text_.clear();
}

size_t Phonebook::MemoryUsage() const {
  return sizeof(*this) + records_.capacity() * sizeof(Record) + text_.capacity();
}

bool Phonebook::TextContainsAny(std::string_view bytes) const {
  for (char c : bytes) {
    if (std::memchr(text_.data(), c, text_.size()) != nullptr) return true;
  }
  return false;
}

void Phonebook::ShrinkToFit() {
  records_.shrink_to_fit();
  text_.shrink_to_fit();
}

bool Phonebook::operator==(const Phonebook& other) const {
  if (size() != other.size()) return false;
  for (size_t i = 0; i < size(); ++i) {
    if (!((*this)[i] == other[i])) return false;
  }
  return true;
}

}  // namespace cm
