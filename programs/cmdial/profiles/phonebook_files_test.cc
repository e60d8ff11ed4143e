// SPDX-License-Identifier: MIT
#include "profiles/phonebook_files.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "cm/file_util.h"

namespace cm::cmdial {
namespace {

// Every phone book under testdata/pbk and testdata/cmdial.
std::vector<std::filesystem::path> TestBooks() {
  std::vector<std::filesystem::path> books;
  for (const std::string dir : {"/pbk", "/cmdial"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(CM_TESTDATA_DIR) + dir)) {
      if (entry.path().extension() == ".pbk") books.push_back(entry.path());
    }
  }
  return books;
}

std::vector<Pop> PopsOf(const PbkReadResult& read, const std::vector<uint32_t>& countries) {
  std::vector<Pop> pops;
  for (size_t i = 0; i < read.pops.size(); ++i) {
    PopView pop = read.pops[i];
    if (std::find(countries.begin(), countries.end(), pop.country) != countries.end()) {
      pops.push_back(pop.ToPop());
    }
  }
  return pops;
}

// ReadPbk of the prefiltered bytes must give the same POPs of the wanted countries, and the
// same whole-file verdict, as ReadPbk of the whole file.
void ExpectSameAsFullRead(const std::string& name, const std::string& pbk,
                          const RegionReadResult* regions) {
  const std::vector<std::vector<uint32_t>> filters = {{1}, {44}, {49}, {1, 44}, {7}};
  const PbkReadResult full = ReadPbk(pbk, regions);
  for (const std::vector<uint32_t>& countries : filters) {
    const std::string filtered = PrefilterPbk(pbk, countries);
    const PbkReadResult read = ReadPbk(filtered, regions);
    EXPECT_EQ(read.usable, full.usable) << name << " country " << countries[0];
    EXPECT_EQ(PopsOf(read, countries), PopsOf(full, countries))
        << name << " country " << countries[0];
  }
}

TEST(PrefilterPbkTest, SameCountryPopsAsAFullReadForEveryTestBook) {
  size_t books = 0;
  for (const std::filesystem::path& book : TestBooks()) {
    const std::string pbk = ReadFile(book.string()).value();
    std::filesystem::path pbr_path = book;
    pbr_path.replace_extension(".pbr");
    Result<std::string> pbr = ReadFile(pbr_path.string());
    RegionReadResult regions;
    if (pbr) regions = ReadPbr(*pbr);
    ExpectSameAsFullRead(book.filename().string(), pbk, pbr ? &regions : nullptr);
    ++books;
  }
  EXPECT_GT(books, 30u);
}

TEST(PrefilterPbkTest, BadLinesAmongOtherCountriesStillDecide) {
  const std::string corp = ReadFile(std::string(CM_TESTDATA_DIR) + "/cmdial/CORP.pbk").value();
  const std::string bad_lines[] = {
      "13,x,1,Bad country,206,5550101,0,0,0,32,\r\n",  // rejects the whole file
      "14,1,1,Too,many,commas,1,2,3,4,5,6,7\r\n",      // rejects the whole file
      "\r\n",                                          // blank: stops reading
      "x,44,4,Bad index,20,79460000,0,0,0,32,\r\n",    // stops reading
      "15,44,4,A name that is far longer than thirty-one characters,20,1,0,0,0,32,\r\n",
      "16,44,4,Flags,20,79460000,0,0,0,3x,\r\n",  // rejects the whole file
  };
  for (const std::string& bad : bad_lines) {
    // The bad line in the middle, between POPs of several countries.
    const size_t middle = corp.find("6,44,4");
    ASSERT_NE(middle, std::string::npos);
    std::string book = corp.substr(0, middle) + bad + corp.substr(middle);
    ExpectSameAsFullRead(bad, book, nullptr);
    std::string lf = book;
    lf.erase(std::remove(lf.begin(), lf.end(), '\r'), lf.end());
    ExpectSameAsFullRead("LF " + bad, lf, nullptr);
  }
}

TEST(PrefilterPbkTest, LeavesOutOtherCountriesPlainLines) {
  const std::string book =
      "1,1,0,A,206,5550101,0,0,0,32,\r\n2,44,0,B,20,79460000,0,0,0,32,\r\n"
      "3,44,0,C,20,79460001,0,0,0,32\r\n";
  EXPECT_EQ(PrefilterPbk(book, {44}),
            "2,44,0,B,20,79460000,0,0,0,32,\r\n3,44,0,C,20,79460001,0,0,0,32\r\n");
  EXPECT_EQ(PrefilterPbk(book, {}), book);
  // CR-only line ends: read whole.
  const std::string cr = "1,1,0,A,206,5550101,0,0,0,32,\r2,44,0,B,20,1,0,0,0,32,\r";
  EXPECT_EQ(PrefilterPbk(cr, {44}), cr);
}

// A scratch folder removed at the end of the test.
struct ScratchFolder {
  ScratchFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "cmdial-files-XXXXXX");
    path = ::mkdtemp(pattern.data());
  }
  ~ScratchFolder() { std::filesystem::remove_all(path); }
  size_t FileCount() const {
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(path),
                                             std::filesystem::directory_iterator()));
  }
  std::string path;
};

// Reading in pieces gives exactly PrefilterPbk's bytes, wherever the pieces end (inside a line,
// between CR and LF), for every test book and for the line ends that keep a file whole.
TEST(ReadPrefilteredPbkTest, SameBytesAsPrefilterPbkWhateverThePieceSize) {
  ScratchFolder folder;
  std::vector<std::pair<std::string, std::string>> books = {
      {"crlf", "1,44,1,A,20,1,0,0,0,0,\r\n2,1,1,B,206,2,0,0,0,0,\r\n3,44,1,C,20,3,0,0,0,0,"},
      {"lone cr at the end", "1,44,1,A,20,1,0,0,0,0,\r\n2,1,1,B,206,2,0,0,0,0,\r"},
      {"lfcr", "1,1,1,A,206,1,0,0,0,0,\n\r2,44,1,B,20,2,0,0,0,0,\n\r"},
      {"bom",
       "\xEF\xBB\xBF"
       "1,1,1,A,206,1,0,0,0,0,\r\n2,44,1,B,20,2,0,0,0,0,\r\n"},
      {"short", "\n"},
      {"empty", ""}};
  for (const std::filesystem::path& book : TestBooks()) {
    books.emplace_back(book.filename().string(), ReadFile(book.string()).value());
  }
  const std::string path = folder.path + "/P.pbk";
  for (const auto& [name, bytes] : books) {
    ASSERT_TRUE(WriteFileAtomic(path, bytes));
    for (const std::vector<uint32_t>& countries :
         std::vector<std::vector<uint32_t>>{{1}, {44}, {1, 44}}) {
      const std::string expected = PrefilterPbk(bytes, countries);
      for (size_t piece :
           {size_t{1}, size_t{2}, size_t{7}, size_t{64}, size_t{4096}, size_t{256} << 10}) {
        Result<std::string> read = ReadPrefilteredPbk(path, countries, piece);
        ASSERT_TRUE(read) << name;
        EXPECT_EQ(*read, expected)
            << name << ", pieces of " << piece << ", country " << countries[0];
      }
    }
  }
  EXPECT_GT(books.size(), 36u);
  EXPECT_FALSE(ReadPrefilteredPbk(folder.path + "/missing.pbk", {44}));
}

// With a stamp: the first read of a plain book stamps it, later reads take the fast path and
// give the same bytes; a book with any other line is never stamped.
TEST(ReadPrefilteredPbkTest, PlainBookStampGivesTheSameBytes) {
  ScratchFolder folder;
  std::vector<std::pair<std::string, std::string>> books;
  for (const std::filesystem::path& book : TestBooks()) {
    books.emplace_back(book.filename().string(), ReadFile(book.string()).value());
  }
  books.emplace_back("plain, last line without end",
                     "1,44,1,A,20,1,0,0,0,0,\r\n2,1,1,B,206,2,0,0,0,0,\n3,44,1,C,20,3,0,0,0,0,");
  books.emplace_back("one odd line",
                     "1,44,1,A,20,1,0,0,0,0,\r\n; comment\r\n2,1,1,B,206,2,0,0,0,0,\r\n");
  const std::string path = folder.path + "/P.pbk";
  const std::string stamp = folder.path + "/cache/P.plain";
  size_t stamped = 0;
  for (const auto& [name, bytes] : books) {
    std::filesystem::remove(stamp);
    ASSERT_TRUE(WriteFileAtomic(path, bytes));
    for (const std::vector<uint32_t>& countries :
         std::vector<std::vector<uint32_t>>{{1}, {44}, {1, 44}}) {
      const std::string expected = PrefilterPbk(bytes, countries);
      for (size_t piece : {size_t{7}, size_t{4096}}) {
        for (int round = 0; round < 2; ++round) {
          // (a minimum age of 0: the file was written this second, which the default refuses)
          Result<std::string> read = ReadPrefilteredPbk(path, countries, piece, stamp, 0);
          ASSERT_TRUE(read) << name;
          EXPECT_EQ(*read, expected) << name << ", pieces of " << piece << ", round " << round;
        }
      }
    }
    if (name == "one odd line") {
      EXPECT_FALSE(std::filesystem::exists(stamp)) << name;
    }
    if (name.starts_with("plain")) {
      EXPECT_TRUE(std::filesystem::exists(stamp)) << name;
    }
    stamped += std::filesystem::exists(stamp) ? 1 : 0;
  }
  EXPECT_GT(stamped, 5u);  // most test books are plain
}

// A stamp names one state of one file: a changed book (same size, another time), or another
// file, does not match it.
TEST(ReadPrefilteredPbkTest, StampDoesNotMatchAChangedBook) {
  ScratchFolder folder;
  const std::string path = folder.path + "/P.pbk";
  const std::string stamp = folder.path + "/P.plain";
  ASSERT_TRUE(WriteFileAtomic(path, "1,44,1,A,20,1,0,0,0,0,\r\n2,1,1,B,206,2,0,0,0,0,\r\n"));
  // The default minimum age: a book written this second is not stamped.
  ASSERT_EQ(*ReadPrefilteredPbk(path, {44}, 4096, stamp), "1,44,1,A,20,1,0,0,0,0,\r\n");
  EXPECT_FALSE(std::filesystem::exists(stamp));
  ASSERT_EQ(*ReadPrefilteredPbk(path, {44}, 4096, stamp, 0), "1,44,1,A,20,1,0,0,0,0,\r\n");
  const std::string first = ReadFile(stamp).value_or("");
  ASSERT_NE(first.find("path " + path), std::string::npos) << first;
  // The same size, a line no longer plain: the fast path would drop it; the stamp must not match.
  ASSERT_TRUE(WriteFileAtomic(path, "1,44,1,A,20,1,0,0,0,0,\r\n2,1,1,B,206,2,0,0,X,0,\r\n"));
  Result<std::string> read = ReadPrefilteredPbk(path, {44}, 4096, stamp, 0);
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, "1,44,1,A,20,1,0,0,0,0,\r\n2,1,1,B,206,2,0,0,X,0,\r\n");
  EXPECT_EQ(ReadFile(stamp).value_or(""), first);  // not plain: the old stamp stays, unmatched
}

// IsPlainPbk is the verdict a filtered read stamps by: the same answer for every test book.
TEST(IsPlainPbkTest, AgreesWithTheFilteredReadsVerdict) {
  ScratchFolder folder;
  const std::string path = folder.path + "/P.pbk";
  const std::string stamp = folder.path + "/P.plain";
  size_t plain = 0;
  size_t books = 0;
  for (const std::filesystem::path& book : TestBooks()) {
    const std::string bytes = ReadFile(book.string()).value();
    std::filesystem::remove(stamp);
    ASSERT_TRUE(WriteFileAtomic(path, bytes));
    ASSERT_TRUE(ReadPrefilteredPbk(path, {44}, 4096, stamp, 0));
    EXPECT_EQ(IsPlainPbk(bytes), std::filesystem::exists(stamp)) << book;
    plain += IsPlainPbk(bytes) ? 1 : 0;
    ++books;
  }
  EXPECT_GT(plain, 0u);
  EXPECT_LT(plain, books);  // some test books have odd lines
  EXPECT_TRUE(IsPlainPbk(""));
  EXPECT_FALSE(
      IsPlainPbk("\xEF\xBB\xBF"
                 "1,44,1,A,20,1,0,0,0,0,\r\n"));  // a byte-order mark
  EXPECT_FALSE(IsPlainPbk("1,44,1,A,20,1,0,0,0,0,\r2,44,1,B,20,2,0,0,0,0,\r"));  // CR ends
}

// Install's stamp: a plain book is stamped at once (no age asked) and read through the stamp;
// a book with an odd line is not; a replaced book does not match the old stamp.
TEST(StampIfPlainTest, StampsAPlainBookAtOnceAndOnlyThatFile) {
  ScratchFolder folder;
  const std::string path = folder.path + "/P.pbk";
  const std::string stamp = folder.path + "/cache/P.plain";
  const std::string bytes = "1,44,1,A,20,1,0,0,0,0,\r\n2,1,1,B,206,2,0,0,0,0,\r\n";
  ASSERT_TRUE(WriteFileAtomic(path, bytes));
  StampIfPlain(path, stamp);
  bool stamped = false;
  ASSERT_EQ(ReadBookFile(path, stamp, stamped).value_or(""), bytes);
  EXPECT_TRUE(stamped);
  ASSERT_TRUE(WriteFileAtomic(path, bytes));  // the same bytes, a new file
  ASSERT_TRUE(ReadBookFile(path, stamp, stamped));
  EXPECT_FALSE(stamped);
  ASSERT_TRUE(WriteFileAtomic(path, "1,44,1,A,20,1,0,0,0,0,\r\n; note\r\n"));
  std::filesystem::remove(stamp);
  StampIfPlain(path, stamp);
  EXPECT_FALSE(std::filesystem::exists(stamp));
  EXPECT_FALSE(ReadBookFile(folder.path + "/missing.pbk", stamp, stamped));
}

// The writer's stamp names the file it wrote: when another file has taken its name (another
// inode), nothing is stamped.
TEST(StampPlainBookTest, StampsOnlyTheFileThatWasChecked) {
  ScratchFolder folder;
  const std::string path = folder.path + "/P.pbk";
  const std::string stamp = folder.path + "/P.plain";
  ASSERT_TRUE(WriteFileAtomic(path, "1,44,1,A,20,1,0,0,0,0,\r\n"));
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  StampPlainBook(path, stamp, static_cast<uint64_t>(info.st_ino) + 1);
  EXPECT_FALSE(std::filesystem::exists(stamp));
  StampPlainBook(path, stamp, static_cast<uint64_t>(info.st_ino));
  bool stamped = false;
  ASSERT_TRUE(ReadBookFile(path, stamp, stamped));
  EXPECT_TRUE(stamped);
  // And the fast path it opens gives what the full check gives.
  EXPECT_EQ(ReadPrefilteredPbk(path, {44}, 4096, stamp).value_or("?"),
            "1,44,1,A,20,1,0,0,0,0,\r\n");
}

TEST(ReplaceFilesInOrderTest, ReplacesEveryFileAndLeavesNoTemporaryFile) {
  ScratchFolder folder;
  ASSERT_TRUE(WriteFileAtomic(folder.path + "/P.pbk", "old pbk"));
  ASSERT_TRUE(WriteFileAtomic(folder.path + "/P.ver", "1\r\n"));
  ASSERT_TRUE(ReplaceFilesInOrder(
      folder.path, {{"P.pbk", "new pbk"}, {"P.pbr", "new pbr"}, {"P.ver", "2\r\n"}}));
  EXPECT_EQ(ReadFile(folder.path + "/P.pbk").value_or(""), "new pbk");
  EXPECT_EQ(ReadFile(folder.path + "/P.pbr").value_or(""), "new pbr");
  EXPECT_EQ(ReadFile(folder.path + "/P.ver").value_or(""), "2\r\n");
  EXPECT_EQ(folder.FileCount(), 3u);
}

// When an earlier file cannot be put in place, the last one (the version) stays old.
TEST(ReplaceFilesInOrderTest, LastFileStaysOldWhenAnEarlierOneFails) {
  ScratchFolder folder;
  ASSERT_TRUE(WriteFileAtomic(folder.path + "/P.ver", "1\r\n"));
  std::filesystem::create_directory(folder.path + "/P.pbr");  // a rename over it fails
  Status replaced = ReplaceFilesInOrder(
      folder.path, {{"P.pbk", "new pbk"}, {"P.pbr", "new pbr"}, {"P.ver", "2\r\n"}});
  ASSERT_FALSE(replaced);
  EXPECT_EQ(replaced.error().code(), Errc::kIo);
  EXPECT_NE(replaced.error().ToString().find("P.pbr"), std::string::npos)
      << replaced.error().ToString();
  EXPECT_EQ(ReadFile(folder.path + "/P.ver").value_or(""), "1\r\n");
  EXPECT_TRUE(std::filesystem::is_directory(folder.path + "/P.pbr"));
  EXPECT_EQ(folder.FileCount(), 3u);  // P.pbk (new), P.pbr (the folder), P.ver: no temporaries
}

TEST(ReplaceFilesInOrderTest, RefusesANameWithAFolderAndWritesNothing) {
  ScratchFolder folder;
  Status replaced = ReplaceFilesInOrder(folder.path, {{"P.pbk", "x"}, {"../P.ver", "2\r\n"}});
  ASSERT_FALSE(replaced);
  EXPECT_EQ(replaced.error().code(), Errc::kInvalidArgument);
  EXPECT_EQ(folder.FileCount(), 0u);
}

// Big files in many pieces, across the buffer and writeback sizes, arrive whole and in order.
TEST(StagedFilesTest, PiecesOfBigFilesArriveWholeInOrder) {
  ScratchFolder folder;
  ASSERT_TRUE(WriteFileAtomic(folder.path + "/P.pbk", "old pbk"));
  std::string pbk;
  for (int i = 0; pbk.size() < (size_t{3} << 20) + 12345; ++i) {
    pbk += std::to_string(i) + ",1,1,POP " + std::to_string(i) + ",20,7946 0000,0,0,0,0,\r\n";
  }
  auto staged = StagedFiles::Open(folder.path);
  ASSERT_TRUE(staged) << staged.error().ToString();
  ASSERT_TRUE(staged->Begin("P.pbk"));
  for (size_t at = 0; at < pbk.size(); at += 1000) {
    ASSERT_TRUE(staged->Append(std::string_view(pbk).substr(at, 1000)));
  }
  // Nothing is in place before Commit.
  EXPECT_EQ(ReadFile(folder.path + "/P.pbk").value_or(""), "old pbk");
  ASSERT_TRUE(staged->Begin("P.pbr"));
  ASSERT_TRUE(staged->Append(std::string(300000, 'r')));
  ASSERT_TRUE(staged->Begin("P.ver"));
  ASSERT_TRUE(staged->Append("2\r\n"));
  ASSERT_TRUE(staged->Commit());
  EXPECT_EQ(ReadFile(folder.path + "/P.pbk").value_or(""), pbk);
  EXPECT_EQ(ReadFile(folder.path + "/P.pbr").value_or(""), std::string(300000, 'r'));
  EXPECT_EQ(ReadFile(folder.path + "/P.ver").value_or(""), "2\r\n");
  EXPECT_EQ(folder.FileCount(), 3u);
}

// Files begun but not committed (a failed check) are removed and the old ones stay.
TEST(StagedFilesTest, UncommittedFilesLeaveNothingBehind) {
  ScratchFolder folder;
  ASSERT_TRUE(WriteFileAtomic(folder.path + "/P.pbk", "old pbk"));
  {
    auto staged = StagedFiles::Open(folder.path);
    ASSERT_TRUE(staged);
    ASSERT_TRUE(staged->Begin("P.pbk"));
    ASSERT_TRUE(staged->Append(std::string(size_t{2} << 20, 'x')));
    ASSERT_TRUE(staged->Begin("P.ver"));
    EXPECT_EQ(folder.FileCount(), 3u);  // the old P.pbk and two temporary files
  }
  EXPECT_EQ(ReadFile(folder.path + "/P.pbk").value_or(""), "old pbk");
  EXPECT_EQ(folder.FileCount(), 1u);
  auto staged = StagedFiles::Open(folder.path);
  ASSERT_TRUE(staged);
  EXPECT_FALSE(staged->Append("x"));  // nothing begun
  Status bad = staged->Begin("../P.pbk");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), Errc::kInvalidArgument);
  EXPECT_FALSE(StagedFiles::Open(folder.path + "/missing"));
}

}  // namespace
}  // namespace cm::cmdial
