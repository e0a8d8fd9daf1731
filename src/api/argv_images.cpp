// Image and build requests as command lines (daemon/server/router/image, build).
#include "api/argv_builder.hpp"
#include "api/argv_mappings.hpp"
#include "api/prune_argv.hpp"

namespace sd::api {

namespace {

/// POST /images/create is `pull` (fromImage) or `import` (fromSrc, the body or a URL).
CallArgv
create(const ApiCall& call)
{
  const auto tag = call.form.text("tag");
  if (const auto source = call.form.text("fromSrc"); !source.empty()) {
    ArgvBuilder argv{"image", "import"};
    argv.option("message", call.form.text("message"));
    argv.options("change", call.form.all("changes"));
    argv.option("platform", call.form.text("platform"));
    argv.positional(source);
    if (const auto repo = call.form.text("repo"); !repo.empty()) {
      argv.positional(reference(repo, tag));
    }
    return std::move(argv).finish();
  }
  ArgvBuilder argv{"image", "pull"};
  argv.option("platform", call.form.text("platform"));
  argv.positional(reference(call.form.text("fromImage"), tag));
  return std::move(argv).finish();
}

CallArgv
push(const ApiCall& call)
{
  ArgvBuilder argv{"image", "push"};
  argv.option("platform", call.form.text("platform"));
  argv.positional(reference(path_param(call, 0), call.form.text("tag")));
  return std::move(argv).finish();
}

CallArgv
tag(const ApiCall& call)
{
  ArgvBuilder argv{"image", "tag"};
  argv.positional(path_param(call, 0));
  argv.positional(reference(call.form.text("repo"), call.form.text("tag")));
  return std::move(argv).finish();
}

CallArgv
remove(const ApiCall& call)
{
  ArgvBuilder argv{"image", "rm"};
  argv.force(form_bool(call.form.get("force")));
  argv.flag("no-prune", form_bool(call.form.get("noprune")));
  argv.options("platform", call.form.all("platforms"));
  argv.positional(path_param(call, 0));
  return std::move(argv).finish();
}

CallArgv
load(const ApiCall& call)
{
  ArgvBuilder argv{"image", "load"};
  argv.options("platform", call.form.all("platform"));
  return std::move(argv).finish();
}

CallArgv
build(const ApiCall& call)
{
  ArgvBuilder argv{"image", "build"};
  argv.options("tag", call.form.all("t"));
  argv.option("file", call.form.text("dockerfile"));
  argv.option("target", call.form.text("target"));
  argv.option("platform", call.form.text("platform"));
  argv.flag("force-rm", form_bool(call.form.get("forcerm"))); // removes intermediate containers only
  argv.flag("no-cache", form_bool(call.form.get("nocache")));
  argv.flag("pull", form_bool(call.form.get("pull")));
  argv.flag("quiet", form_bool(call.form.get("q")));
  const auto remote = call.form.text("remote");
  argv.positional(remote.empty() ? "-" : remote); // "-": the context is the body
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
  {"ImagePrune", [](const ApiCall& call) { return prune_argv(call, PruneKind::image); }},
  {"ImageDelete", remove},
  {"ImageBuild", build},
  {"BuildPrune", [](const ApiCall& call) { return prune_argv(call, PruneKind::build); }},
  {"POST /build/cancel", build_cancel},
};

} // namespace

std::span<const ArgvMapping>
image_mappings()
{
  return k_mappings;
}

} // namespace sd::api
