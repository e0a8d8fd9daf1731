#include "util/comma_list.hpp"

#include <doctest/doctest.h>

using sd::util::split_comma_list;

TEST_CASE("comma lists: words trimmed, empty words dropped")
{
  CHECK(split_comma_list("client, daemon") == std::vector<std::string>{"client", "daemon"});
  CHECK(split_comma_list(" a ,,b, ") == std::vector<std::string>{"a", "b"});
  CHECK(split_comma_list("TLS handshake timeout,i/o timeout")
        == std::vector<std::string>{"TLS handshake timeout", "i/o timeout"});
  CHECK(split_comma_list("").empty());
  CHECK(split_comma_list(" , ").empty());
}
