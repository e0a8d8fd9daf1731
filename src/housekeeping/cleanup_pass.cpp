#include "housekeeping/cleanup_pass.hpp"

#include "housekeeping/session.hpp"
#include "record/stats.hpp"
#include "util/comma_list.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <span>
#include <stdexcept>

namespace sd::housekeeping {

namespace {

double
now_seconds()
{
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

[[noreturn]] void
bad_setting(const config::Settings& settings, std::string_view key, const std::string& fix)
{
  const auto& value = settings.get(key);
  throw Fatal(exit_code::k_bad_rules, value.origin + ": " + std::string(key) + " = \"" + value.value + "\": " + fix);
}

double
duration_setting(const config::Settings& settings, std::string_view key)
{
  const auto duration = record::parse_duration(settings.text(key));
  if (!duration) {
    bad_setting(settings, key, "expected a whole number and a unit (s, m, h, d, w), e.g. \"24h\"");
  }
  return static_cast<double>(duration->count());
}

std::vector<std::string>
lines_of(std::string_view text)
{
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    auto line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (!line.empty()) {
      out.emplace_back(line);
    }
  }
  return out;
}

std::string
first_line(std::string_view text)
{
  const auto lines = lines_of(text);
  return lines.empty() ? std::string("docker failed without a message") : lines.front();
}

// Stops the pass: a docker call that could not run, or a signal.
struct Stop
{};

class Pass
{
public:
  Pass(DockerCalls& docker, const std::function<int()>& stop_requested, PassReport& report)
    : m_docker(docker),
      m_stop_requested(stop_requested),
      m_report(report)
  {}

  // A call that must run for the pass to go on. It does not look for a stop request: the
  // callers do, between the steps that must not be split.
  DockerReply query(std::vector<std::string> args)
  {
    auto reply = m_docker.call(args);
    if (reply.refused != 0) {
      m_report.refused = reply.refused;
      m_report.refused_reason = reply.err;
      throw Stop{};
    }
    return reply;
  }

  // Lists ids with `args`, then inspects them (in batches): the JSON arrays, concatenated by the
  // parser `parse`. An object gone between the two calls is simply not in the answer.
  template<typename Info, typename Parse>
  std::vector<Info> look(std::vector<std::string> list_args, std::vector<std::string> inspect_args, Parse parse)
  {
    check_stop();
    const auto listed = query(list_args);
    if (listed.status != 0) {
      throw std::runtime_error("docker " + list_args.front() + " failed: " + first_line(listed.err));
    }
    const auto ids = lines_of(listed.out);
    std::vector<Info> out;
    constexpr std::size_t k_batch = 100;
    for (std::size_t at = 0; at < ids.size(); at += k_batch) {
      auto args = inspect_args;
      args.insert(args.end(), ids.begin() + static_cast<std::ptrdiff_t>(at),
                  ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), at + k_batch)));
      check_stop();
      const auto inspected = query(args);
      if (inspected.out.empty() || inspected.out.find('[') == std::string::npos) {
        if (inspected.status == 0) {
          continue;
        }
        throw std::runtime_error("docker " + inspect_args.front() + " failed: " + first_line(inspected.err));
      }
      auto batch = parse(inspected.out);
      out.insert(out.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
    }
    return out;
  }

  void check_stop()
  {
    if (const int signal = m_stop_requested ? m_stop_requested() : 0; signal != 0) {
      m_report.signal = signal;
      throw Stop{};
    }
  }

private:
  DockerCalls& m_docker;
  const std::function<int()>& m_stop_requested;
  PassReport& m_report;
};

Inventory
take_inventory(Pass& pass, const CleanupPolicy& policy, const Scope& scope)
{
  Inventory inventory;
  const std::string session_filter =
    "label=" + std::string(k_session_label) + (scope.session.empty() ? "" : "=" + scope.session);
  std::vector<std::string> ps{"ps", "-a", "-q", "--no-trunc"};
  if (!scope.session.empty()) {
    ps.insert(ps.end(), {"--filter", session_filter});
  }
  inventory.containers = pass.look<ContainerInfo>(ps, {"inspect", "--type", "container", "--size"},
                                                  [](const std::string& t) { return parse_containers(t); });
  if (scope.session.empty()) {
    inventory.images = pass.look<ImageInfo>({"image", "ls", "-q", "--no-trunc", "--filter", "dangling=true"},
                                            {"image", "inspect"}, [](const std::string& t) { return parse_images(t); });
  }
  inventory.networks =
    pass.look<NetworkInfo>({"network", "ls", "-q", "--no-trunc", "--filter", session_filter}, {"network", "inspect"},
                           [](const std::string& t) { return parse_networks(t); });
  if (scope.session_volumes || (scope.session.empty() && policy.remove_volumes != CleanupPolicy::Volumes::never)) {
    inventory.volumes = pass.look<VolumeInfo>({"volume", "ls", "-q", "--filter", session_filter}, {"volume", "inspect"},
                                              [](const std::string& t) { return parse_volumes(t); });
  }
  if (scope.session.empty() && policy.build_cache_max_bytes > 0) {
    pass.check_stop();
    const auto df = pass.query({"system", "df", "--format", "{{json .}}"});
    if (df.status == 0) {
      inventory.build_cache_bytes = parse_build_cache_bytes(df.out);
    }
  }
  return inventory;
}

bool
already_gone(const DockerReply& reply)
{
  return reply.err.find("No such") != std::string::npos || reply.err.find("not found") != std::string::npos;
}

// Removes one image, network or volume.
void
remove_one(Pass& pass, const Removal& removal, PassReport& report)
{
  std::vector<std::string> args;
  switch (removal.kind) {
  case ObjectKind::container:
    args = {"rm", removal.id};
    break;
  case ObjectKind::image:
    args = {"image", "rm", removal.id};
    break;
  case ObjectKind::network:
    args = {"network", "rm", removal.id};
    break;
  case ObjectKind::volume:
    args = {"volume", "rm", removal.id};
    break;
  }
  const auto removed = pass.query(args);
  if (removed.status == 0) {
    report.removed.push_back(removal);
  } else if (already_gone(removed)) {
    report.kept.push_back({removal.kind, removal.id, removal.name, "already gone"});
  } else {
    report.failed.push_back({removal, "rm", first_line(removed.err)});
  }
}

// Containers are stopped and removed up to this many per docker call: one docker process and
// one slot for many containers (docker acts on them in parallel, so a session's services stop
// together, each with its grace period), and still a bounded call for a stop request to wait for.
constexpr std::size_t k_container_batch = 50;

// How many removals from `at` go in one batch: a run of containers that all need a stop, or
// all do not, or a run of images. Anything else goes alone.
std::size_t
batch_size(const std::vector<Removal>& removals, std::size_t at)
{
  const auto kind = removals[at].kind;
  if (kind != ObjectKind::container && kind != ObjectKind::image) {
    return 1;
  }
  std::size_t count = 0;
  while (at + count < removals.size() && count < k_container_batch && removals[at + count].kind == kind
         && removals[at + count].stop_first == removals[at].stop_first) {
    ++count;
  }
  return count;
}

// The line of `lines` that names `id` (in full, or docker's 12-character short form), or null.
const std::string*
line_naming(const std::vector<std::string>& lines, std::string_view id)
{
  const auto bare = id.starts_with("sha256:") ? id.substr(7) : id;
  const auto it = std::find_if(lines.begin(), lines.end(), [&](const std::string& line) {
    return line.find(id) != std::string::npos || line.find(bare.substr(0, 12)) != std::string::npos;
  });
  return it != lines.end() ? &*it : nullptr;
}

// Right before removal, each image of the batch is looked at again, and those that changed
// since the pass took its inventory are kept: `docker image rm ID` takes an image whatever tag
// it gained meanwhile (its only tag is simply removed with it), so this narrows the time
// between the check and the removal to the one `image rm` call. Returns those still to remove.
std::vector<Removal>
recheck_images(Pass& pass, std::span<const Removal> batch, PassReport& report)
{
  std::vector<std::string> args{"image", "inspect"};
  for (const auto& removal : batch) {
    args.push_back(removal.id);
  }
  const auto inspected = pass.query(args);
  // docker prints those it found and fails for the others ("No such image").
  const auto now =
    inspected.out.find('[') != std::string::npos ? parse_images(inspected.out) : std::vector<ImageInfo>{};
  const auto errors = lines_of(inspected.err);
  std::vector<Removal> still;
  for (const auto& removal : batch) {
    const auto image = std::find_if(now.begin(), now.end(), [&](const ImageInfo& i) { return i.id == removal.id; });
    if (image == now.end()) {
      const auto* error = line_naming(errors, removal.id);
      const bool gone = error != nullptr ? error->find("No such") != std::string::npos : already_gone(inspected);
      report.kept.push_back(
        {removal.kind, removal.id, removal.name,
         gone ? "already gone"
              : "could not be inspected again: " + (error != nullptr ? *error : first_line(inspected.err))});
    } else if (!image->dangling()) {
      report.kept.push_back(
        {removal.kind, removal.id, removal.name, "tagged " + image->tags.front() + " since the pass looked"});
    } else {
      still.push_back(removal);
    }
  }
  if (still.empty()) {
    return still;
  }
  // Containers created from them since: `ancestor` also finds those of images built on them,
  // which docker refuses to orphan anyway.
  std::vector<std::string> ps{"ps", "-a", "-q", "--no-trunc"};
  for (const auto& removal : still) {
    ps.insert(ps.end(), {"--filter", "ancestor=" + removal.id});
  }
  const auto listed = pass.query(ps);
  if (listed.status != 0) {
    for (const auto& removal : still) {
      report.kept.push_back({removal.kind, removal.id, removal.name,
                             "its containers could not be listed again: " + first_line(listed.err)});
    }
    return {};
  }
  const auto ids = lines_of(listed.out);
  if (ids.empty()) {
    return still;
  }
  std::vector<std::string> inspect{"inspect", "--type", "container"};
  inspect.insert(inspect.end(), ids.begin(), ids.end());
  const auto users_reply = pass.query(inspect);
  const auto users =
    users_reply.out.find('[') != std::string::npos ? parse_containers(users_reply.out) : std::vector<ContainerInfo>{};
  std::erase_if(still, [&](const Removal& removal) {
    const auto user =
      std::find_if(users.begin(), users.end(), [&](const ContainerInfo& c) { return c.image_id == removal.id; });
    if (user == users.end()) {
      return false;
    }
    report.kept.push_back(
      {removal.kind, removal.id, removal.name, "used by container " + user->name + " since the pass looked"});
    return true;
  });
  return still;
}

// Removes a batch of images in one `docker image rm ID…` (never forced: docker refuses an image
// a container uses, or that has a tag in several repositories). docker prints "Deleted: ID" for
// each image it deleted and an error line for each it did not.
void
remove_images(Pass& pass, const std::vector<Removal>& batch, PassReport& report)
{
  std::vector<std::string> args{"image", "rm"};
  for (const auto& removal : batch) {
    args.push_back(removal.id);
  }
  const auto reply = pass.query(args);
  const auto done = lines_of(reply.out);
  const auto errors = lines_of(reply.err);
  for (const auto& removal : batch) {
    const auto deleted = std::find(done.begin(), done.end(), "Deleted: " + removal.id) != done.end();
    const auto* error = line_naming(errors, removal.id);
    if (deleted || (reply.status == 0 && error == nullptr)) {
      report.removed.push_back(removal);
    } else if (error != nullptr && error->find("No such") != std::string::npos) {
      report.kept.push_back({removal.kind, removal.id, removal.name, "already gone"});
    } else {
      report.failed.push_back({removal, "rm", error != nullptr ? *error : first_line(reply.err)});
    }
  }
}

// Runs `docker VERB… ID…` over `batch`. docker prints each id it acted on on stdout and an
// error line for each one it did not. Returns those it acted on; the others are reported.
std::vector<Removal>
act_on_containers(Pass& pass, std::vector<std::string> args, const std::vector<Removal>& batch, const std::string& step,
                  PassReport& report)
{
  for (const auto& removal : batch) {
    args.push_back(removal.id);
  }
  const auto reply = pass.query(args);
  const auto done = lines_of(reply.out);
  const auto errors = lines_of(reply.err);
  std::vector<Removal> out;
  for (const auto& removal : batch) {
    if (std::find(done.begin(), done.end(), removal.id) != done.end()) {
      out.push_back(removal);
      continue;
    }
    const auto error = std::find_if(errors.begin(), errors.end(), [&](const std::string& line) {
      return line.find(removal.id.substr(0, 12)) != std::string::npos;
    });
    const auto message = error != errors.end() ? *error : first_line(reply.err);
    if (message.find("No such container") != std::string::npos) {
      report.kept.push_back({removal.kind, removal.id, removal.name, "already gone"});
    } else {
      report.failed.push_back({removal, step, message});
    }
  }
  return out;
}

// Stops (when they run) and removes a batch of containers, as one unit: a stop request waits
// for both calls, so no container is left stopped but not removed.
void
remove_containers(Pass& pass, std::span<const Removal> batch, const CleanupPolicy& policy, PassReport& report)
{
  std::vector<Removal> ready(batch.begin(), batch.end());
  if (batch.front().stop_first) {
    ready = act_on_containers(pass, {"stop", "-t", std::to_string(policy.stop_grace_seconds)}, ready, "stop", report);
  }
  if (!ready.empty()) {
    const auto removed = act_on_containers(pass, {"rm"}, ready, "rm", report);
    report.removed.insert(report.removed.end(), removed.begin(), removed.end());
  }
}

} // namespace

CleanupPolicy
cleanup_policy(const config::Settings& settings)
{
  CleanupPolicy policy;
  policy.min_age_seconds = duration_setting(settings, "cleanup.min_age");
  policy.image_min_age_seconds = duration_setting(settings, "cleanup.image_min_age");
  policy.keep_names = util::split_comma_list(settings.text("cleanup.keep_names"));
  const auto grace = settings.integer("cleanup.stop_grace");
  if (grace < 0 || grace > 3600) {
    bad_setting(settings, "cleanup.stop_grace", "expected seconds from 0 to 3600");
  }
  policy.stop_grace_seconds = static_cast<int>(grace);
  const auto volumes = settings.text("cleanup.remove_volumes");
  if (volumes == "never") {
    policy.remove_volumes = CleanupPolicy::Volumes::never;
  } else if (volumes == "sessions") {
    policy.remove_volumes = CleanupPolicy::Volumes::sessions;
  } else {
    bad_setting(settings, "cleanup.remove_volumes", "expected \"never\" or \"sessions\"");
  }
  policy.build_cache_max_bytes = settings.integer("cleanup.max_build_cache_bytes");
  if (policy.build_cache_max_bytes < 0) {
    bad_setting(settings, "cleanup.max_build_cache_bytes", "expected a number of bytes, 0 to turn the check off");
  }
  return policy;
}

std::int64_t
PassReport::reclaimed_bytes() const
{
  std::int64_t total = 0;
  for (const auto& removal : removed) {
    total += removal.bytes;
  }
  return total;
}

int
PassReport::exit_code() const
{
  if (refused != 0) {
    return refused;
  }
  if (signal != 0) {
    return 128 + signal;
  }
  return failed.empty() ? 0 : 1;
}

PassReport
run_pass(DockerCalls& docker, const admission::StateDir* dir, const CleanupPolicy& policy, const PassOptions& options,
         const ImageUses& uses, const std::function<int()>& stop_requested)
{
  PassReport report;
  report.dry_run = options.dry_run;
  report.scope = options.scope;
  report.started = now_seconds();
  Pass pass(docker, stop_requested, report);
  const auto tell = [&options, &report](PassProgress progress) {
    if (options.progress) {
      progress.dry_run = options.dry_run;
      progress.bytes = report.reclaimed_bytes();
      options.progress(progress);
    }
  };
  tell({});
  Plan plan;
  Scope scope = options.scope;
  scope.sessions_unknown = dir == nullptr && scope.session.empty();
  std::map<std::string, SessionState, std::less<>> sessions;
  try {
    if (dir != nullptr && options.scope.session.empty()) {
      sessions = list_sessions(*dir);
    }
    const auto inventory = take_inventory(pass, policy, scope);
    plan = plan_cleanup(inventory, sessions, policy, scope, last_use_by_image(uses, inventory.images), report.started,
                        now_seconds());
    report.kept = plan.kept;
    report.notes = plan.notes;
    report.sessions_held.assign(plan.sessions_held.begin(), plan.sessions_held.end());
    std::size_t next = 0;
    try {
      while (next < plan.removals.size()) {
        pass.check_stop();
        const auto batch = batch_size(plan.removals, next);
        tell({.stage = PassProgress::Stage::removing,
              .done = next,
              .batch = batch,
              .total = plan.removals.size(),
              .kind = plan.removals[next].kind});
        if (plan.removals[next].kind == ObjectKind::image) {
          // A dry run looks again too: it lists what a real pass would remove now.
          const auto images = recheck_images(pass, std::span(plan.removals).subspan(next, batch), report);
          if (options.dry_run) {
            report.removed.insert(report.removed.end(), images.begin(), images.end());
          } else if (!images.empty()) {
            remove_images(pass, images, report); // no stop request in between: the check stays fresh
          }
        } else if (options.dry_run) {
          report.removed.insert(report.removed.end(), plan.removals.begin() + static_cast<std::ptrdiff_t>(next),
                                plan.removals.begin() + static_cast<std::ptrdiff_t>(next + batch));
        } else if (plan.removals[next].kind == ObjectKind::container) {
          remove_containers(pass, std::span(plan.removals).subspan(next, batch), policy, report);
        } else {
          remove_one(pass, plan.removals[next], report);
        }
        next += batch;
      }
    } catch (const Stop&) {
      report.skipped.assign(plan.removals.begin() + static_cast<std::ptrdiff_t>(next), plan.removals.end());
    }
  } catch (const Stop&) {
    // Stopped while looking: nothing was removed.
  } catch (const std::exception& error) {
    // docker answered, but not as expected (a listing failed, an inspect did not parse).
    report.refused = 1;
    report.refused_reason = error.what();
  }

  // Dead sessions fully reaped (nothing of theirs failed, was skipped or kept) are forgotten.
  if (!options.dry_run && dir != nullptr && report.exit_code() == 0) {
    for (const auto& [id, state] : sessions) {
      if (!state.live && !plan.sessions_held.contains(id) && forget_dead_session(*dir, id)) {
        report.sessions_reaped.push_back(id);
      }
    }
  }
  tell({.stage = PassProgress::Stage::done,
        .done = plan.removals.size() - report.skipped.size(),
        .total = plan.removals.size()});
  report.finished = now_seconds();
  return report;
}

} // namespace sd::housekeeping
