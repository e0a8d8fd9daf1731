// Flag and command tables of the docker CLI (docker/cli 29.8, compose 5.5, buildx 0.36,
// model 1.2.6: the Docker Model Runner plugin).
// Facts transcribed from the flag definitions of those projects; edit by hand when docker
// adds a flag, and keep both tables sorted (a unit test checks).
#include "grammar/command_table.hpp"

namespace sd::grammar {

namespace {

using enum Arity;

constexpr FlagSpec k_buildx_bake[] = {{"allow", '\0', value}, {"call", '\0', value}, {"check", '\0', optional}, {"file", 'f', value}, {"list", '\0', value}, {"list-targets", '\0', none}, {"list-variables", '\0', none}, {"load", '\0', none}, {"metadata-file", '\0', value}, {"no-cache", '\0', none}, {"policy", '\0', value}, {"print", '\0', none}, {"progress", '\0', value}, {"provenance", '\0', value}, {"pull", '\0', none}, {"push", '\0', none}, {"sbom", '\0', value}, {"set", '\0', value}, {"var", '\0', value}};
constexpr FlagSpec k_buildx_build[] = {{"add-host", '\0', value}, {"allow", '\0', value}, {"annotation", '\0', value}, {"attest", '\0', value}, {"build-arg", '\0', value}, {"build-context", '\0', value}, {"cache-from", '\0', value}, {"cache-to", '\0', value}, {"call", '\0', value}, {"cgroup-parent", '\0', value}, {"check", '\0', optional}, {"compress", '\0', none}, {"cpu-period", '\0', value}, {"cpu-quota", '\0', value}, {"cpu-shares", 'c', value}, {"cpuset-cpus", '\0', value}, {"cpuset-mems", '\0', value}, {"file", 'f', value}, {"force-rm", '\0', none}, {"iidfile", '\0', value}, {"isolation", '\0', value}, {"label", '\0', value}, {"load", '\0', none}, {"memory", 'm', value}, {"memory-swap", '\0', value}, {"metadata-file", '\0', value}, {"network", '\0', value}, {"no-cache", '\0', none}, {"no-cache-filter", '\0', value}, {"output", 'o', value}, {"platform", '\0', value}, {"policy", '\0', value}, {"print", '\0', value}, {"progress", '\0', value}, {"provenance", '\0', value}, {"pull", '\0', none}, {"push", '\0', none}, {"quiet", 'q', none}, {"resource", '\0', value}, {"rm", '\0', none}, {"sbom", '\0', value}, {"secret", '\0', value}, {"security-opt", '\0', value}, {"shm-size", '\0', value}, {"squash", '\0', none}, {"ssh", '\0', value}, {"tag", 't', value}, {"target", '\0', value}, {"ulimit", '\0', value}};
constexpr FlagSpec k_buildx_create[] = {{"append", '\0', none}, {"bootstrap", '\0', none}, {"buildkitd-config", '\0', value}, {"buildkitd-flags", '\0', value}, {"config", '\0', value}, {"driver", '\0', value}, {"driver-opt", '\0', value}, {"leave", '\0', none}, {"name", '\0', value}, {"node", '\0', value}, {"platform", '\0', value}, {"timeout", '\0', value}, {"use", '\0', none}};
constexpr FlagSpec k_buildx_debug[] = {{"invoke", '\0', value}, {"on", '\0', value}};
constexpr FlagSpec k_buildx_dial_stdio[] = {{"platform", '\0', value}, {"progress", '\0', value}};
constexpr FlagSpec k_buildx_du[] = {{"filter", '\0', value}, {"format", '\0', value}, {"timeout", '\0', value}, {"verbose", '\0', none}};
constexpr FlagSpec k_buildx_history_export[] = {{"all", '\0', none}, {"finalize", '\0', none}, {"output", 'o', value}};
constexpr FlagSpec k_buildx_history_import[] = {{"file", 'f', value}};
constexpr FlagSpec k_buildx_history_inspect[] = {{"format", '\0', value}};
constexpr FlagSpec k_buildx_history_inspect_attachment[] = {{"platform", '\0', value}, {"type", '\0', value}};
constexpr FlagSpec k_buildx_history_logs[] = {{"progress", '\0', value}};
constexpr FlagSpec k_buildx_history_ls[] = {{"filter", '\0', value}, {"format", '\0', value}, {"local", '\0', none}, {"no-trunc", '\0', none}};
constexpr FlagSpec k_buildx_history_rm[] = {{"all", '\0', none}};
constexpr FlagSpec k_buildx_history_trace[] = {{"addr", '\0', value}, {"compare", '\0', value}};
constexpr FlagSpec k_buildx_imagetools_create[] = {{"annotation", '\0', value}, {"append", '\0', none}, {"dry-run", '\0', none}, {"file", 'f', value}, {"metadata-file", '\0', value}, {"platform", 'p', value}, {"prefer-index", '\0', none}, {"progress", '\0', value}, {"tag", 't', value}};
constexpr FlagSpec k_buildx_imagetools_inspect[] = {{"format", '\0', value}, {"raw", '\0', none}};
constexpr FlagSpec k_buildx_inspect[] = {{"bootstrap", '\0', none}, {"timeout", '\0', value}};
constexpr FlagSpec k_buildx_ls[] = {{"format", '\0', value}, {"no-trunc", '\0', none}, {"timeout", '\0', value}};
constexpr FlagSpec k_buildx_policy_eval[] = {{"fields", '\0', value}, {"file", 'f', value}, {"filename", '\0', value}, {"platform", '\0', value}, {"print", '\0', none}};
constexpr FlagSpec k_buildx_policy_test[] = {{"filename", '\0', value}, {"run", '\0', value}};
constexpr FlagSpec k_buildx_prune[] = {{"all", 'a', none}, {"filter", '\0', value}, {"force", 'f', none}, {"keep-storage", '\0', value}, {"max-used-space", '\0', value}, {"min-free-space", '\0', value}, {"reserved-space", '\0', value}, {"timeout", '\0', value}, {"verbose", '\0', none}};
constexpr FlagSpec k_buildx_rm[] = {{"all-inactive", '\0', none}, {"force", 'f', none}, {"keep-daemon", '\0', none}, {"keep-state", '\0', none}, {"timeout", '\0', value}};
constexpr FlagSpec k_buildx_use[] = {{"default", '\0', none}, {"global", '\0', none}};
constexpr FlagSpec k_checkpoint_create[] = {{"checkpoint-dir", '\0', value}, {"leave-running", '\0', none}};
constexpr FlagSpec k_checkpoint_ls[] = {{"checkpoint-dir", '\0', value}};
constexpr FlagSpec k_checkpoint_rm[] = {{"checkpoint-dir", '\0', value}};
constexpr FlagSpec k_compose_alpha_generate[] = {{"format", '\0', value}, {"name", '\0', value}, {"project-dir", '\0', value}};
constexpr FlagSpec k_compose_alpha_viz[] = {{"image", '\0', none}, {"indentation-size", '\0', value}, {"networks", '\0', none}, {"ports", '\0', none}, {"spaces", '\0', none}};
constexpr FlagSpec k_compose_attach[] = {{"detach-keys", '\0', value}, {"index", '\0', value}, {"no-stdin", '\0', none}, {"sig-proxy", '\0', none}};
constexpr FlagSpec k_compose_bridge_convert[] = {{"output", 'o', value}, {"templates", '\0', value}, {"transformation", 't', value}};
constexpr FlagSpec k_compose_bridge_transformations_create[] = {{"from", 'f', value}};
constexpr FlagSpec k_compose_bridge_transformations_ls[] = {{"format", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_compose_build[] = {{"build-arg", '\0', value}, {"builder", '\0', value}, {"check", '\0', none}, {"compress", '\0', none}, {"force-rm", '\0', none}, {"memory", 'm', value}, {"no-cache", '\0', none}, {"no-rm", '\0', none}, {"parallel", '\0', none}, {"print", '\0', none}, {"progress", '\0', value}, {"provenance", '\0', value}, {"pull", '\0', none}, {"push", '\0', none}, {"quiet", 'q', none}, {"sbom", '\0', value}, {"ssh", '\0', value}, {"with-dependencies", '\0', none}};
constexpr FlagSpec k_compose_commit[] = {{"author", 'a', value}, {"change", 'c', value}, {"index", '\0', value}, {"message", 'm', value}, {"pause", 'p', none}};
constexpr FlagSpec k_compose_config[] = {{"environment", '\0', none}, {"format", '\0', value}, {"hash", '\0', value}, {"images", '\0', none}, {"lock-image-digests", '\0', none}, {"models", '\0', none}, {"networks", '\0', none}, {"no-consistency", '\0', none}, {"no-env-resolution", '\0', none}, {"no-interpolate", '\0', none}, {"no-normalize", '\0', none}, {"no-path-resolution", '\0', none}, {"output", 'o', value}, {"profiles", '\0', none}, {"quiet", 'q', none}, {"resolve-image-digests", '\0', none}, {"services", '\0', none}, {"variables", '\0', none}, {"volumes", '\0', none}};
constexpr FlagSpec k_compose_cp[] = {{"all", '\0', none}, {"archive", 'a', none}, {"follow-link", 'L', none}, {"index", '\0', value}};
constexpr FlagSpec k_compose_create[] = {{"build", '\0', none}, {"force-recreate", '\0', none}, {"no-build", '\0', none}, {"no-recreate", '\0', none}, {"pull", '\0', value}, {"quiet-pull", '\0', none}, {"remove-orphans", '\0', none}, {"scale", '\0', value}, {"yes", 'y', none}};
constexpr FlagSpec k_compose_down[] = {{"remove-orphans", '\0', none}, {"rmi", '\0', value}, {"timeout", 't', value}, {"volumes", 'v', none}};
constexpr FlagSpec k_compose_events[] = {{"json", '\0', none}, {"since", '\0', value}, {"until", '\0', value}};
constexpr FlagSpec k_compose_exec[] = {{"detach", 'd', none}, {"env", 'e', value}, {"index", '\0', value}, {"interactive", 'i', none}, {"no-tty", 'T', none}, {"privileged", '\0', none}, {"tty", 't', none}, {"user", 'u', value}, {"workdir", 'w', value}};
constexpr FlagSpec k_compose_export[] = {{"index", '\0', value}, {"output", 'o', value}};
constexpr FlagSpec k_compose_images[] = {{"format", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_compose_kill[] = {{"remove-orphans", '\0', none}, {"signal", 's', value}};
constexpr FlagSpec k_compose_logs[] = {{"follow", 'f', none}, {"index", '\0', value}, {"no-color", '\0', none}, {"no-log-prefix", '\0', none}, {"since", '\0', value}, {"tail", 'n', value}, {"timestamps", 't', none}, {"until", '\0', value}};
constexpr FlagSpec k_compose_ls[] = {{"all", 'a', none}, {"filter", '\0', value}, {"format", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_compose_port[] = {{"index", '\0', value}, {"protocol", '\0', value}};
constexpr FlagSpec k_compose_ps[] = {{"all", 'a', none}, {"filter", '\0', value}, {"format", '\0', value}, {"no-trunc", '\0', none}, {"orphans", '\0', none}, {"quiet", 'q', none}, {"services", '\0', none}, {"status", '\0', value}};
constexpr FlagSpec k_compose_publish[] = {{"app", '\0', none}, {"insecure-registry", '\0', none}, {"oci-version", '\0', value}, {"resolve-image-digests", '\0', none}, {"with-env", '\0', none}, {"yes", 'y', none}};
constexpr FlagSpec k_compose_pull[] = {{"ignore-buildable", '\0', none}, {"ignore-pull-failures", '\0', none}, {"include-deps", '\0', none}, {"no-parallel", '\0', none}, {"parallel", '\0', none}, {"policy", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_compose_push[] = {{"ignore-push-failures", '\0', none}, {"include-deps", '\0', none}, {"quiet", 'q', none}};
constexpr FlagSpec k_compose_restart[] = {{"no-deps", '\0', none}, {"timeout", 't', value}};
constexpr FlagSpec k_compose_rm[] = {{"all", 'a', none}, {"force", 'f', none}, {"stop", 's', none}, {"volumes", 'v', none}};
constexpr FlagSpec k_compose_run[] = {{"build", '\0', none}, {"cap-add", '\0', value}, {"cap-drop", '\0', value}, {"detach", 'd', none}, {"entrypoint", '\0', value}, {"env", 'e', value}, {"env-from-file", '\0', value}, {"interactive", 'i', none}, {"label", 'l', value}, {"name", '\0', value}, {"no-deps", '\0', none}, {"no-tty", 'T', none}, {"publish", 'p', value}, {"pull", '\0', value}, {"quiet", 'q', none}, {"quiet-build", '\0', none}, {"quiet-pull", '\0', none}, {"remove-orphans", '\0', none}, {"rm", '\0', none}, {"service-ports", 'P', none}, {"tty", 't', none}, {"use-aliases", '\0', none}, {"user", 'u', value}, {"volume", 'v', value}, {"workdir", 'w', value}};
constexpr FlagSpec k_compose_scale[] = {{"no-deps", '\0', none}};
constexpr FlagSpec k_compose_start[] = {{"wait", '\0', none}, {"wait-timeout", '\0', value}};
constexpr FlagSpec k_compose_stats[] = {{"all", 'a', none}, {"format", '\0', value}, {"no-stream", '\0', none}, {"no-trunc", '\0', none}};
constexpr FlagSpec k_compose_stop[] = {{"timeout", 't', value}};
constexpr FlagSpec k_compose_up[] = {{"abort-on-container-exit", '\0', none}, {"abort-on-container-failure", '\0', none}, {"always-recreate-deps", '\0', none}, {"attach", '\0', value}, {"attach-dependencies", '\0', none}, {"build", '\0', none}, {"detach", 'd', none}, {"exit-code-from", '\0', value}, {"force-recreate", '\0', none}, {"menu", '\0', none}, {"no-attach", '\0', value}, {"no-build", '\0', none}, {"no-color", '\0', none}, {"no-deps", '\0', none}, {"no-log-prefix", '\0', none}, {"no-recreate", '\0', none}, {"no-start", '\0', none}, {"pull", '\0', value}, {"quiet-build", '\0', none}, {"quiet-pull", '\0', none}, {"remove-orphans", '\0', none}, {"renew-anon-volumes", 'V', none}, {"scale", '\0', value}, {"timeout", 't', value}, {"timestamps", '\0', none}, {"wait", '\0', none}, {"wait-timeout", '\0', value}, {"watch", 'w', none}, {"yes", 'y', none}};
constexpr FlagSpec k_compose_version[] = {{"format", 'f', value}, {"short", '\0', none}};
constexpr FlagSpec k_compose_volumes[] = {{"format", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_compose_wait[] = {{"down-project", '\0', none}};
constexpr FlagSpec k_compose_watch[] = {{"no-up", '\0', none}, {"prune", '\0', none}, {"quiet", '\0', none}};
constexpr FlagSpec k_config_create[] = {{"label", 'l', value}, {"template-driver", '\0', value}};
constexpr FlagSpec k_config_inspect[] = {{"format", 'f', value}, {"pretty", '\0', none}};
constexpr FlagSpec k_config_ls[] = {{"filter", 'f', value}, {"format", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_container_attach[] = {{"detach-keys", '\0', value}, {"no-stdin", '\0', none}, {"sig-proxy", '\0', none}};
constexpr FlagSpec k_container_commit[] = {{"author", 'a', value}, {"change", 'c', value}, {"message", 'm', value}, {"no-pause", '\0', none}, {"pause", 'p', none}};
constexpr FlagSpec k_container_cp[] = {{"archive", 'a', none}, {"follow-link", 'L', none}, {"quiet", 'q', none}};
constexpr FlagSpec k_container_create[] = {{"add-host", '\0', value}, {"annotation", '\0', value}, {"attach", 'a', value}, {"blkio-weight", '\0', value}, {"blkio-weight-device", '\0', value}, {"cap-add", '\0', value}, {"cap-drop", '\0', value}, {"cgroup-parent", '\0', value}, {"cgroupns", '\0', value}, {"cidfile", '\0', value}, {"cpu-count", '\0', value}, {"cpu-percent", '\0', value}, {"cpu-period", '\0', value}, {"cpu-quota", '\0', value}, {"cpu-rt-period", '\0', value}, {"cpu-rt-runtime", '\0', value}, {"cpu-shares", 'c', value}, {"cpus", '\0', value}, {"cpuset-cpus", '\0', value}, {"cpuset-mems", '\0', value}, {"device", '\0', value}, {"device-cgroup-rule", '\0', value}, {"device-read-bps", '\0', value}, {"device-read-iops", '\0', value}, {"device-write-bps", '\0', value}, {"device-write-iops", '\0', value}, {"disable-content-trust", '\0', none}, {"dns", '\0', value}, {"dns-opt", '\0', value}, {"dns-option", '\0', value}, {"dns-search", '\0', value}, {"domainname", '\0', value}, {"entrypoint", '\0', value}, {"env", 'e', value}, {"env-file", '\0', value}, {"expose", '\0', value}, {"gpus", '\0', value}, {"group-add", '\0', value}, {"health-cmd", '\0', value}, {"health-interval", '\0', value}, {"health-retries", '\0', value}, {"health-start-interval", '\0', value}, {"health-start-period", '\0', value}, {"health-timeout", '\0', value}, {"help", '\0', none}, {"hostname", 'h', value}, {"init", '\0', none}, {"interactive", 'i', none}, {"io-maxbandwidth", '\0', value}, {"io-maxiops", '\0', value}, {"ip", '\0', value}, {"ip6", '\0', value}, {"ipc", '\0', value}, {"isolation", '\0', value}, {"kernel-memory", '\0', value}, {"label", 'l', value}, {"label-file", '\0', value}, {"link", '\0', value}, {"link-local-ip", '\0', value}, {"log-driver", '\0', value}, {"log-opt", '\0', value}, {"mac-address", '\0', value}, {"memory", 'm', value}, {"memory-reservation", '\0', value}, {"memory-swap", '\0', value}, {"memory-swappiness", '\0', value}, {"mount", '\0', value}, {"name", '\0', value}, {"net", '\0', value}, {"net-alias", '\0', value}, {"network", '\0', value}, {"network-alias", '\0', value}, {"no-healthcheck", '\0', none}, {"oom-kill-disable", '\0', none}, {"oom-score-adj", '\0', value}, {"pid", '\0', value}, {"pids-limit", '\0', value}, {"platform", '\0', value}, {"privileged", '\0', none}, {"publish", 'p', value}, {"publish-all", 'P', none}, {"pull", '\0', value}, {"quiet", 'q', none}, {"read-only", '\0', none}, {"restart", '\0', value}, {"rm", '\0', none}, {"runtime", '\0', value}, {"security-opt", '\0', value}, {"shm-size", '\0', value}, {"stop-signal", '\0', value}, {"stop-timeout", '\0', value}, {"storage-opt", '\0', value}, {"sysctl", '\0', value}, {"tmpfs", '\0', value}, {"tty", 't', none}, {"ulimit", '\0', value}, {"use-api-socket", '\0', none}, {"user", 'u', value}, {"userns", '\0', value}, {"uts", '\0', value}, {"volume", 'v', value}, {"volume-driver", '\0', value}, {"volumes-from", '\0', value}, {"workdir", 'w', value}};
constexpr FlagSpec k_container_exec[] = {{"detach", 'd', none}, {"detach-keys", '\0', value}, {"env", 'e', value}, {"env-file", '\0', value}, {"interactive", 'i', none}, {"privileged", '\0', none}, {"tty", 't', none}, {"user", 'u', value}, {"workdir", 'w', value}};
constexpr FlagSpec k_container_export[] = {{"output", 'o', value}};
constexpr FlagSpec k_container_inspect[] = {{"format", 'f', value}, {"size", 's', none}};
constexpr FlagSpec k_container_kill[] = {{"signal", 's', value}};
constexpr FlagSpec k_container_logs[] = {{"details", '\0', none}, {"follow", 'f', none}, {"since", '\0', value}, {"tail", 'n', value}, {"timestamps", 't', none}, {"until", '\0', value}};
constexpr FlagSpec k_container_ls[] = {{"all", 'a', none}, {"filter", 'f', value}, {"format", '\0', value}, {"last", 'n', value}, {"latest", 'l', none}, {"no-trunc", '\0', none}, {"quiet", 'q', none}, {"size", 's', none}};
constexpr FlagSpec k_container_prune[] = {{"filter", '\0', value}, {"force", 'f', none}};
constexpr FlagSpec k_container_restart[] = {{"signal", 's', value}, {"time", '\0', value}, {"timeout", 't', value}};
constexpr FlagSpec k_container_rm[] = {{"force", 'f', none}, {"link", 'l', none}, {"volumes", 'v', none}};
constexpr FlagSpec k_container_run[] = {{"add-host", '\0', value}, {"annotation", '\0', value}, {"attach", 'a', value}, {"blkio-weight", '\0', value}, {"blkio-weight-device", '\0', value}, {"cap-add", '\0', value}, {"cap-drop", '\0', value}, {"cgroup-parent", '\0', value}, {"cgroupns", '\0', value}, {"cidfile", '\0', value}, {"cpu-count", '\0', value}, {"cpu-percent", '\0', value}, {"cpu-period", '\0', value}, {"cpu-quota", '\0', value}, {"cpu-rt-period", '\0', value}, {"cpu-rt-runtime", '\0', value}, {"cpu-shares", 'c', value}, {"cpus", '\0', value}, {"cpuset-cpus", '\0', value}, {"cpuset-mems", '\0', value}, {"detach", 'd', none}, {"detach-keys", '\0', value}, {"device", '\0', value}, {"device-cgroup-rule", '\0', value}, {"device-read-bps", '\0', value}, {"device-read-iops", '\0', value}, {"device-write-bps", '\0', value}, {"device-write-iops", '\0', value}, {"disable-content-trust", '\0', none}, {"dns", '\0', value}, {"dns-opt", '\0', value}, {"dns-option", '\0', value}, {"dns-search", '\0', value}, {"domainname", '\0', value}, {"entrypoint", '\0', value}, {"env", 'e', value}, {"env-file", '\0', value}, {"expose", '\0', value}, {"gpus", '\0', value}, {"group-add", '\0', value}, {"health-cmd", '\0', value}, {"health-interval", '\0', value}, {"health-retries", '\0', value}, {"health-start-interval", '\0', value}, {"health-start-period", '\0', value}, {"health-timeout", '\0', value}, {"help", '\0', none}, {"hostname", 'h', value}, {"init", '\0', none}, {"interactive", 'i', none}, {"io-maxbandwidth", '\0', value}, {"io-maxiops", '\0', value}, {"ip", '\0', value}, {"ip6", '\0', value}, {"ipc", '\0', value}, {"isolation", '\0', value}, {"kernel-memory", '\0', value}, {"label", 'l', value}, {"label-file", '\0', value}, {"link", '\0', value}, {"link-local-ip", '\0', value}, {"log-driver", '\0', value}, {"log-opt", '\0', value}, {"mac-address", '\0', value}, {"memory", 'm', value}, {"memory-reservation", '\0', value}, {"memory-swap", '\0', value}, {"memory-swappiness", '\0', value}, {"mount", '\0', value}, {"name", '\0', value}, {"net", '\0', value}, {"net-alias", '\0', value}, {"network", '\0', value}, {"network-alias", '\0', value}, {"no-healthcheck", '\0', none}, {"oom-kill-disable", '\0', none}, {"oom-score-adj", '\0', value}, {"pid", '\0', value}, {"pids-limit", '\0', value}, {"platform", '\0', value}, {"privileged", '\0', none}, {"publish", 'p', value}, {"publish-all", 'P', none}, {"pull", '\0', value}, {"quiet", 'q', none}, {"read-only", '\0', none}, {"restart", '\0', value}, {"rm", '\0', none}, {"runtime", '\0', value}, {"security-opt", '\0', value}, {"shm-size", '\0', value}, {"sig-proxy", '\0', none}, {"stop-signal", '\0', value}, {"stop-timeout", '\0', value}, {"storage-opt", '\0', value}, {"sysctl", '\0', value}, {"tmpfs", '\0', value}, {"tty", 't', none}, {"ulimit", '\0', value}, {"use-api-socket", '\0', none}, {"user", 'u', value}, {"userns", '\0', value}, {"uts", '\0', value}, {"volume", 'v', value}, {"volume-driver", '\0', value}, {"volumes-from", '\0', value}, {"workdir", 'w', value}};
constexpr FlagSpec k_container_start[] = {{"attach", 'a', none}, {"checkpoint", '\0', value}, {"checkpoint-dir", '\0', value}, {"detach-keys", '\0', value}, {"interactive", 'i', none}};
constexpr FlagSpec k_container_stats[] = {{"all", 'a', none}, {"format", '\0', value}, {"no-stream", '\0', none}, {"no-trunc", '\0', none}};
constexpr FlagSpec k_container_stop[] = {{"signal", 's', value}, {"time", '\0', value}, {"timeout", 't', value}};
constexpr FlagSpec k_container_update[] = {{"blkio-weight", '\0', value}, {"cpu-period", '\0', value}, {"cpu-quota", '\0', value}, {"cpu-rt-period", '\0', value}, {"cpu-rt-runtime", '\0', value}, {"cpu-shares", 'c', value}, {"cpus", '\0', value}, {"cpuset-cpus", '\0', value}, {"cpuset-mems", '\0', value}, {"kernel-memory", '\0', value}, {"memory", 'm', value}, {"memory-reservation", '\0', value}, {"memory-swap", '\0', value}, {"pids-limit", '\0', value}, {"restart", '\0', value}};
constexpr FlagSpec k_context_create[] = {{"description", '\0', value}, {"docker", '\0', value}, {"from", '\0', value}};
constexpr FlagSpec k_context_inspect[] = {{"format", 'f', value}};
constexpr FlagSpec k_context_ls[] = {{"format", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_context_rm[] = {{"force", 'f', none}};
constexpr FlagSpec k_context_update[] = {{"description", '\0', value}, {"docker", '\0', value}};
constexpr FlagSpec k_image_build[] = {{"add-host", '\0', value}, {"allow", '\0', value}, {"annotation", '\0', value}, {"attest", '\0', value}, {"build-arg", '\0', value}, {"build-context", '\0', value}, {"cache-from", '\0', value}, {"cache-to", '\0', value}, {"call", '\0', value}, {"cgroup-parent", '\0', value}, {"check", '\0', optional}, {"compress", '\0', none}, {"cpu-period", '\0', value}, {"cpu-quota", '\0', value}, {"cpu-shares", 'c', value}, {"cpuset-cpus", '\0', value}, {"cpuset-mems", '\0', value}, {"disable-content-trust", '\0', none}, {"file", 'f', value}, {"force-rm", '\0', none}, {"iidfile", '\0', value}, {"isolation", '\0', value}, {"label", '\0', value}, {"load", '\0', none}, {"memory", 'm', value}, {"memory-swap", '\0', value}, {"metadata-file", '\0', value}, {"network", '\0', value}, {"no-cache", '\0', none}, {"no-cache-filter", '\0', value}, {"output", 'o', value}, {"platform", '\0', value}, {"policy", '\0', value}, {"print", '\0', value}, {"progress", '\0', value}, {"provenance", '\0', value}, {"pull", '\0', none}, {"push", '\0', none}, {"quiet", 'q', none}, {"resource", '\0', value}, {"rm", '\0', none}, {"sbom", '\0', value}, {"secret", '\0', value}, {"security-opt", '\0', value}, {"shm-size", '\0', value}, {"squash", '\0', none}, {"ssh", '\0', value}, {"tag", 't', value}, {"target", '\0', value}, {"ulimit", '\0', value}};
constexpr FlagSpec k_image_history[] = {{"format", '\0', value}, {"human", 'H', none}, {"no-trunc", '\0', none}, {"platform", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_image_import[] = {{"change", 'c', value}, {"message", 'm', value}, {"platform", '\0', value}};
constexpr FlagSpec k_image_inspect[] = {{"format", 'f', value}, {"platform", '\0', value}};
constexpr FlagSpec k_image_load[] = {{"input", 'i', value}, {"platform", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_image_ls[] = {{"all", 'a', none}, {"digests", '\0', none}, {"filter", 'f', value}, {"format", '\0', value}, {"no-trunc", '\0', none}, {"quiet", 'q', none}, {"tree", '\0', none}};
constexpr FlagSpec k_image_prune[] = {{"all", 'a', none}, {"filter", '\0', value}, {"force", 'f', none}};
constexpr FlagSpec k_image_pull[] = {{"all-tags", 'a', none}, {"disable-content-trust", '\0', none}, {"platform", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_image_push[] = {{"all-tags", 'a', none}, {"disable-content-trust", '\0', none}, {"platform", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_image_rm[] = {{"force", 'f', none}, {"no-prune", '\0', none}, {"platform", '\0', value}};
constexpr FlagSpec k_image_save[] = {{"output", 'o', value}, {"platform", '\0', value}};
constexpr FlagSpec k_inspect[] = {{"format", 'f', value}, {"size", 's', none}, {"type", '\0', value}};
constexpr FlagSpec k_login[] = {{"password", 'p', value}, {"password-stdin", '\0', none}, {"username", 'u', value}};
constexpr FlagSpec k_manifest_annotate[] = {{"arch", '\0', value}, {"os", '\0', value}, {"os-features", '\0', value}, {"os-version", '\0', value}, {"variant", '\0', value}};
constexpr FlagSpec k_manifest_create[] = {{"amend", 'a', none}, {"insecure", '\0', none}};
constexpr FlagSpec k_manifest_inspect[] = {{"insecure", '\0', none}, {"verbose", 'v', none}};
constexpr FlagSpec k_manifest_push[] = {{"insecure", '\0', none}, {"purge", 'p', none}};
constexpr FlagSpec k_model_bench[] = {{"concurrency", '\0', value}, {"duration", '\0', value}, {"json", '\0', none}, {"prompt", '\0', value}, {"timeout", '\0', value}};
constexpr FlagSpec k_model_compose_up[] = {{"backend", '\0', value}, {"context-size", '\0', value}, {"model", '\0', value}, {"runtime-flags", '\0', value}, {"speculative-draft-model", '\0', value}, {"speculative-min-acceptance-rate", '\0', value}, {"speculative-num-tokens", '\0', value}};
constexpr FlagSpec k_model_configure[] = {{"context-size", '\0', value}, {"gpu-memory-utilization", '\0', value}, {"hf_overrides", '\0', value}, {"keep-alive", '\0', value}, {"mode", '\0', value}, {"speculative-draft-model", '\0', value}, {"speculative-min-acceptance-rate", '\0', value}, {"speculative-num-tokens", '\0', value}, {"think", '\0', value}};
constexpr FlagSpec k_model_context_create[] = {{"description", '\0', value}, {"host", '\0', value}, {"tls", '\0', none}, {"tls-ca-cert", '\0', value}, {"tls-skip-verify", '\0', none}};
constexpr FlagSpec k_model_gateway[] = {{"config", 'c', value}, {"host", '\0', value}, {"port", 'p', value}, {"verbose", 'v', none}};
constexpr FlagSpec k_model_inspect[] = {{"openai", '\0', none}, {"remote", 'r', none}};
constexpr FlagSpec k_model_install_runner[] = {{"backend", '\0', value}, {"debug", '\0', none}, {"do-not-track", '\0', none}, {"gpu", '\0', value}, {"host", '\0', value}, {"llama-server-version", '\0', value}, {"port", '\0', value}, {"proxy-cert", '\0', value}, {"tls", '\0', none}, {"tls-cert", '\0', value}, {"tls-key", '\0', value}, {"tls-port", '\0', value}};
constexpr FlagSpec k_model_launch[] = {{"config", '\0', none}, {"detach", '\0', none}, {"dry-run", '\0', none}, {"image", '\0', value}, {"model", '\0', value}, {"port", '\0', value}};
constexpr FlagSpec k_model_list[] = {{"json", '\0', none}, {"openai", '\0', none}, {"openaiurl", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_model_logs[] = {{"follow", 'f', none}, {"no-engines", '\0', none}};
constexpr FlagSpec k_model_package[] = {{"chat-template", '\0', value}, {"context-size", '\0', value}, {"dduf", '\0', value}, {"format", '\0', value}, {"from", '\0', value}, {"gguf", '\0', value}, {"license", 'l', value}, {"mmproj", '\0', value}, {"push", '\0', none}, {"safetensors-dir", '\0', value}};
constexpr FlagSpec k_model_purge[] = {{"force", 'f', none}};
constexpr FlagSpec k_model_reinstall_runner[] = {{"backend", '\0', value}, {"debug", '\0', none}, {"do-not-track", '\0', none}, {"gpu", '\0', value}, {"host", '\0', value}, {"llama-server-version", '\0', value}, {"port", '\0', value}, {"proxy-cert", '\0', value}, {"tls", '\0', none}, {"tls-cert", '\0', value}, {"tls-key", '\0', value}, {"tls-port", '\0', value}};
constexpr FlagSpec k_model_requests[] = {{"follow", 'f', none}, {"include-existing", '\0', none}, {"model", '\0', value}};
constexpr FlagSpec k_model_restart_runner[] = {{"debug", '\0', none}, {"do-not-track", '\0', none}, {"gpu", '\0', value}, {"host", '\0', value}, {"port", '\0', value}, {"proxy-cert", '\0', value}};
constexpr FlagSpec k_model_rm[] = {{"force", 'f', none}};
constexpr FlagSpec k_model_run[] = {{"color", '\0', value}, {"debug", '\0', none}, {"detach", 'd', none}, {"openaiurl", '\0', value}, {"websearch", '\0', none}};
constexpr FlagSpec k_model_search[] = {{"json", '\0', none}, {"limit", 'n', value}, {"source", '\0', value}};
constexpr FlagSpec k_model_show[] = {{"remote", 'r', none}};
constexpr FlagSpec k_model_skills[] = {{"claude", '\0', none}, {"codex", '\0', none}, {"dest", '\0', value}, {"force", 'f', none}, {"opencode", '\0', none}};
constexpr FlagSpec k_model_start_runner[] = {{"backend", '\0', value}, {"debug", '\0', none}, {"do-not-track", '\0', none}, {"gpu", '\0', value}, {"host", '\0', value}, {"port", '\0', value}, {"proxy-cert", '\0', value}, {"tls", '\0', none}, {"tls-cert", '\0', value}, {"tls-key", '\0', value}, {"tls-port", '\0', value}};
constexpr FlagSpec k_model_status[] = {{"json", '\0', none}};
constexpr FlagSpec k_model_stop_runner[] = {{"models", '\0', none}};
constexpr FlagSpec k_model_uninstall_runner[] = {{"backend", '\0', value}, {"images", '\0', none}, {"models", '\0', none}};
constexpr FlagSpec k_model_unload[] = {{"all", '\0', none}, {"backend", '\0', value}};
constexpr FlagSpec k_network_connect[] = {{"alias", '\0', value}, {"driver-opt", '\0', value}, {"gw-priority", '\0', value}, {"ip", '\0', value}, {"ip6", '\0', value}, {"link", '\0', value}, {"link-local-ip", '\0', value}};
constexpr FlagSpec k_network_create[] = {{"attachable", '\0', none}, {"aux-address", '\0', value}, {"config-from", '\0', value}, {"config-only", '\0', none}, {"driver", 'd', value}, {"gateway", '\0', value}, {"ingress", '\0', none}, {"internal", '\0', none}, {"ip-range", '\0', value}, {"ipam-driver", '\0', value}, {"ipam-opt", '\0', value}, {"ipv4", '\0', none}, {"ipv6", '\0', none}, {"label", '\0', value}, {"opt", 'o', value}, {"scope", '\0', value}, {"subnet", '\0', value}};
constexpr FlagSpec k_network_disconnect[] = {{"force", 'f', none}};
constexpr FlagSpec k_network_inspect[] = {{"format", 'f', value}, {"verbose", 'v', none}};
constexpr FlagSpec k_network_ls[] = {{"filter", 'f', value}, {"format", '\0', value}, {"no-trunc", '\0', none}, {"quiet", 'q', none}};
constexpr FlagSpec k_network_prune[] = {{"filter", '\0', value}, {"force", 'f', none}};
constexpr FlagSpec k_network_rm[] = {{"force", 'f', none}};
constexpr FlagSpec k_node_inspect[] = {{"format", 'f', value}, {"pretty", '\0', none}};
constexpr FlagSpec k_node_ls[] = {{"filter", 'f', value}, {"format", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_node_ps[] = {{"filter", 'f', value}, {"format", '\0', value}, {"no-resolve", '\0', none}, {"no-trunc", '\0', none}, {"quiet", 'q', none}};
constexpr FlagSpec k_node_rm[] = {{"force", 'f', none}};
constexpr FlagSpec k_node_update[] = {{"availability", '\0', value}, {"label-add", '\0', value}, {"label-rm", '\0', value}, {"role", '\0', value}};
constexpr FlagSpec k_plugin_create[] = {{"compress", '\0', none}};
constexpr FlagSpec k_plugin_disable[] = {{"force", 'f', none}};
constexpr FlagSpec k_plugin_enable[] = {{"timeout", '\0', value}};
constexpr FlagSpec k_plugin_inspect[] = {{"format", 'f', value}};
constexpr FlagSpec k_plugin_install[] = {{"alias", '\0', value}, {"disable", '\0', none}, {"disable-content-trust", '\0', none}, {"grant-all-permissions", '\0', none}};
constexpr FlagSpec k_plugin_ls[] = {{"filter", 'f', value}, {"format", '\0', value}, {"no-trunc", '\0', none}, {"quiet", 'q', none}};
constexpr FlagSpec k_plugin_push[] = {{"disable-content-trust", '\0', none}};
constexpr FlagSpec k_plugin_rm[] = {{"force", 'f', none}};
constexpr FlagSpec k_plugin_upgrade[] = {{"disable-content-trust", '\0', none}, {"grant-all-permissions", '\0', none}, {"skip-remote-check", '\0', none}};
constexpr FlagSpec k_search[] = {{"filter", 'f', value}, {"format", '\0', value}, {"limit", '\0', value}, {"no-trunc", '\0', none}};
constexpr FlagSpec k_secret_create[] = {{"driver", 'd', value}, {"label", 'l', value}, {"template-driver", '\0', value}};
constexpr FlagSpec k_secret_inspect[] = {{"format", 'f', value}, {"pretty", '\0', none}};
constexpr FlagSpec k_secret_ls[] = {{"filter", 'f', value}, {"format", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_service_create[] = {{"cap-add", '\0', value}, {"cap-drop", '\0', value}, {"config", '\0', value}, {"constraint", '\0', value}, {"container-label", '\0', value}, {"credential-spec", '\0', value}, {"detach", 'd', none}, {"dns", '\0', value}, {"dns-option", '\0', value}, {"dns-search", '\0', value}, {"endpoint-mode", '\0', value}, {"entrypoint", '\0', value}, {"env", 'e', value}, {"env-file", '\0', value}, {"generic-resource", '\0', value}, {"group", '\0', value}, {"health-cmd", '\0', value}, {"health-interval", '\0', value}, {"health-retries", '\0', value}, {"health-start-interval", '\0', value}, {"health-start-period", '\0', value}, {"health-timeout", '\0', value}, {"host", '\0', value}, {"hostname", '\0', value}, {"init", '\0', none}, {"isolation", '\0', value}, {"label", 'l', value}, {"limit-cpu", '\0', value}, {"limit-memory", '\0', value}, {"limit-pids", '\0', value}, {"log-driver", '\0', value}, {"log-opt", '\0', value}, {"max-concurrent", '\0', value}, {"memory-swap", '\0', value}, {"memory-swappiness", '\0', value}, {"mode", '\0', value}, {"mount", '\0', value}, {"name", '\0', value}, {"network", '\0', value}, {"no-healthcheck", '\0', none}, {"no-resolve-image", '\0', none}, {"oom-score-adj", '\0', value}, {"placement-pref", '\0', value}, {"publish", 'p', value}, {"quiet", 'q', none}, {"read-only", '\0', none}, {"replicas", '\0', value}, {"replicas-max-per-node", '\0', value}, {"reserve-cpu", '\0', value}, {"reserve-memory", '\0', value}, {"restart-condition", '\0', value}, {"restart-delay", '\0', value}, {"restart-max-attempts", '\0', value}, {"restart-window", '\0', value}, {"rollback-delay", '\0', value}, {"rollback-failure-action", '\0', value}, {"rollback-max-failure-ratio", '\0', value}, {"rollback-monitor", '\0', value}, {"rollback-order", '\0', value}, {"rollback-parallelism", '\0', value}, {"secret", '\0', value}, {"stop-grace-period", '\0', value}, {"stop-signal", '\0', value}, {"sysctl", '\0', value}, {"tty", 't', none}, {"ulimit", '\0', value}, {"update-delay", '\0', value}, {"update-failure-action", '\0', value}, {"update-max-failure-ratio", '\0', value}, {"update-monitor", '\0', value}, {"update-order", '\0', value}, {"update-parallelism", '\0', value}, {"user", 'u', value}, {"with-registry-auth", '\0', none}, {"workdir", 'w', value}};
constexpr FlagSpec k_service_inspect[] = {{"format", 'f', value}, {"pretty", '\0', none}};
constexpr FlagSpec k_service_logs[] = {{"details", '\0', none}, {"follow", 'f', none}, {"no-resolve", '\0', none}, {"no-task-ids", '\0', none}, {"no-trunc", '\0', none}, {"raw", '\0', none}, {"since", '\0', value}, {"tail", 'n', value}, {"timestamps", 't', none}};
constexpr FlagSpec k_service_ls[] = {{"filter", 'f', value}, {"format", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_service_ps[] = {{"filter", 'f', value}, {"format", '\0', value}, {"no-resolve", '\0', none}, {"no-trunc", '\0', none}, {"quiet", 'q', none}};
constexpr FlagSpec k_service_rollback[] = {{"detach", 'd', none}, {"quiet", 'q', none}};
constexpr FlagSpec k_service_scale[] = {{"detach", 'd', none}};
constexpr FlagSpec k_service_update[] = {{"args", '\0', value}, {"cap-add", '\0', value}, {"cap-drop", '\0', value}, {"config-add", '\0', value}, {"config-rm", '\0', value}, {"constraint-add", '\0', value}, {"constraint-rm", '\0', value}, {"container-label-add", '\0', value}, {"container-label-rm", '\0', value}, {"credential-spec", '\0', value}, {"detach", 'd', none}, {"dns-add", '\0', value}, {"dns-option-add", '\0', value}, {"dns-option-rm", '\0', value}, {"dns-rm", '\0', value}, {"dns-search-add", '\0', value}, {"dns-search-rm", '\0', value}, {"endpoint-mode", '\0', value}, {"entrypoint", '\0', value}, {"env-add", '\0', value}, {"env-rm", '\0', value}, {"force", '\0', none}, {"generic-resource-add", '\0', value}, {"generic-resource-rm", '\0', value}, {"group-add", '\0', value}, {"group-rm", '\0', value}, {"health-cmd", '\0', value}, {"health-interval", '\0', value}, {"health-retries", '\0', value}, {"health-start-interval", '\0', value}, {"health-start-period", '\0', value}, {"health-timeout", '\0', value}, {"host-add", '\0', value}, {"host-rm", '\0', value}, {"hostname", '\0', value}, {"image", '\0', value}, {"init", '\0', none}, {"isolation", '\0', value}, {"label-add", '\0', value}, {"label-rm", '\0', value}, {"limit-cpu", '\0', value}, {"limit-memory", '\0', value}, {"limit-pids", '\0', value}, {"log-driver", '\0', value}, {"log-opt", '\0', value}, {"max-concurrent", '\0', value}, {"memory-swap", '\0', value}, {"memory-swappiness", '\0', value}, {"mount-add", '\0', value}, {"mount-rm", '\0', value}, {"network-add", '\0', value}, {"network-rm", '\0', value}, {"no-healthcheck", '\0', none}, {"no-resolve-image", '\0', none}, {"oom-score-adj", '\0', value}, {"placement-pref-add", '\0', value}, {"placement-pref-rm", '\0', value}, {"publish-add", '\0', value}, {"publish-rm", '\0', value}, {"quiet", 'q', none}, {"read-only", '\0', none}, {"replicas", '\0', value}, {"replicas-max-per-node", '\0', value}, {"reserve-cpu", '\0', value}, {"reserve-memory", '\0', value}, {"restart-condition", '\0', value}, {"restart-delay", '\0', value}, {"restart-max-attempts", '\0', value}, {"restart-window", '\0', value}, {"rollback", '\0', none}, {"rollback-delay", '\0', value}, {"rollback-failure-action", '\0', value}, {"rollback-max-failure-ratio", '\0', value}, {"rollback-monitor", '\0', value}, {"rollback-order", '\0', value}, {"rollback-parallelism", '\0', value}, {"secret-add", '\0', value}, {"secret-rm", '\0', value}, {"stop-grace-period", '\0', value}, {"stop-signal", '\0', value}, {"sysctl-add", '\0', value}, {"sysctl-rm", '\0', value}, {"tty", 't', none}, {"ulimit-add", '\0', value}, {"ulimit-rm", '\0', value}, {"update-delay", '\0', value}, {"update-failure-action", '\0', value}, {"update-max-failure-ratio", '\0', value}, {"update-monitor", '\0', value}, {"update-order", '\0', value}, {"update-parallelism", '\0', value}, {"user", 'u', value}, {"with-registry-auth", '\0', none}, {"workdir", 'w', value}};
constexpr FlagSpec k_stack_config[] = {{"compose-file", 'c', value}, {"skip-interpolation", '\0', none}};
constexpr FlagSpec k_stack_deploy[] = {{"compose-file", 'c', value}, {"detach", 'd', none}, {"prune", '\0', none}, {"quiet", 'q', none}, {"resolve-image", '\0', value}, {"with-registry-auth", '\0', none}};
constexpr FlagSpec k_stack_ls[] = {{"format", '\0', value}};
constexpr FlagSpec k_stack_ps[] = {{"filter", 'f', value}, {"format", '\0', value}, {"no-resolve", '\0', none}, {"no-trunc", '\0', none}, {"quiet", 'q', none}};
constexpr FlagSpec k_stack_rm[] = {{"detach", 'd', none}};
constexpr FlagSpec k_stack_services[] = {{"filter", 'f', value}, {"format", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_swarm_ca[] = {{"ca-cert", '\0', value}, {"ca-key", '\0', value}, {"cert-expiry", '\0', value}, {"detach", 'd', none}, {"external-ca", '\0', value}, {"quiet", 'q', none}, {"rotate", '\0', none}};
constexpr FlagSpec k_swarm_init[] = {{"advertise-addr", '\0', value}, {"autolock", '\0', none}, {"availability", '\0', value}, {"cert-expiry", '\0', value}, {"data-path-addr", '\0', value}, {"data-path-port", '\0', value}, {"default-addr-pool", '\0', value}, {"default-addr-pool-mask-length", '\0', value}, {"dispatcher-heartbeat", '\0', value}, {"external-ca", '\0', value}, {"force-new-cluster", '\0', none}, {"listen-addr", '\0', value}, {"max-snapshots", '\0', value}, {"snapshot-interval", '\0', value}, {"task-history-limit", '\0', value}};
constexpr FlagSpec k_swarm_join[] = {{"advertise-addr", '\0', value}, {"availability", '\0', value}, {"data-path-addr", '\0', value}, {"listen-addr", '\0', value}, {"token", '\0', value}};
constexpr FlagSpec k_swarm_join_token[] = {{"quiet", 'q', none}, {"rotate", '\0', none}};
constexpr FlagSpec k_swarm_leave[] = {{"force", 'f', none}};
constexpr FlagSpec k_swarm_unlock_key[] = {{"quiet", 'q', none}, {"rotate", '\0', none}};
constexpr FlagSpec k_swarm_update[] = {{"autolock", '\0', none}, {"cert-expiry", '\0', value}, {"dispatcher-heartbeat", '\0', value}, {"external-ca", '\0', value}, {"max-snapshots", '\0', value}, {"snapshot-interval", '\0', value}, {"task-history-limit", '\0', value}};
constexpr FlagSpec k_system_df[] = {{"format", '\0', value}, {"verbose", 'v', none}};
constexpr FlagSpec k_system_events[] = {{"filter", 'f', value}, {"format", '\0', value}, {"since", '\0', value}, {"until", '\0', value}};
constexpr FlagSpec k_system_info[] = {{"format", 'f', value}};
constexpr FlagSpec k_system_prune[] = {{"all", 'a', none}, {"filter", '\0', value}, {"force", 'f', none}, {"volumes", '\0', none}};
constexpr FlagSpec k_trust_inspect[] = {{"pretty", '\0', none}};
constexpr FlagSpec k_trust_key_generate[] = {{"dir", '\0', value}};
constexpr FlagSpec k_trust_key_load[] = {{"name", '\0', value}};
constexpr FlagSpec k_trust_revoke[] = {{"yes", 'y', none}};
constexpr FlagSpec k_trust_sign[] = {{"local", '\0', none}};
constexpr FlagSpec k_trust_signer_add[] = {{"key", '\0', value}};
constexpr FlagSpec k_trust_signer_remove[] = {{"force", 'f', none}};
constexpr FlagSpec k_version[] = {{"format", 'f', value}};
constexpr FlagSpec k_volume_create[] = {{"availability", '\0', value}, {"driver", 'd', value}, {"group", '\0', value}, {"label", '\0', value}, {"limit-bytes", '\0', value}, {"name", '\0', value}, {"opt", 'o', value}, {"required-bytes", '\0', value}, {"scope", '\0', value}, {"secret", '\0', value}, {"sharing", '\0', value}, {"topology-preferred", '\0', value}, {"topology-required", '\0', value}, {"type", '\0', value}};
constexpr FlagSpec k_volume_inspect[] = {{"format", 'f', value}};
constexpr FlagSpec k_volume_ls[] = {{"cluster", '\0', none}, {"filter", 'f', value}, {"format", '\0', value}, {"quiet", 'q', none}};
constexpr FlagSpec k_volume_prune[] = {{"all", 'a', none}, {"filter", '\0', value}, {"force", 'f', none}};
constexpr FlagSpec k_volume_rm[] = {{"force", 'f', none}};
constexpr FlagSpec k_volume_update[] = {{"availability", '\0', value}};
} // namespace

const std::array<CommandSpec, 266> k_commands = {{
  {"buildx", {}, Runs::no, Interspersed::yes},
  {"buildx bake", k_buildx_bake, Runs::yes, Interspersed::yes},
  {"buildx build", k_buildx_build, Runs::yes, Interspersed::yes},
  {"buildx create", k_buildx_create, Runs::yes, Interspersed::yes},
  {"buildx debug", k_buildx_debug, Runs::yes, Interspersed::yes},
  {"buildx dial-stdio", k_buildx_dial_stdio, Runs::yes, Interspersed::yes},
  {"buildx du", k_buildx_du, Runs::yes, Interspersed::yes},
  {"buildx history", {}, Runs::no, Interspersed::yes},
  {"buildx history export", k_buildx_history_export, Runs::yes, Interspersed::yes},
  {"buildx history import", k_buildx_history_import, Runs::yes, Interspersed::yes},
  {"buildx history inspect", k_buildx_history_inspect, Runs::yes, Interspersed::yes},
  {"buildx history inspect attachment", k_buildx_history_inspect_attachment, Runs::yes, Interspersed::yes},
  {"buildx history logs", k_buildx_history_logs, Runs::yes, Interspersed::yes},
  {"buildx history ls", k_buildx_history_ls, Runs::yes, Interspersed::yes},
  {"buildx history open", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"buildx history rm", k_buildx_history_rm, Runs::yes, Interspersed::yes},
  {"buildx history trace", k_buildx_history_trace, Runs::yes, Interspersed::yes},
  {"buildx imagetools", {}, Runs::no, Interspersed::yes},
  {"buildx imagetools create", k_buildx_imagetools_create, Runs::yes, Interspersed::yes},
  {"buildx imagetools inspect", k_buildx_imagetools_inspect, Runs::yes, Interspersed::yes},
  {"buildx inspect", k_buildx_inspect, Runs::yes, Interspersed::yes},
  {"buildx install", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"buildx ls", k_buildx_ls, Runs::yes, Interspersed::yes},
  {"buildx policy", {}, Runs::no, Interspersed::yes},
  {"buildx policy eval", k_buildx_policy_eval, Runs::yes, Interspersed::yes},
  {"buildx policy test", k_buildx_policy_test, Runs::yes, Interspersed::yes},
  {"buildx prune", k_buildx_prune, Runs::yes, Interspersed::yes},
  {"buildx rm", k_buildx_rm, Runs::yes, Interspersed::yes},
  {"buildx stop", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"buildx uninstall", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"buildx use", k_buildx_use, Runs::yes, Interspersed::yes},
  {"buildx version", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"checkpoint", {}, Runs::no, Interspersed::yes},
  {"checkpoint create", k_checkpoint_create, Runs::yes, Interspersed::yes},
  {"checkpoint ls", k_checkpoint_ls, Runs::yes, Interspersed::yes},
  {"checkpoint rm", k_checkpoint_rm, Runs::yes, Interspersed::yes},
  {"compose", {}, Runs::no, Interspersed::yes},
  {"compose alpha", {}, Runs::no, Interspersed::yes},
  {"compose alpha generate", k_compose_alpha_generate, Runs::yes, Interspersed::yes},
  {"compose alpha viz", k_compose_alpha_viz, Runs::yes, Interspersed::yes},
  {"compose attach", k_compose_attach, Runs::yes, Interspersed::yes},
  {"compose bridge", {}, Runs::no, Interspersed::yes},
  {"compose bridge convert", k_compose_bridge_convert, Runs::yes, Interspersed::yes},
  {"compose bridge transformations", {}, Runs::no, Interspersed::yes},
  {"compose bridge transformations create", k_compose_bridge_transformations_create, Runs::yes, Interspersed::yes},
  {"compose bridge transformations ls", k_compose_bridge_transformations_ls, Runs::yes, Interspersed::yes},
  {"compose build", k_compose_build, Runs::yes, Interspersed::yes},
  {"compose commit", k_compose_commit, Runs::yes, Interspersed::yes},
  {"compose config", k_compose_config, Runs::yes, Interspersed::yes},
  {"compose cp", k_compose_cp, Runs::yes, Interspersed::yes},
  {"compose create", k_compose_create, Runs::yes, Interspersed::yes},
  {"compose down", k_compose_down, Runs::yes, Interspersed::yes},
  {"compose events", k_compose_events, Runs::yes, Interspersed::yes},
  {"compose exec", k_compose_exec, Runs::yes, Interspersed::no},
  {"compose export", k_compose_export, Runs::yes, Interspersed::yes},
  {"compose images", k_compose_images, Runs::yes, Interspersed::yes},
  {"compose kill", k_compose_kill, Runs::yes, Interspersed::yes},
  {"compose logs", k_compose_logs, Runs::yes, Interspersed::yes},
  {"compose ls", k_compose_ls, Runs::yes, Interspersed::yes},
  {"compose pause", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"compose port", k_compose_port, Runs::yes, Interspersed::yes},
  {"compose ps", k_compose_ps, Runs::yes, Interspersed::yes},
  {"compose publish", k_compose_publish, Runs::yes, Interspersed::yes},
  {"compose pull", k_compose_pull, Runs::yes, Interspersed::yes},
  {"compose push", k_compose_push, Runs::yes, Interspersed::yes},
  {"compose restart", k_compose_restart, Runs::yes, Interspersed::yes},
  {"compose rm", k_compose_rm, Runs::yes, Interspersed::yes},
  {"compose run", k_compose_run, Runs::yes, Interspersed::no},
  {"compose scale", k_compose_scale, Runs::yes, Interspersed::yes},
  {"compose start", k_compose_start, Runs::yes, Interspersed::yes},
  {"compose stats", k_compose_stats, Runs::yes, Interspersed::yes},
  {"compose stop", k_compose_stop, Runs::yes, Interspersed::yes},
  {"compose top", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"compose unpause", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"compose up", k_compose_up, Runs::yes, Interspersed::yes},
  {"compose version", k_compose_version, Runs::yes, Interspersed::yes},
  {"compose volumes", k_compose_volumes, Runs::yes, Interspersed::yes},
  {"compose wait", k_compose_wait, Runs::yes, Interspersed::yes},
  {"compose watch", k_compose_watch, Runs::yes, Interspersed::yes},
  {"config", {}, Runs::no, Interspersed::yes},
  {"config create", k_config_create, Runs::yes, Interspersed::yes},
  {"config inspect", k_config_inspect, Runs::yes, Interspersed::yes},
  {"config ls", k_config_ls, Runs::yes, Interspersed::yes},
  {"config rm", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"container", {}, Runs::no, Interspersed::yes},
  {"container attach", k_container_attach, Runs::yes, Interspersed::yes},
  {"container commit", k_container_commit, Runs::yes, Interspersed::no},
  {"container cp", k_container_cp, Runs::yes, Interspersed::yes},
  {"container create", k_container_create, Runs::yes, Interspersed::no},
  {"container diff", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"container exec", k_container_exec, Runs::yes, Interspersed::no},
  {"container export", k_container_export, Runs::yes, Interspersed::yes},
  {"container inspect", k_container_inspect, Runs::yes, Interspersed::yes},
  {"container kill", k_container_kill, Runs::yes, Interspersed::yes},
  {"container logs", k_container_logs, Runs::yes, Interspersed::yes},
  {"container ls", k_container_ls, Runs::yes, Interspersed::yes},
  {"container pause", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"container port", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"container prune", k_container_prune, Runs::yes, Interspersed::yes},
  {"container rename", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"container restart", k_container_restart, Runs::yes, Interspersed::yes},
  {"container rm", k_container_rm, Runs::yes, Interspersed::yes},
  {"container run", k_container_run, Runs::yes, Interspersed::no},
  {"container start", k_container_start, Runs::yes, Interspersed::yes},
  {"container stats", k_container_stats, Runs::yes, Interspersed::yes},
  {"container stop", k_container_stop, Runs::yes, Interspersed::yes},
  {"container top", std::span<const FlagSpec>{}, Runs::yes, Interspersed::no},
  {"container unpause", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"container update", k_container_update, Runs::yes, Interspersed::yes},
  {"container wait", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"context", {}, Runs::no, Interspersed::yes},
  {"context create", k_context_create, Runs::yes, Interspersed::yes},
  {"context export", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"context import", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"context inspect", k_context_inspect, Runs::yes, Interspersed::yes},
  {"context ls", k_context_ls, Runs::yes, Interspersed::yes},
  {"context rm", k_context_rm, Runs::yes, Interspersed::yes},
  {"context show", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"context update", k_context_update, Runs::yes, Interspersed::yes},
  {"context use", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"image", {}, Runs::no, Interspersed::yes},
  {"image build", k_image_build, Runs::yes, Interspersed::yes},
  {"image history", k_image_history, Runs::yes, Interspersed::yes},
  {"image import", k_image_import, Runs::yes, Interspersed::yes},
  {"image inspect", k_image_inspect, Runs::yes, Interspersed::yes},
  {"image load", k_image_load, Runs::yes, Interspersed::yes},
  {"image ls", k_image_ls, Runs::yes, Interspersed::yes},
  {"image prune", k_image_prune, Runs::yes, Interspersed::yes},
  {"image pull", k_image_pull, Runs::yes, Interspersed::yes},
  {"image push", k_image_push, Runs::yes, Interspersed::yes},
  {"image rm", k_image_rm, Runs::yes, Interspersed::yes},
  {"image save", k_image_save, Runs::yes, Interspersed::yes},
  {"image tag", std::span<const FlagSpec>{}, Runs::yes, Interspersed::no},
  {"inspect", k_inspect, Runs::yes, Interspersed::yes},
  {"login", k_login, Runs::yes, Interspersed::yes},
  {"logout", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"manifest", {}, Runs::no, Interspersed::yes},
  {"manifest annotate", k_manifest_annotate, Runs::yes, Interspersed::yes},
  {"manifest create", k_manifest_create, Runs::yes, Interspersed::yes},
  {"manifest inspect", k_manifest_inspect, Runs::yes, Interspersed::yes},
  {"manifest push", k_manifest_push, Runs::yes, Interspersed::yes},
  {"manifest rm", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model", {}, Runs::no, Interspersed::yes},
  {"model bench", k_model_bench, Runs::yes, Interspersed::yes},
  {"model compose", {}, Runs::no, Interspersed::yes},
  {"model compose down", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model compose metadata", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model compose up", k_model_compose_up, Runs::yes, Interspersed::yes},
  {"model configure", k_model_configure, Runs::yes, Interspersed::yes},
  {"model configure show", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model context", {}, Runs::no, Interspersed::yes},
  {"model context create", k_model_context_create, Runs::yes, Interspersed::yes},
  {"model context inspect", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model context ls", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model context rm", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model context use", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model df", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model gateway", k_model_gateway, Runs::yes, Interspersed::yes},
  {"model inspect", k_model_inspect, Runs::yes, Interspersed::yes},
  {"model install-runner", k_model_install_runner, Runs::yes, Interspersed::yes},
  {"model launch", k_model_launch, Runs::yes, Interspersed::yes},
  {"model list", k_model_list, Runs::yes, Interspersed::yes},
  {"model logs", k_model_logs, Runs::yes, Interspersed::yes},
  {"model package", k_model_package, Runs::yes, Interspersed::yes},
  {"model ps", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model pull", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model purge", k_model_purge, Runs::yes, Interspersed::yes},
  {"model push", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model reinstall-runner", k_model_reinstall_runner, Runs::yes, Interspersed::yes},
  {"model requests", k_model_requests, Runs::yes, Interspersed::yes},
  {"model restart-runner", k_model_restart_runner, Runs::yes, Interspersed::yes},
  {"model rm", k_model_rm, Runs::yes, Interspersed::yes},
  {"model run", k_model_run, Runs::yes, Interspersed::yes},
  {"model search", k_model_search, Runs::yes, Interspersed::yes},
  {"model show", k_model_show, Runs::yes, Interspersed::yes},
  {"model skills", k_model_skills, Runs::yes, Interspersed::yes},
  {"model start-runner", k_model_start_runner, Runs::yes, Interspersed::yes},
  {"model status", k_model_status, Runs::yes, Interspersed::yes},
  {"model stop-runner", k_model_stop_runner, Runs::yes, Interspersed::yes},
  {"model tag", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"model uninstall-runner", k_model_uninstall_runner, Runs::yes, Interspersed::yes},
  {"model unload", k_model_unload, Runs::yes, Interspersed::yes},
  {"model version", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"network", {}, Runs::no, Interspersed::yes},
  {"network connect", k_network_connect, Runs::yes, Interspersed::yes},
  {"network create", k_network_create, Runs::yes, Interspersed::yes},
  {"network disconnect", k_network_disconnect, Runs::yes, Interspersed::yes},
  {"network inspect", k_network_inspect, Runs::yes, Interspersed::yes},
  {"network ls", k_network_ls, Runs::yes, Interspersed::yes},
  {"network prune", k_network_prune, Runs::yes, Interspersed::yes},
  {"network rm", k_network_rm, Runs::yes, Interspersed::yes},
  {"node", {}, Runs::no, Interspersed::yes},
  {"node demote", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"node inspect", k_node_inspect, Runs::yes, Interspersed::yes},
  {"node ls", k_node_ls, Runs::yes, Interspersed::yes},
  {"node promote", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"node ps", k_node_ps, Runs::yes, Interspersed::yes},
  {"node rm", k_node_rm, Runs::yes, Interspersed::yes},
  {"node update", k_node_update, Runs::yes, Interspersed::yes},
  {"plugin", {}, Runs::no, Interspersed::yes},
  {"plugin create", k_plugin_create, Runs::yes, Interspersed::yes},
  {"plugin disable", k_plugin_disable, Runs::yes, Interspersed::yes},
  {"plugin enable", k_plugin_enable, Runs::yes, Interspersed::yes},
  {"plugin inspect", k_plugin_inspect, Runs::yes, Interspersed::yes},
  {"plugin install", k_plugin_install, Runs::yes, Interspersed::yes},
  {"plugin ls", k_plugin_ls, Runs::yes, Interspersed::yes},
  {"plugin push", k_plugin_push, Runs::yes, Interspersed::yes},
  {"plugin rm", k_plugin_rm, Runs::yes, Interspersed::yes},
  {"plugin set", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"plugin upgrade", k_plugin_upgrade, Runs::yes, Interspersed::yes},
  {"search", k_search, Runs::yes, Interspersed::yes},
  {"secret", {}, Runs::no, Interspersed::yes},
  {"secret create", k_secret_create, Runs::yes, Interspersed::yes},
  {"secret inspect", k_secret_inspect, Runs::yes, Interspersed::yes},
  {"secret ls", k_secret_ls, Runs::yes, Interspersed::yes},
  {"secret rm", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"service", {}, Runs::no, Interspersed::yes},
  {"service create", k_service_create, Runs::yes, Interspersed::no},
  {"service inspect", k_service_inspect, Runs::yes, Interspersed::yes},
  {"service logs", k_service_logs, Runs::yes, Interspersed::yes},
  {"service ls", k_service_ls, Runs::yes, Interspersed::yes},
  {"service ps", k_service_ps, Runs::yes, Interspersed::yes},
  {"service rm", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"service rollback", k_service_rollback, Runs::yes, Interspersed::yes},
  {"service scale", k_service_scale, Runs::yes, Interspersed::yes},
  {"service update", k_service_update, Runs::yes, Interspersed::yes},
  {"stack", {}, Runs::no, Interspersed::yes},
  {"stack config", k_stack_config, Runs::yes, Interspersed::yes},
  {"stack deploy", k_stack_deploy, Runs::yes, Interspersed::yes},
  {"stack ls", k_stack_ls, Runs::yes, Interspersed::yes},
  {"stack ps", k_stack_ps, Runs::yes, Interspersed::yes},
  {"stack rm", k_stack_rm, Runs::yes, Interspersed::yes},
  {"stack services", k_stack_services, Runs::yes, Interspersed::yes},
  {"swarm", {}, Runs::no, Interspersed::yes},
  {"swarm ca", k_swarm_ca, Runs::yes, Interspersed::yes},
  {"swarm init", k_swarm_init, Runs::yes, Interspersed::yes},
  {"swarm join", k_swarm_join, Runs::yes, Interspersed::yes},
  {"swarm join-token", k_swarm_join_token, Runs::yes, Interspersed::yes},
  {"swarm leave", k_swarm_leave, Runs::yes, Interspersed::yes},
  {"swarm unlock", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"swarm unlock-key", k_swarm_unlock_key, Runs::yes, Interspersed::yes},
  {"swarm update", k_swarm_update, Runs::yes, Interspersed::yes},
  {"system", {}, Runs::no, Interspersed::yes},
  {"system df", k_system_df, Runs::yes, Interspersed::yes},
  {"system dial-stdio", std::span<const FlagSpec>{}, Runs::yes, Interspersed::yes},
  {"system events", k_system_events, Runs::yes, Interspersed::yes},
  {"system info", k_system_info, Runs::yes, Interspersed::yes},
  {"system prune", k_system_prune, Runs::yes, Interspersed::yes},
  {"trust", {}, Runs::no, Interspersed::yes},
  {"trust inspect", k_trust_inspect, Runs::yes, Interspersed::yes},
  {"trust key", {}, Runs::no, Interspersed::yes},
  {"trust key generate", k_trust_key_generate, Runs::yes, Interspersed::yes},
  {"trust key load", k_trust_key_load, Runs::yes, Interspersed::yes},
  {"trust revoke", k_trust_revoke, Runs::yes, Interspersed::yes},
  {"trust sign", k_trust_sign, Runs::yes, Interspersed::yes},
  {"trust signer", {}, Runs::no, Interspersed::yes},
  {"trust signer add", k_trust_signer_add, Runs::yes, Interspersed::yes},
  {"trust signer remove", k_trust_signer_remove, Runs::yes, Interspersed::yes},
  {"version", k_version, Runs::yes, Interspersed::yes},
  {"volume", {}, Runs::no, Interspersed::yes},
  {"volume create", k_volume_create, Runs::yes, Interspersed::yes},
  {"volume inspect", k_volume_inspect, Runs::yes, Interspersed::yes},
  {"volume ls", k_volume_ls, Runs::yes, Interspersed::yes},
  {"volume prune", k_volume_prune, Runs::yes, Interspersed::yes},
  {"volume rm", k_volume_rm, Runs::yes, Interspersed::yes},
  {"volume update", k_volume_update, Runs::yes, Interspersed::yes},
}};

const std::array<CommandWord, 341> k_command_words = {{
  {"", "attach", "container attach"},
  {"", "bake", "buildx bake"},
  {"", "build", "image build"},
  {"", "builder", "buildx"},
  {"", "buildx", "buildx"},
  {"", "checkpoint", "checkpoint"},
  {"", "commit", "container commit"},
  {"", "compose", "compose"},
  {"", "config", "config"},
  {"", "container", "container"},
  {"", "context", "context"},
  {"", "cp", "container cp"},
  {"", "create", "container create"},
  {"", "diff", "container diff"},
  {"", "events", "system events"},
  {"", "exec", "container exec"},
  {"", "export", "container export"},
  {"", "history", "image history"},
  {"", "image", "image"},
  {"", "images", "image ls"},
  {"", "import", "image import"},
  {"", "info", "system info"},
  {"", "inspect", "inspect"},
  {"", "kill", "container kill"},
  {"", "load", "image load"},
  {"", "login", "login"},
  {"", "logout", "logout"},
  {"", "logs", "container logs"},
  {"", "manifest", "manifest"},
  {"", "model", "model"},
  {"", "network", "network"},
  {"", "node", "node"},
  {"", "pause", "container pause"},
  {"", "plugin", "plugin"},
  {"", "port", "container port"},
  {"", "ps", "container ls"},
  {"", "pull", "image pull"},
  {"", "push", "image push"},
  {"", "remove", "container rm"},
  {"", "rename", "container rename"},
  {"", "restart", "container restart"},
  {"", "rm", "container rm"},
  {"", "rmi", "image rm"},
  {"", "run", "container run"},
  {"", "save", "image save"},
  {"", "search", "search"},
  {"", "secret", "secret"},
  {"", "service", "service"},
  {"", "stack", "stack"},
  {"", "start", "container start"},
  {"", "stats", "container stats"},
  {"", "stop", "container stop"},
  {"", "swarm", "swarm"},
  {"", "system", "system"},
  {"", "tag", "image tag"},
  {"", "top", "container top"},
  {"", "trust", "trust"},
  {"", "unpause", "container unpause"},
  {"", "update", "container update"},
  {"", "version", "version"},
  {"", "volume", "volume"},
  {"", "wait", "container wait"},
  {"buildx", "b", "buildx build"},
  {"buildx", "bake", "buildx bake"},
  {"buildx", "build", "buildx build"},
  {"buildx", "create", "buildx create"},
  {"buildx", "debug", "buildx debug"},
  {"buildx", "dial-stdio", "buildx dial-stdio"},
  {"buildx", "du", "buildx du"},
  {"buildx", "f", "buildx bake"},
  {"buildx", "history", "buildx history"},
  {"buildx", "imagetools", "buildx imagetools"},
  {"buildx", "inspect", "buildx inspect"},
  {"buildx", "install", "buildx install"},
  {"buildx", "ls", "buildx ls"},
  {"buildx", "policy", "buildx policy"},
  {"buildx", "prune", "buildx prune"},
  {"buildx", "rm", "buildx rm"},
  {"buildx", "stop", "buildx stop"},
  {"buildx", "uninstall", "buildx uninstall"},
  {"buildx", "use", "buildx use"},
  {"buildx", "version", "buildx version"},
  {"buildx history", "export", "buildx history export"},
  {"buildx history", "import", "buildx history import"},
  {"buildx history", "inspect", "buildx history inspect"},
  {"buildx history", "logs", "buildx history logs"},
  {"buildx history", "ls", "buildx history ls"},
  {"buildx history", "open", "buildx history open"},
  {"buildx history", "rm", "buildx history rm"},
  {"buildx history", "trace", "buildx history trace"},
  {"buildx history inspect", "attachment", "buildx history inspect attachment"},
  {"buildx imagetools", "create", "buildx imagetools create"},
  {"buildx imagetools", "inspect", "buildx imagetools inspect"},
  {"buildx policy", "eval", "buildx policy eval"},
  {"buildx policy", "test", "buildx policy test"},
  {"checkpoint", "create", "checkpoint create"},
  {"checkpoint", "list", "checkpoint ls"},
  {"checkpoint", "ls", "checkpoint ls"},
  {"checkpoint", "remove", "checkpoint rm"},
  {"checkpoint", "rm", "checkpoint rm"},
  {"compose", "alpha", "compose alpha"},
  {"compose", "attach", "compose attach"},
  {"compose", "bridge", "compose bridge"},
  {"compose", "build", "compose build"},
  {"compose", "commit", "compose commit"},
  {"compose", "config", "compose config"},
  {"compose", "cp", "compose cp"},
  {"compose", "create", "compose create"},
  {"compose", "down", "compose down"},
  {"compose", "events", "compose events"},
  {"compose", "exec", "compose exec"},
  {"compose", "export", "compose export"},
  {"compose", "images", "compose images"},
  {"compose", "kill", "compose kill"},
  {"compose", "logs", "compose logs"},
  {"compose", "ls", "compose ls"},
  {"compose", "pause", "compose pause"},
  {"compose", "port", "compose port"},
  {"compose", "ps", "compose ps"},
  {"compose", "publish", "compose publish"},
  {"compose", "pull", "compose pull"},
  {"compose", "push", "compose push"},
  {"compose", "restart", "compose restart"},
  {"compose", "rm", "compose rm"},
  {"compose", "run", "compose run"},
  {"compose", "scale", "compose scale"},
  {"compose", "start", "compose start"},
  {"compose", "stats", "compose stats"},
  {"compose", "stop", "compose stop"},
  {"compose", "top", "compose top"},
  {"compose", "unpause", "compose unpause"},
  {"compose", "up", "compose up"},
  {"compose", "version", "compose version"},
  {"compose", "volumes", "compose volumes"},
  {"compose", "wait", "compose wait"},
  {"compose", "watch", "compose watch"},
  {"compose alpha", "generate", "compose alpha generate"},
  {"compose alpha", "publish", "compose publish"},
  {"compose alpha", "viz", "compose alpha viz"},
  {"compose bridge", "convert", "compose bridge convert"},
  {"compose bridge", "transformations", "compose bridge transformations"},
  {"compose bridge transformations", "create", "compose bridge transformations create"},
  {"compose bridge transformations", "list", "compose bridge transformations ls"},
  {"compose bridge transformations", "ls", "compose bridge transformations ls"},
  {"config", "create", "config create"},
  {"config", "inspect", "config inspect"},
  {"config", "list", "config ls"},
  {"config", "ls", "config ls"},
  {"config", "remove", "config rm"},
  {"config", "rm", "config rm"},
  {"container", "attach", "container attach"},
  {"container", "commit", "container commit"},
  {"container", "cp", "container cp"},
  {"container", "create", "container create"},
  {"container", "diff", "container diff"},
  {"container", "exec", "container exec"},
  {"container", "export", "container export"},
  {"container", "inspect", "container inspect"},
  {"container", "kill", "container kill"},
  {"container", "list", "container ls"},
  {"container", "logs", "container logs"},
  {"container", "ls", "container ls"},
  {"container", "pause", "container pause"},
  {"container", "port", "container port"},
  {"container", "prune", "container prune"},
  {"container", "ps", "container ls"},
  {"container", "remove", "container rm"},
  {"container", "rename", "container rename"},
  {"container", "restart", "container restart"},
  {"container", "rm", "container rm"},
  {"container", "run", "container run"},
  {"container", "start", "container start"},
  {"container", "stats", "container stats"},
  {"container", "stop", "container stop"},
  {"container", "top", "container top"},
  {"container", "unpause", "container unpause"},
  {"container", "update", "container update"},
  {"container", "wait", "container wait"},
  {"context", "create", "context create"},
  {"context", "export", "context export"},
  {"context", "import", "context import"},
  {"context", "inspect", "context inspect"},
  {"context", "list", "context ls"},
  {"context", "ls", "context ls"},
  {"context", "remove", "context rm"},
  {"context", "rm", "context rm"},
  {"context", "show", "context show"},
  {"context", "update", "context update"},
  {"context", "use", "context use"},
  {"image", "build", "image build"},
  {"image", "history", "image history"},
  {"image", "import", "image import"},
  {"image", "inspect", "image inspect"},
  {"image", "list", "image ls"},
  {"image", "load", "image load"},
  {"image", "ls", "image ls"},
  {"image", "prune", "image prune"},
  {"image", "pull", "image pull"},
  {"image", "push", "image push"},
  {"image", "remove", "image rm"},
  {"image", "rm", "image rm"},
  {"image", "rmi", "image rm"},
  {"image", "save", "image save"},
  {"image", "tag", "image tag"},
  {"manifest", "annotate", "manifest annotate"},
  {"manifest", "create", "manifest create"},
  {"manifest", "inspect", "manifest inspect"},
  {"manifest", "push", "manifest push"},
  {"manifest", "rm", "manifest rm"},
  {"model", "bench", "model bench"},
  {"model", "compose", "model compose"},
  {"model", "config", "model configure"},
  {"model", "configure", "model configure"},
  {"model", "context", "model context"},
  {"model", "df", "model df"},
  {"model", "gateway", "model gateway"},
  {"model", "inspect", "model inspect"},
  {"model", "install-runner", "model install-runner"},
  {"model", "launch", "model launch"},
  {"model", "list", "model list"},
  {"model", "logs", "model logs"},
  {"model", "ls", "model list"},
  {"model", "package", "model package"},
  {"model", "ps", "model ps"},
  {"model", "pull", "model pull"},
  {"model", "purge", "model purge"},
  {"model", "push", "model push"},
  {"model", "reinstall-runner", "model reinstall-runner"},
  {"model", "requests", "model requests"},
  {"model", "restart-runner", "model restart-runner"},
  {"model", "rm", "model rm"},
  {"model", "run", "model run"},
  {"model", "search", "model search"},
  {"model", "show", "model show"},
  {"model", "skills", "model skills"},
  {"model", "start-runner", "model start-runner"},
  {"model", "status", "model status"},
  {"model", "stop", "model unload"},
  {"model", "stop-runner", "model stop-runner"},
  {"model", "tag", "model tag"},
  {"model", "uninstall-runner", "model uninstall-runner"},
  {"model", "unload", "model unload"},
  {"model", "version", "model version"},
  {"model compose", "down", "model compose down"},
  {"model compose", "metadata", "model compose metadata"},
  {"model compose", "up", "model compose up"},
  {"model configure", "show", "model configure show"},
  {"model context", "create", "model context create"},
  {"model context", "inspect", "model context inspect"},
  {"model context", "list", "model context ls"},
  {"model context", "ls", "model context ls"},
  {"model context", "remove", "model context rm"},
  {"model context", "rm", "model context rm"},
  {"model context", "use", "model context use"},
  {"network", "connect", "network connect"},
  {"network", "create", "network create"},
  {"network", "disconnect", "network disconnect"},
  {"network", "inspect", "network inspect"},
  {"network", "list", "network ls"},
  {"network", "ls", "network ls"},
  {"network", "prune", "network prune"},
  {"network", "remove", "network rm"},
  {"network", "rm", "network rm"},
  {"node", "demote", "node demote"},
  {"node", "inspect", "node inspect"},
  {"node", "list", "node ls"},
  {"node", "ls", "node ls"},
  {"node", "promote", "node promote"},
  {"node", "ps", "node ps"},
  {"node", "remove", "node rm"},
  {"node", "rm", "node rm"},
  {"node", "update", "node update"},
  {"plugin", "create", "plugin create"},
  {"plugin", "disable", "plugin disable"},
  {"plugin", "enable", "plugin enable"},
  {"plugin", "inspect", "plugin inspect"},
  {"plugin", "install", "plugin install"},
  {"plugin", "list", "plugin ls"},
  {"plugin", "ls", "plugin ls"},
  {"plugin", "push", "plugin push"},
  {"plugin", "remove", "plugin rm"},
  {"plugin", "rm", "plugin rm"},
  {"plugin", "set", "plugin set"},
  {"plugin", "upgrade", "plugin upgrade"},
  {"secret", "create", "secret create"},
  {"secret", "inspect", "secret inspect"},
  {"secret", "list", "secret ls"},
  {"secret", "ls", "secret ls"},
  {"secret", "remove", "secret rm"},
  {"secret", "rm", "secret rm"},
  {"service", "create", "service create"},
  {"service", "inspect", "service inspect"},
  {"service", "list", "service ls"},
  {"service", "logs", "service logs"},
  {"service", "ls", "service ls"},
  {"service", "ps", "service ps"},
  {"service", "remove", "service rm"},
  {"service", "rm", "service rm"},
  {"service", "rollback", "service rollback"},
  {"service", "scale", "service scale"},
  {"service", "update", "service update"},
  {"stack", "config", "stack config"},
  {"stack", "deploy", "stack deploy"},
  {"stack", "down", "stack rm"},
  {"stack", "list", "stack ls"},
  {"stack", "ls", "stack ls"},
  {"stack", "ps", "stack ps"},
  {"stack", "remove", "stack rm"},
  {"stack", "rm", "stack rm"},
  {"stack", "services", "stack services"},
  {"stack", "up", "stack deploy"},
  {"swarm", "ca", "swarm ca"},
  {"swarm", "init", "swarm init"},
  {"swarm", "join", "swarm join"},
  {"swarm", "join-token", "swarm join-token"},
  {"swarm", "leave", "swarm leave"},
  {"swarm", "unlock", "swarm unlock"},
  {"swarm", "unlock-key", "swarm unlock-key"},
  {"swarm", "update", "swarm update"},
  {"system", "df", "system df"},
  {"system", "dial-stdio", "system dial-stdio"},
  {"system", "events", "system events"},
  {"system", "info", "system info"},
  {"system", "prune", "system prune"},
  {"trust", "inspect", "trust inspect"},
  {"trust", "key", "trust key"},
  {"trust", "revoke", "trust revoke"},
  {"trust", "sign", "trust sign"},
  {"trust", "signer", "trust signer"},
  {"trust key", "generate", "trust key generate"},
  {"trust key", "load", "trust key load"},
  {"trust signer", "add", "trust signer add"},
  {"trust signer", "remove", "trust signer remove"},
  {"volume", "create", "volume create"},
  {"volume", "inspect", "volume inspect"},
  {"volume", "list", "volume ls"},
  {"volume", "ls", "volume ls"},
  {"volume", "prune", "volume prune"},
  {"volume", "remove", "volume rm"},
  {"volume", "rm", "volume rm"},
  {"volume", "update", "volume update"},
}};

} // namespace sd::grammar
