# shellcheck shell=bash
# docker-guard as a CLI plugin of the real docker client.

real_docker=""
for candidate in /usr/local/bin/docker /usr/bin/docker; do
  if [ -x "$candidate" ] && ! cmp -s "$candidate" "$SAFEDOCKER"; then real_docker=$candidate; break; fi
done
if [ -z "$real_docker" ]; then
  if [ "${CI:-}" = "true" ]; then echo "plugin: no real docker client installed" >&2; exit 1; fi
  echo "plugin: SKIPPED: no real docker client (install docker.io)" >&2
  exit 77
fi

TEST "the plugin answers docker's metadata query"
mkdir -p "$HOME/.docker/cli-plugins"
ln -s "$SAFEDOCKER" "$HOME/.docker/cli-plugins/docker-guard"
expect_exit 0 "$HOME/.docker/cli-plugins/docker-guard" docker-cli-plugin-metadata
expect_contains "$OUT" '"SchemaVersion":"0.1.0"'
expect_contains "$OUT" '"Vendor":"safedocker"'

TEST "the real docker client runs docker guard VERB through the plugin"
mkdir -p "$HOME/.docker/cli-plugins"
ln -sf "$SAFEDOCKER" "$HOME/.docker/cli-plugins/docker-guard"
expect_exit 0 "$real_docker" guard version
expect_contains "$OUT" "safedocker "
expect_exit 200 "$real_docker" guard check --json -- rm -f web
expect_contains "$OUT" '"decision":"block"'
expect_exit 0 "$real_docker" --help
expect_contains "$OUT" "guard"
