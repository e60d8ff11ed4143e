// SPDX-License-Identifier: MIT
// The phone book model: POP records per [MS-CPSP] §2.1 and region lists per §2.2.
//
// A Phonebook holds POPs in file order in a compact form (a 65,000-POP book must fit in less
// than three times its file size), handing out PopView values that borrow from it. Pop is the
// owning value type used to build and edit records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cm {

// POP Flag bits, [MS-CPSP] §2.1 field 10. Several bits are inverted: 0 means the capability is
// present. The names say what a SET bit means.
namespace pop_flag {
inline constexpr uint32_t kNotSignOn = 0x01;    // 0 = sign-on POP (MUST be 0 for DUN clients)
inline constexpr uint32_t kSignUp = 0x02;       // 1 = sign-up POP
inline constexpr uint32_t kNoModem = 0x04;      // 0 = modem supported
inline constexpr uint32_t kNoIsdn = 0x08;       // 0 = ISDN supported
inline constexpr uint32_t kCustom1 = 0x10;      // reserved, SHOULD be 0
inline constexpr uint32_t kNoMulticast = 0x20;  // 0 = multicast supported
inline constexpr uint32_t kSurcharge = 0x40;    // 1 = surcharge applies
inline constexpr uint32_t kCustom2 = 0x80;      // reserved, MUST be 0
}  // namespace pop_flag

// [MS-CPSP] §2.1 field limits (the client's); the administrator's stricter ones are in
// pbk_format.h.
inline constexpr size_t kMaxPopNameLength = 31;
inline constexpr size_t kMaxAreaCodeLength = 11;
inline constexpr size_t kMaxAccessNumberLength = 41;
inline constexpr size_t kMaxDunNameLength = 50;
inline constexpr size_t kMaxRegionNameLength = 31;

// One POP, owning its text. Optional numeric fields are empty when the file left them blank.
struct Pop {
  std::optional<uint32_t> pop_id;     // field 1, POP Index
  uint32_t country = 0;               // field 2, required (TAPI country ID as PBA writes it)
  std::optional<uint32_t> region_id;  // field 3, 1-based into the region list, 0 = all
  std::string name;                   // field 4
  std::string area_code;              // field 5
  std::string number;                 // field 6, Access Number
  std::optional<uint32_t> min_speed;  // field 7
  std::optional<uint32_t> max_speed;  // field 8
  std::optional<uint32_t> reserved;   // field 9
  std::optional<uint32_t> flags;      // field 10, pop_flag bits; absent means 0
  std::string dun;                    // field 11, Dial-up Networking entry name

  bool operator==(const Pop&) const = default;
};

// A POP borrowed from a Phonebook; valid while the Phonebook lives and is not modified.
struct PopView {
  std::optional<uint32_t> pop_id;
  uint32_t country = 0;
  std::optional<uint32_t> region_id;
  std::string_view name;
  std::string_view area_code;
  std::string_view number;
  std::optional<uint32_t> min_speed;
  std::optional<uint32_t> max_speed;
  std::optional<uint32_t> reserved;
  std::optional<uint32_t> flags;
  std::string_view dun;

  Pop ToPop() const;
  bool operator==(const PopView&) const = default;
};

// A PopView of `pop`; valid while `pop` lives and is not modified.
PopView ViewOf(const Pop& pop);

// POPs in order, stored compactly. Not thread-safe for writes; concurrent reads are fine.
class Phonebook {
 public:
  Phonebook() = default;

  size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  PopView operator[](size_t index) const;

  // Appends a POP. Text longer than 65,535 bytes per field is cut (no valid file has such).
  void Add(const Pop& pop);
  void Add(const PopView& pop);
  void Reserve(size_t pops, size_t text_bytes);
  void Clear();

  // Bytes of memory held (records and text, by capacity), for the memory budget checks.
  size_t MemoryUsage() const;
  // Total bytes of text (names, area codes, numbers, DUN names) of all POPs.
  size_t TextBytes() const { return text_.size(); }
  // True when the text of any POP contains one of `bytes` (a writer's fast path).
  bool TextContainsAny(std::string_view bytes) const;
  // Releases spare capacity (after a load whose Reserve over-estimated).
  void ShrinkToFit();

  // Same POPs in the same order.
  bool operator==(const Phonebook& other) const;

 private:
  struct TextRef {
    uint32_t offset = 0;
    uint16_t length = 0;
  };
  // Presence bits for the optional numeric fields.
  enum : uint8_t {
    kHasPopId = 1,
    kHasRegion = 2,
    kHasMinSpeed = 4,
    kHasMaxSpeed = 8,
    kHasReserved = 16,
    kHasFlags = 32,
  };
  struct Record {
    uint32_t pop_id, country, region_id, min_speed, max_speed, reserved, flags;
    TextRef name, area_code, number, dun;
    uint8_t present;
  };
  TextRef Store(std::string_view text);
  std::string_view Text(TextRef ref) const {
    return std::string_view(text_.data() + ref.offset, ref.length);
  }

  std::vector<Record> records_;
  std::string text_;
};

// The region file's names; POP field 3 indexes it from 1.
struct RegionList {
  std::vector<std::string> names;

  size_t size() const { return names.size(); }
  bool operator==(const RegionList&) const = default;
};

}  // namespace cm
