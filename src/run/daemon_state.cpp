#include "run/daemon_state.hpp"

namespace sd::run {

admission::StateDir
open_lock_dir(const AdmissionSettings& settings)
{
  return admission::StateDir::open(settings.lock_dir,
                                   settings.shared ? admission::Sharing::shared : admission::Sharing::per_user);
}

admission::StateDir
open_daemon_state(const admission::StateDir& root, const CallDaemon& daemon)
{
  return admission::open_daemon_dir(root, daemon.key, daemon.endpoint ? daemon.endpoint->host : daemon.error,
                                    daemon.endpoint && daemon.endpoint->tls);
}

admission::BreakerConfig
breaker_config(const AdmissionSettings& settings)
{
  admission::BreakerConfig config;
  config.failure_threshold = settings.failure_threshold;
  config.open_for = std::chrono::seconds(settings.open_seconds);
  return config;
}

} // namespace sd::run
