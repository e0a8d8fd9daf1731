// Image and build requests as command lines (daemon/server/router/image, build).
#include "api/argv_builder.hpp"
#include "api/argv_mappings.hpp"
#include "api/prune_filters.hpp"

namespace sd::api {

namespace {

std::vector<std::string>
all_values(const FormValues& form, std::string_view key)
{
  std::vector<std::string> values;
  for (const auto& [name, value] : form.items) {
    if (name == key) {
      values.push_back(value);
    }
  }
  return values;
}

/// POST /images/create is `pull` (fromImage) or `import` (fromSrc, the body or a URL).
CallArgv
create(const ApiCall& call)
{
  const auto tag = call.form.get("tag").value_or("");
  if (const auto source = call.form.get("fromSrc"); source && !source->empty()) {
    ArgvBuilder argv{"image", "import"};
    argv.option("message", call.form.get("message"));
    argv.options("change", all_values(call.form, "changes"));
    argv.option("platform", call.form.get("platform"));
    argv.positional(*source);
    if (const auto repo = call.form.get("repo").value_or(""); !repo.empty()) {
      argv.positional(reference(repo, tag));
    }
    return std::move(argv).finish();
  }
  ArgvBuilder argv{"image", "pull"};
  argv.option("platform", call.form.get("platform"));
  argv.positional(reference(call.form.get("fromImage").value_or(""), tag));
  return std::move(argv).finish();
}

CallArgv
push(const ApiCall& call)
{
  ArgvBuilder argv{"image", "push"};
  argv.option("platform", call.form.get("platform"));
  argv.positional(reference(path_param(call, 0), call.form.get("tag").value_or("")));
  return std::move(argv).finish();
}

CallArgv
tag(const ApiCall& call)
{
  ArgvBuilder argv{"image", "tag"};
  argv.positional(path_param(call, 0));
  argv.positional(reference(call.form.get("repo").value_or(""), call.form.get("tag").value_or("")));
  return std::move(argv).finish();
}

CallArgv
remove(const ApiCall& call)
{
  ArgvBuilder argv{"image", "rm"};
  argv.force(form_bool(call.form.get("force")));
  argv.flag("no-prune", form_bool(call.form.get("noprune")));
  argv.options("platform", all_values(call.form, "platforms"));
  argv.positional(path_param(call, 0));
  return std::move(argv).finish();
}

CallArgv
prune(const ApiCall& call)
{
  ArgvBuilder argv{"image", "prune"};
  argv.force(true); // the API never asks for confirmation
  add_prune_filters(argv, PruneKind::image, call.form.get("filters"));
  return std::move(argv).finish();
}

CallArgv
load(const ApiCall& call)
{
  ArgvBuilder argv{"image", "load"};
  argv.options("platform", all_values(call.form, "platform"));
  return std::move(argv).finish();
}

CallArgv
build(const ApiCall& call)
{
  ArgvBuilder argv{"image", "build"};
  argv.options("tag", all_values(call.form, "t"));
  argv.option("file", call.form.get("dockerfile"));
  argv.option("target", call.form.get("target"));
  argv.option("platform", call.form.get("platform"));
  argv.flag("force-rm", form_bool(call.form.get("forcerm"))); // removes intermediate containers only
  argv.flag("no-cache", form_bool(call.form.get("nocache")));
  argv.flag("pull", form_bool(call.form.get("pull")));
  argv.flag("quiet", form_bool(call.form.get("q")));
  const auto remote = call.form.get("remote").value_or("");
  argv.positional(remote.empty() ? "-" : remote); // "-": the context is the body
  return std::move(argv).finish();
}

CallArgv
build_prune(const ApiCall& call)
{
  ArgvBuilder argv{"buildx", "prune"}; // `docker builder prune` is buildx's
  argv.force(true);
  argv.flag("all", form_bool(call.form.get("all")));
  for (const auto* name : {"reserved-space", "keep-storage", "max-used-space", "min-free-space"}) {
    argv.option(name, call.form.get(name));
  }
  add_prune_filters(argv, PruneKind::build, call.form.get("filters"));
  return std::move(argv).finish();
}

/// Cancelling a build: no command line sends it alone (the CLI's interrupt does).
CallArgv
build_cancel(const ApiCall& /*call*/)
{
  return {};
}

constexpr ArgvMapping k_mappings[] = {
  {"ImageLoad", load},
  {"ImageCreate", create},
  {"ImagePush", push},
  {"ImageTag", tag},
  {"ImagePrune", prune},
  {"ImageDelete", remove},
  {"ImageBuild", build},
  {"BuildPrune", build_prune},
  {"POST /build/cancel", build_cancel},
};

} // namespace

std::span<const ArgvMapping>
image_mappings()
{
  return k_mappings;
}

} // namespace sd::api
