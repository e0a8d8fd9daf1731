#include "admission/docker_defaults.hpp"
#include "admission/endpoint.hpp"
#include "admission/sha256.hpp"
#include "test_admission_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace sd::admission;
using namespace sd::admission::testing;

namespace {

// An environment for the tests: only what the map holds.
struct Env
{
  std::map<std::string, std::string> values;
  EnvLookup lookup() const
  {
    return [this](const char* name) -> const char* {
      const auto it = values.find(name);
      return it == values.end() ? nullptr : it->second.c_str();
    };
  }
};

void
write_file(const std::string& path, const std::string& text)
{
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string
meta_path(const std::string& config, const std::string& name)
{
  return config + "/contexts/meta/" + sha256_hex(name) + "/meta.json";
}

void
add_context(const std::string& config, const std::string& name, const std::string& host)
{
  write_file(meta_path(config, name), R"({"Name":")" + name + R"(","Metadata":{},"Endpoints":{"docker":{"Host":")"
                                        + host + R"(","SkipTLSVerify":false}}})");
}

Endpoint
resolved(const EndpointRequest& request, const Env& env)
{
  const auto result = resolve_endpoint(request, env.lookup());
  INFO("error: " << result.error);
  REQUIRE(result.endpoint.has_value());
  return *result.endpoint;
}

} // namespace

TEST_CASE("sha256: standard vectors")
{
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1'000'000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // 55, 56 and 64 bytes: the padding edge cases.
  CHECK(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_CASE("endpoint: host strings are normalised like docker's ParseHost")
{
  const auto host = [](std::string_view text, bool tls = false) {
    const auto parsed = parse_host(text, tls);
    return parsed.address ? parsed.address->normalized : "error: " + parsed.error;
  };
  CHECK(host("") == default_docker_host());
  CHECK(host("", true) == "tcp://localhost:2376");
  CHECK(host("unix://") == "unix:///var/run/docker.sock");
  CHECK(host(" unix:///run/user/1000/docker.sock ") == "unix:///run/user/1000/docker.sock");
  CHECK(host("/custom/docker.sock") == "unix:///custom/docker.sock");
  CHECK(host("tcp://10.0.0.5") == "tcp://10.0.0.5:2375");
  CHECK(host("tcp://10.0.0.5", true) == "tcp://10.0.0.5:2375"); // docker adds 2375 even with TLS
  CHECK(host("tcp://:2376") == "tcp://localhost:2376");
  CHECK(host("tcp://") == "tcp://localhost:2375");
  CHECK(host("docker.example:4243") == "tcp://docker.example:4243");
  CHECK(host("tcp://[::1]:2375/prefix") == "tcp://[::1]:2375/prefix");
  CHECK(host("tcp://[::1]") == "tcp://[::1]:2375");
  CHECK(host("ssh://me@build-host") == "ssh://me@build-host");
  CHECK(host("fd://") == "fd://");
  CHECK(host("npipe://") == "npipe:////./pipe/docker_engine");
  CHECK(host("http://x") == "error: invalid bind address format: http://x");
  CHECK(host("tcp://h:notaport").starts_with("error: invalid bind address format"));
  CHECK(host("tcp://h:70000").starts_with("error: "));

  const auto tcp = parse_host("tcp://[::1]:2375/prefix", false).address;
  REQUIRE(tcp.has_value());
  CHECK(tcp->transport == Transport::tcp);
  CHECK(tcp->hostname == "::1");
  CHECK(tcp->port == 2375);
  CHECK(tcp->base_path == "/prefix");
  CHECK(parse_host("ssh://h", false).address->transport == Transport::ssh);
  CHECK(parse_host("", false).address->path == parse_host(default_docker_host(), false).address->path);
}

TEST_CASE("endpoint: resolution order --context, -H, DOCKER_HOST, DOCKER_CONTEXT, currentContext, default")
{
  TempDir temp;
  const auto config = docker_config_dir_in(temp / "home");
  add_context(config, "prod", "tcp://prod.example:2375");
  add_context(config, "stage", "ssh://deploy@stage");
  add_context(config, "ci", "unix:///run/ci.sock");
  write_file(config + "/config.json", R"({"auths":{},"currentContext":"ci"})");
  Env env{{{home_variable(), temp / "home"}}};

  // currentContext in config.json.
  auto endpoint = resolved({}, env);
  CHECK(endpoint.host == "unix:///run/ci.sock");
  CHECK(endpoint.context == "ci");
  CHECK(endpoint.source
        == "context ci (currentContext in " + config + "/config.json, " + meta_path(config, "ci") + ")");

  // DOCKER_CONTEXT beats config.json.
  env.values["DOCKER_CONTEXT"] = "stage";
  CHECK(resolved({}, env).host == "ssh://deploy@stage");
  CHECK(resolved({}, env).source.starts_with("context stage (DOCKER_CONTEXT, "));

  // DOCKER_HOST beats DOCKER_CONTEXT (the default context with that host).
  env.values["DOCKER_HOST"] = "tcp://envhost:1234";
  endpoint = resolved({}, env);
  CHECK(endpoint.host == "tcp://envhost:1234");
  CHECK(endpoint.source == "DOCKER_HOST");
  CHECK(endpoint.context == "default");

  // -H beats DOCKER_HOST.
  EndpointRequest with_host;
  with_host.host_flag = "unix:///flag.sock";
  endpoint = resolved(with_host, env);
  CHECK(endpoint.host == "unix:///flag.sock");
  CHECK(endpoint.source == "-H flag");

  // --context beats everything; with -H too it is docker's error.
  EndpointRequest with_context;
  with_context.context_flag = "prod";
  endpoint = resolved(with_context, env);
  CHECK(endpoint.host == "tcp://prod.example:2375");
  CHECK(endpoint.source == "context prod (--context, " + meta_path(config, "prod") + ")");
  with_context.host_flag = "unix:///flag.sock";
  CHECK(resolve_endpoint(with_context, env.lookup()).error
        == "conflicting options: cannot specify both --host and --context");

  // An empty DOCKER_HOST is unset.
  env.values["DOCKER_HOST"] = "";
  CHECK(resolved({}, env).context == "stage");
}

TEST_CASE("endpoint: config directory from --config, DOCKER_CONFIG, then HOME")
{
  TempDir temp;
  add_context(temp / "flag", "x", "unix:///from-flag.sock");
  add_context(temp / "env", "x", "unix:///from-env.sock");
  add_context(docker_config_dir_in(temp / "home"), "x", "unix:///from-home.sock");
  Env env{{{home_variable(), temp / "home"}, {"DOCKER_CONTEXT", "x"}}};
  CHECK(resolved({}, env).host == "unix:///from-home.sock");
  env.values["DOCKER_CONFIG"] = temp / "env";
  CHECK(resolved({}, env).host == "unix:///from-env.sock");
  EndpointRequest request;
  request.config_dir_flag = temp / "flag";
  CHECK(resolved(request, env).host == "unix:///from-flag.sock");
}

TEST_CASE("endpoint: the default context, TLS, and contexts that do not exist")
{
  TempDir temp;
  Env env{{{home_variable(), temp / "home"}}};
  auto endpoint = resolved({}, env);
  CHECK(endpoint.host == default_docker_host());
  CHECK(endpoint.source == "default");
  CHECK_FALSE(endpoint.tls);

  EndpointRequest tls;
  tls.tls = true;
  endpoint = resolved(tls, env);
  CHECK(endpoint.host == "tcp://localhost:2376");
  CHECK(endpoint.tls);
  env.values["DOCKER_TLS_VERIFY"] = "1";
  CHECK(resolved({}, env).host == "tcp://localhost:2376");
  env.values.erase("DOCKER_TLS_VERIFY");

  // "default" by name is the default context.
  env.values["DOCKER_CONTEXT"] = "default";
  CHECK(resolved({}, env).source == "default");

  env.values["DOCKER_CONTEXT"] = "ghost";
  const auto missing = resolve_endpoint({}, env.lookup());
  CHECK_FALSE(missing.endpoint.has_value());
  CHECK(missing.error.find("context \"ghost\" not found (DOCKER_CONTEXT)") != std::string::npos);

  write_file(meta_path(docker_config_dir_in(temp / "home"), "broken"), R"({"Name":"broken","Endpoints":{}})");
  env.values["DOCKER_CONTEXT"] = "broken";
  CHECK(resolve_endpoint({}, env.lookup()).error.find("has no Endpoints.docker.Host") != std::string::npos);

  // A context with TLS files uses TLS.
  add_context(docker_config_dir_in(temp / "home"), "secure", "tcp://secure:2376");
  write_file(temp / "home/.docker/contexts/tls/" + sha256_hex("secure") + "/docker/ca.pem", "pem");
  env.values["DOCKER_CONTEXT"] = "secure";
  CHECK(resolved({}, env).tls);
}

TEST_CASE("endpoint: an unreadable config.json is ignored with a warning, like docker")
{
  TempDir temp;
  write_file(temp / "home/.docker/config.json", "{ not json");
  Env env{{{home_variable(), temp / "home"}}};
  const auto result = resolve_endpoint({}, env.lookup());
  REQUIRE(result.endpoint.has_value());
  CHECK(result.endpoint->source == "default");
  CHECK(result.warning.find("config.json") != std::string::npos);
}
