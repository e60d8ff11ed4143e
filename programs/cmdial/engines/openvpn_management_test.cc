// SPDX-License-Identifier: MIT
#include "engines/openvpn_management.h"

#include <gtest/gtest.h>

namespace cm::cmdial {
namespace {

using Kind = ManagementEvent::Kind;

TEST(OpenVpnManagement, ParsesStateLines) {
  ManagementEvent event =
      ParseManagementLine(">STATE:1711111111,CONNECTED,SUCCESS,10.8.0.6,192.0.2.1,1194,,\r");
  EXPECT_EQ(event.kind, Kind::kState);
  EXPECT_EQ(event.state, "CONNECTED");
  EXPECT_EQ(event.detail, "SUCCESS");
  EXPECT_EQ(event.local_ip, "10.8.0.6");
  EXPECT_EQ(event.remote_ip, "192.0.2.1");
  event = ParseManagementLine(">STATE:1711111112,RECONNECTING,ping-restart,,,,,");
  EXPECT_EQ(event.kind, Kind::kState);
  EXPECT_EQ(event.state, "RECONNECTING");
  EXPECT_EQ(event.detail, "ping-restart");
  EXPECT_EQ(ParseManagementLine(">STATE:").kind, Kind::kOther);
}

TEST(OpenVpnManagement, ParsesPasswordQueriesAndFailures) {
  ManagementEvent need = ParseManagementLine(">PASSWORD:Need 'Auth' username/password");
  EXPECT_EQ(need.kind, Kind::kNeedPassword);
  EXPECT_EQ(need.detail, "Auth");
  EXPECT_TRUE(need.need_user_name);
  ManagementEvent key = ParseManagementLine(">PASSWORD:Need 'Private Key' password");
  EXPECT_EQ(key.kind, Kind::kNeedPassword);
  EXPECT_EQ(key.detail, "Private Key");
  EXPECT_FALSE(key.need_user_name);
  ManagementEvent failed = ParseManagementLine(">PASSWORD:Verification Failed: 'Auth'");
  EXPECT_EQ(failed.kind, Kind::kPasswordFailed);
  EXPECT_EQ(failed.detail, "Auth");
}

TEST(OpenVpnManagement, ParsesOtherNotifications) {
  ManagementEvent bytes = ParseManagementLine(">BYTECOUNT:1234,5678");
  EXPECT_EQ(bytes.kind, Kind::kByteCount);
  EXPECT_EQ(bytes.bytes_in, 1234u);
  EXPECT_EQ(bytes.bytes_out, 5678u);
  EXPECT_EQ(ParseManagementLine(">BYTECOUNT:12x,5").kind, Kind::kOther);
  ManagementEvent fatal = ParseManagementLine(">FATAL:Cannot open TUN/TAP dev");
  EXPECT_EQ(fatal.kind, Kind::kFatal);
  EXPECT_EQ(fatal.text, "Cannot open TUN/TAP dev");
  EXPECT_EQ(ParseManagementLine(">HOLD:Waiting for hold release:0").kind, Kind::kHold);
  ManagementEvent error = ParseManagementLine("ERROR: unknown command");
  EXPECT_EQ(error.kind, Kind::kError);
  EXPECT_EQ(error.text, "unknown command");
  EXPECT_EQ(ParseManagementLine("SUCCESS: hold release succeeded").kind, Kind::kOther);
  EXPECT_EQ(ParseManagementLine(">INFO:OpenVPN Management Interface").kind, Kind::kOther);
}

TEST(OpenVpnManagement, LineReaderSplitsAndCapsLines) {
  ManagementLineReader reader;
  std::string line;
  reader.Append(">STATE:1,CONN");
  EXPECT_FALSE(reader.TakeLine(&line));
  reader.Append("ECTED,SUCCESS\r\n>BYTE");
  ASSERT_TRUE(reader.TakeLine(&line));
  EXPECT_EQ(line, ">STATE:1,CONNECTED,SUCCESS\r");
  EXPECT_FALSE(reader.TakeLine(&line));
  reader.Append("COUNT:1,2\n");
  ASSERT_TRUE(reader.TakeLine(&line));
  EXPECT_EQ(line, ">BYTECOUNT:1,2");

  reader.Append(std::string(ManagementLineReader::kMaxLine + 100, 'x'));
  reader.Append("\nnext\n");
  ASSERT_TRUE(reader.TakeLine(&line));
  EXPECT_EQ(line.size(), ManagementLineReader::kMaxLine);
  ASSERT_TRUE(reader.TakeLine(&line));
  EXPECT_EQ(line, "next");
}

TEST(OpenVpnManagement, CredentialsAreQuotedAndRefuseLineBreaks) {
  Result<std::string> answer = ManagementCredentials("Auth", "alice", "pa\"ss\\word", true);
  ASSERT_TRUE(answer);
  EXPECT_EQ(*answer, "username \"Auth\" \"alice\"\npassword \"Auth\" \"pa\\\"ss\\\\word\"\n");
  answer = ManagementCredentials("Private Key", "", "secret", false);
  ASSERT_TRUE(answer);
  EXPECT_EQ(*answer, "password \"Private Key\" \"secret\"\n");
  EXPECT_FALSE(ManagementCredentials("Auth", "alice", "line\nsignal SIGTERM", true));
}

}  // namespace
}  // namespace cm::cmdial
