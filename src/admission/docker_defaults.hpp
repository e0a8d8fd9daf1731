#pragma once

#include <string>
#include <string_view>

// What the docker CLI assumes on this platform when nothing says otherwise: the platform's half
// of endpoint.cpp.

namespace sd::admission {

/// The daemon docker talks to when neither a flag, DOCKER_HOST nor a context names one:
/// unix:///var/run/docker.sock; on Windows npipe:////./pipe/docker_engine (Docker Desktop's).
std::string_view default_docker_host();

/// The environment variable holding the home directory that docker's configuration directory
/// (.docker) is in: HOME; USERPROFILE on Windows.
const char* home_variable();

/// `home` joined with ".docker" by the platform's separator.
std::string docker_config_dir_in(const std::string& home);

} // namespace sd::admission
