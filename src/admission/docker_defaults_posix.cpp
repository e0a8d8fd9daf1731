#include "admission/docker_defaults.hpp"

namespace sd::admission {

std::string_view
default_docker_host()
{
  return "unix:///var/run/docker.sock";
}

const char*
home_variable()
{
  return "HOME";
}

std::string
docker_config_dir_in(const std::string& home)
{
  return home + "/.docker";
}

} // namespace sd::admission
