#include "util/json_writer.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

using namespace sd;

TEST_CASE("json writer: strings escaped byte for byte as nlohmann::json dumps them")
{
  std::string every_byte;
  for (int c = 1; c < 0x80; ++c) {
    every_byte += static_cast<char>(c);
  }
  for (const std::string& text :
       {std::string(), std::string("plain"), std::string("a\"b\\c"), std::string("\n\r\t\b\f"),
        std::string("nul\0byte", 8), std::string("\x1f\x7f"), std::string("é ✓ 🐳"), every_byte}) {
    std::string out;
    util::append_json_string(out, text);
    CHECK(out == nlohmann::json(text).dump());
    CHECK(nlohmann::json::parse(out).get<std::string>() == text);
  }
}

TEST_CASE("json writer: objects, arrays, numbers and null in the order written")
{
  util::JsonWriter out;
  out.begin_object();
  out.key("v").value(1);
  out.key("list").begin_array().value("a").value(2).null().begin_array().end_array().end_array();
  out.key("empty").begin_object().end_object();
  out.key("nested").begin_object().key("x").value(-7).key("y").null().end_object();
  out.key("whole").value(5.0);
  out.key("half").value(0.5);
  out.key("pi").value(3.14159);
  out.key("nan").value(std::nan(""));
  out.key("inf").value(std::numeric_limits<double>::infinity());
  out.key("big").value(static_cast<long long>(1) << 62);
  out.key("uid").value(4294967295u);
  out.end_object();
  CHECK(out.text()
        == R"({"v":1,"list":["a",2,null,[]],"empty":{},"nested":{"x":-7,"y":null},"whole":5.0,"half":0.5,)"
           R"("pi":3.14159,"nan":null,"inf":null,"big":4611686018427387904,"uid":4294967295})");
  const auto parsed = nlohmann::ordered_json::parse(out.text());
  CHECK(parsed["whole"].is_number_float());
  CHECK(parsed["pi"].get<double>() == 3.14159);
  CHECK(parsed.dump() == out.text());
}
