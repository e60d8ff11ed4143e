// SPDX-License-Identifier: MIT
// The checks a release passes before pbserver stores and serves it.
#include "release_check.h"

#include <fmt/format.h>

#include <set>

#include "cm/ascii.h"
#include "cm/cab.h"
#include "cm/file_util.h"
#include "cm/release.h"
#include "query.h"

namespace cm::pbserver {
namespace {

tl::unexpected<PostError> Refuse(int status, std::string message) {
  return tl::unexpected<PostError>(PostError{status, std::move(message)});
}

// The signer a cabinet's manifest claims (unverified: only used to pin on first post).
PostResult<PublicKey> ClaimedSigner(std::string_view cabinet) {
  auto members = ReadCabinet(cabinet);
  if (!members) return Refuse(422, "full.cab: " + members.error().ToString());
  for (const CabEntry& member : *members) {
    if (member.name != kManifestMember) continue;
    auto manifest = ParseManifest(member.data);
    if (!manifest) return Refuse(422, "full.cab: manifest: " + manifest.error().ToString());
    auto key = PublicKey::Parse(manifest->signer);
    if (!key) return Refuse(422, "full.cab: manifest signer: " + key.error().ToString());
    return *key;
  }
  return Refuse(422, "full.cab: no manifest.json");
}

// Release `version` of `name` as stored, as a snapshot (trusted: it was checked when posted).
std::optional<ReleaseSnapshot> StoredSnapshot(const DataStore& store, const std::string& name,
                                              uint32_t version) {
  auto stored = ReadFile(fmt::format("{}/{}/{}/full.cab", store.root(), name, version));
  if (!stored) return std::nullopt;
  auto members = ReadCabinet(*stored);
  if (!members) return std::nullopt;
  std::string pbk, pbr;
  for (CabEntry& member : *members) {
    if (member.name == PbkMemberName(name)) pbk = std::move(member.data);
    if (member.name == PbrMemberName(name)) pbr = std::move(member.data);
  }
  auto snapshot = SnapshotFromFiles(name, version, std::move(pbk), std::move(pbr));
  if (!snapshot) return std::nullopt;
  return std::move(*snapshot);
}

}  // namespace

PostResult<StoredRelease> ReadPostBundle(std::string_view bundle) {
  auto members = ReadCabinet(bundle);
  if (!members) return Refuse(400, "the post bundle is not a cabinet: " + members.error().ToString());
  StoredRelease release;
  bool have_full = false;
  for (CabEntry& member : *members) {
    if (member.name == "full.cab") {
      if (have_full) return Refuse(400, "the post bundle holds full.cab twice");
      have_full = true;
      release.full_cabinet = std::move(member.data);
    } else if (auto base = DeltaBaseFromFileName(member.name)) {
      if (release.delta_cabinets.count(*base) != 0) {
        return Refuse(400, fmt::format("the post bundle holds {} twice", member.name));
      }
      release.delta_cabinets[*base] = std::move(member.data);
    } else {
      return Refuse(400, fmt::format("the post bundle holds an unexpected member '{}' "
                                     "(only full.cab and delta-B.cab)",
                                     member.name.substr(0, 64)));
    }
  }
  if (!have_full) return Refuse(400, "the post bundle has no full.cab");
  return release;
}

PostResult<CheckedRelease> CheckRelease(const std::string& name,
                                        std::optional<uint32_t> claimed_version,
                                        StoredRelease release, const DataStore& store,
                                        bool allow_key_change) {
  if (!IsPhonebookName(name) || AsciiEqualsNoCase(name, "incoming")) {
    return Refuse(422, fmt::format("name: '{}' is not a phone book name (1-8 letters, digits or "
                                   "_, not all digits, not 'incoming')",
                                   name.substr(0, 64)));
  }
  // Which key: the pinned one; on first post, the one the manifest names (then pinned).
  auto pinned = store.PinnedKey(name);
  if (!pinned) return Refuse(500, "pinned key: " + pinned.error().ToString());
  auto claimed = ClaimedSigner(release.full_cabinet);
  if (!claimed) return tl::unexpected<PostError>(claimed.error());
  bool pin_key = false;
  PublicKey key = *claimed;
  if (*pinned) {
    if (**pinned != *claimed) {
      // Verify with the pinned key: a manifest may name any signer it likes.
      auto with_pinned = ApplyUpdate(nullptr, release.full_cabinet, **pinned, name);
      if (with_pinned || !allow_key_change) {
        if (!with_pinned && with_pinned.error().code() != Errc::kSignature) {
          return Refuse(422, "full.cab: " + with_pinned.error().ToString());
        }
        if (!with_pinned) {
          return Refuse(422, fmt::format("pinned key: the release is signed by {}, not by the "
                                         "publisher key pinned for {} ({}); an administrator "
                                         "can allow a new key (allow_key_change)",
                                         claimed->Fingerprint(), name, (*pinned)->Fingerprint()));
        }
        key = **pinned;
      } else {
        pin_key = true;  // allowed key change: verify with the new key and pin it
      }
    } else {
      key = **pinned;
    }
  } else {
    pin_key = true;
  }
  auto full = ApplyUpdate(nullptr, release.full_cabinet, key, name);
  if (!full) {
    std::string_view check = full.error().code() == Errc::kSignature ? "signature" : "full.cab";
    return Refuse(422, fmt::format("{}: {}", check, full.error().ToString()));
  }
  release.version = full->version;
  if (claimed_version && *claimed_version != full->version) {
    return Refuse(422, fmt::format("versions: X-Phonebook-Version says {} but full.cab is "
                                   "version {}",
                                   *claimed_version, full->version));
  }
  auto current = store.CurrentVersion(name);
  if (!current) return Refuse(500, "current version: " + current.error().ToString());
  if (*current && full->version <= **current) {
    return Refuse(409, fmt::format("version {} is not newer than the served version {}",
                                   full->version, **current));
  }
  CheckedRelease checked{std::move(release), key, pin_key, {}};
  const uint32_t version = checked.release.version;
  for (const auto& [base, cabinet] : checked.release.delta_cabinets) {
    const std::string member = fmt::format("delta-{}.cab", base);
    if (base >= version || version - base > kMaxDeltaDistance) {
      return Refuse(422, fmt::format("versions: {} is not a delta to version {} from one of the "
                                     "{} versions before it",
                                     member, version, kMaxDeltaDistance));
    }
    auto opened = OpenReleaseCabinet(cabinet, key, name);
    if (!opened) {
      std::string_view check = opened.error().code() == Errc::kSignature ? "signature" : "hashes";
      return Refuse(422, fmt::format("{}: {}: {}", check, member, opened.error().ToString()));
    }
    const Manifest& manifest = opened->manifest;
    if (manifest.kind != UpdateKind::kDelta || manifest.version != version ||
        manifest.base_version != base) {
      return Refuse(422, fmt::format("versions: {} is not the delta from {} to {}", member, base,
                                     version));
    }
    auto pbk = manifest.files.find(PbkMemberName(name));
    auto pbr = manifest.files.find(PbrMemberName(name));
    if (pbk == manifest.files.end() || pbr == manifest.files.end() ||
        pbk->second.sha256 != full->pbk_sha256 || pbr->second.sha256 != full->pbr_sha256) {
      return Refuse(422, fmt::format("hashes: {} leads to other files than full.cab", member));
    }
    // When the base release is stored here, apply the delta to it as a client would.
    if (std::optional<ReleaseSnapshot> base_snapshot = StoredSnapshot(store, name, base)) {
      auto applied = ApplyUpdate(&*base_snapshot, cabinet, key, name);
      if (!applied) {
        return Refuse(422, fmt::format("hashes: {} does not apply to the stored version {}: {}",
                                       member, base, applied.error().ToString()));
      }
    }
    checked.delta_bases.push_back(base);
  }
  return checked;
}

}  // namespace cm::pbserver
