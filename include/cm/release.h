// SPDX-License-Identifier: MIT
// Phone book releases: versions, full and delta cabinets, signed manifests, and applying them.
//
// Release N of phone book P is a full cabinet (P.pbk, P.pbr, P.ver, manifest.json,
// manifest.sig) plus cumulative delta cabinets from each of the five previous versions to N
// (P.delta, P.pbr when the regions changed, P.ver, manifest.json, manifest.sig). The manifest
// names the phone book, the kind, the base and target versions and the SHA-256 of every file the
// client ends up with; manifest.sig is the publisher's Ed25519 signature of manifest.json.
// Applying delta B→N to release B reproduces release N byte for byte. Formats:
// docs/formats/release.md. Nothing here touches the disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cm/crypto.h"
#include "cm/phonebook.h"
#include "cm/result.h"

namespace cm {

// A client at most this many versions behind gets a delta; further behind, the full book.
inline constexpr uint32_t kMaxDeltaDistance = 5;

enum class UpdateKind { kNone, kDelta, kFull };

// The seed's rule: V >= N → none; 1 <= N − V <= 5 with the delta present → delta; otherwise
// (V = 0, too far behind, delta missing) → full.
UpdateKind DecideUpdate(uint32_t client_version, uint32_t current_version, bool delta_available);

// One version of a phone book in canonical form: POPs sorted by POP index, every POP with a
// unique index, written by WritePbk/WritePbr. Canonical form is what makes deltas exact.
struct ReleaseSnapshot {
  std::string name;
  uint32_t version = 0;
  std::string pbk;
  std::string pbr;
  Sha256Digest pbk_sha256{};
  Sha256Digest pbr_sha256{};
};

// Builds the canonical snapshot of `book`. Errors: kInvalidArgument when the name breaks the
// name rule, the version is 0, a POP has no POP index (naming its position), or two POPs share
// an index (naming it).
[[nodiscard]] Result<ReleaseSnapshot> MakeSnapshot(std::string_view name, uint32_t version,
                                                   const Phonebook& book,
                                                   const RegionList& regions);

// Wraps files that are already canonical (an installed phone book, a stored snapshot), after
// checking that every line starts with a POP index and the indexes strictly increase (kCorrupt
// naming the line otherwise).
[[nodiscard]] Result<ReleaseSnapshot> SnapshotFromFiles(std::string_view name, uint32_t version,
                                                        std::string pbk, std::string pbr);

struct DeltaCounts {
  uint32_t added = 0;
  uint32_t changed = 0;
  uint32_t deleted = 0;
};

// The P.delta text that turns canonical `base_pbk` into canonical `target_pbk`.
// Errors: kCorrupt when either input is not canonical.
[[nodiscard]] Result<std::string> MakePbkDelta(std::string_view base_pbk,
                                               std::string_view target_pbk,
                                               DeltaCounts* counts = nullptr);

// Receives bytes in order, piece by piece (a file being written, a hash); an error stops the
// producer, which returns it.
using ByteSink = std::function<Status(std::string_view)>;

// Applies P.delta text to canonical `base_pbk`. Errors: kCorrupt naming the delta line (or the
// base line) that is malformed, out of order, deletes or changes a POP the base lacks, or adds
// one it already has.
[[nodiscard]] Result<std::string> ApplyPbkDelta(std::string_view base_pbk, std::string_view delta);
// The same, handing the new book to `sink` as it is made (runs of unchanged lines and each new
// line) instead of returning it; on an error, what reached the sink is not a phone book. Runs of
// unchanged lines are views of `base_pbk`'s own bytes, so a sink can tell them from new lines
// by where they point (cmdial checks only the new lines of a book it knows).
[[nodiscard]] Status ApplyPbkDelta(std::string_view base_pbk, std::string_view delta,
                                   const ByteSink& sink);

// What a signed manifest says.
struct ManifestFile {
  Sha256Digest sha256{};
  uint64_t size = 0;
  bool operator==(const ManifestFile&) const = default;
};
struct Manifest {
  std::string phonebook;
  UpdateKind kind = UpdateKind::kFull;             // kFull or kDelta
  uint32_t version = 0;                            // the version the client ends up with
  uint32_t base_version = 0;                       // delta only
  std::map<std::string, ManifestFile> files;       // resulting files: P.pbk, P.pbr, P.ver
  std::map<std::string, ManifestFile> base_files;  // delta only: what the base must be
  std::map<std::string, ManifestFile> payload;     // cabinet members other than the manifest
  uint32_t pop_count = 0;
  DeltaCounts counts;  // delta only
  std::string signer;  // the signer's public key, "ed25519:..."
};

// Manifest JSON text (deterministic) and its parser (kParse naming the field at fault).
std::string SerializeManifest(const Manifest& manifest);
[[nodiscard]] Result<Manifest> ParseManifest(std::string_view json);

// The full cabinet of `target`, signed with `key`.
[[nodiscard]] Result<std::string> BuildFullCabinet(const ReleaseSnapshot& target,
                                                   const SigningKey& key);
// The delta cabinet from `base` to `target` (same phone book, base.version < target.version).
[[nodiscard]] Result<std::string> BuildDeltaCabinet(const ReleaseSnapshot& base,
                                                    const ReleaseSnapshot& target,
                                                    const SigningKey& key,
                                                    DeltaCounts* counts = nullptr);

// A complete release: the full cabinet and one delta per previous version given.
struct Release {
  uint32_t version = 0;
  std::string full_cabinet;
  std::map<uint32_t, std::string> delta_cabinets;  // by base version
  std::map<uint32_t, DeltaCounts> delta_counts;    // by base version
};

// Builds release `target.version` with deltas from each snapshot in `previous` that is within
// kMaxDeltaDistance versions (others are ignored).
[[nodiscard]] Result<Release> BuildRelease(const ReleaseSnapshot& target,
                                           const std::vector<ReleaseSnapshot>& previous,
                                           const SigningKey& key);

// A cabinet whose manifest signature and payload hashes have been checked.
struct VerifiedCabinet {
  Manifest manifest;
  std::map<std::string, std::string> members;  // payload members by name
};

// Reads a release cabinet and checks it: manifest.sig verifies with `key` (kSignature, naming
// the expected key and the signer the manifest claims), every payload member's hash and size
// match the manifest and no member is unlisted (kCorrupt), and the phone book is `expected_name`
// when that is not empty (kInvalidArgument).
[[nodiscard]] Result<VerifiedCabinet> OpenReleaseCabinet(std::string_view cabinet,
                                                         const PublicKey& key,
                                                         std::string_view expected_name = {});

// A client's installed phone book as read from disk, not checked or hashed: the base a delta is
// applied to. The views must outlive the call they are passed to.
struct InstalledBook {
  uint32_t version = 0;
  std::string_view pbk;
  std::string_view pbr;
};

// What a client does with an update: verifies `cabinet` with `key`; for a delta, applies it to
// `installed` (which must be the delta's base version) and checks the result's hashes against
// the signed manifest, which proves the new book whatever the old one held; the installed book
// is hashed only when that check fails, to say whether the base was the cause. So an installed
// book that differs from the release only in POPs the delta replaces or deletes still gives the
// exact new release. Returns the new snapshot. Errors: as OpenReleaseCabinet; kInvalidArgument
// when a delta arrives without an installed book or for another version; kCorrupt when the
// installed book is not the release it claims to be (the message says to ask for the full book)
// or the result does not match the manifest.
[[nodiscard]] Result<ReleaseSnapshot> ApplyUpdate(const InstalledBook* installed,
                                                  std::string_view cabinet, const PublicKey& key,
                                                  std::string_view expected_name);

// ApplyUpdate that hands the new .pbk to `pbk_sink` as it is made instead of returning it (the
// snapshot returned has an empty pbk; its other fields, hashes included, are set), so a client
// can write the new book to disk while it is being made and checked. What reached the sink is
// the verified release only when this returns a value; on an error the caller discards it.
[[nodiscard]] Result<ReleaseSnapshot> ApplyUpdate(const InstalledBook* installed,
                                                  std::string_view cabinet, const PublicKey& key,
                                                  std::string_view expected_name,
                                                  const ByteSink& pbk_sink);

// The same with a snapshot as the installed book (its hashes are not used), or with none.
[[nodiscard]] Result<ReleaseSnapshot> ApplyUpdate(const ReleaseSnapshot* installed,
                                                  std::string_view cabinet, const PublicKey& key,
                                                  std::string_view expected_name);
[[nodiscard]] inline Result<ReleaseSnapshot> ApplyUpdate(std::nullptr_t, std::string_view cabinet,
                                                         const PublicKey& key,
                                                         std::string_view expected_name) {
  return ApplyUpdate(static_cast<const InstalledBook*>(nullptr), cabinet, key, expected_name);
}

// Member names inside release cabinets.
std::string PbkMemberName(std::string_view phonebook);    // "P.pbk"
std::string PbrMemberName(std::string_view phonebook);    // "P.pbr"
std::string VerMemberName(std::string_view phonebook);    // "P.ver"
std::string DeltaMemberName(std::string_view phonebook);  // "P.delta"
inline constexpr std::string_view kManifestMember = "manifest.json";
inline constexpr std::string_view kSignatureMember = "manifest.sig";

// The version file's bytes: the decimal version and CRLF.
std::string VersionFileBytes(uint32_t version);

}  // namespace cm
