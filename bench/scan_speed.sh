#!/usr/bin/env bash
# shellcheck disable=SC2016  # the generated files hold shell code, written literally
# bench/scan_speed.sh SAFEDOCKER_BINARY [OUT_DIR]
#
# How fast `guard scan` reads a repository: generates BENCH_FILES (default 10,000) files of the
# kinds the scanner reads (shell, Makefile, CI YAML, Dockerfile, Python, Markdown), tens of MB
# in all, in a fresh directory outside any git work tree (so the plain directory walk is
# measured, not git ls-files). BENCH_DOCKER_SHARE percent of them (default 40) are docker-heavy:
# deploy scripts, CI jobs, compose Makefiles and test helpers with a docker call every few
# lines, each with its own container names, and a third of them with a blocked call; the rest
# are ordinary code of the same kinds that never mentions docker. Then one hyperfine run of
# `safedocker guard scan --format json DIR` (exit 1: there are findings) and the throughput: the
# bytes the scanner reports as scanned divided by the median wall time. Target: 50 MB/s.
#
# BENCH_FILES, BENCH_DOCKER_SHARE, BENCH_RUNS (default 10) and BENCH_WARMUP (default 2) change
# the counts; the directory is removed afterwards unless OUT_DIR was given.
set -euo pipefail

usage() { echo "usage: ${0##*/} SAFEDOCKER_BINARY [OUT_DIR]" >&2; exit 2; }
die() { echo "${0##*/}: $*" >&2; exit 1; }

[[ $# -ge 1 && $# -le 2 ]] || usage
safedocker=$1
if [[ "$safedocker" != */* ]]; then
    safedocker=$(command -v "$safedocker") || die "$1: not found"
fi
[[ -f "$safedocker" && -x "$safedocker" ]] || die "$safedocker: not an executable file"
safedocker=$(cd "$(dirname "$safedocker")" && pwd -P)/$(basename "$safedocker")

files=${BENCH_FILES:-10000}
share=${BENCH_DOCKER_SHARE:-40}
runs=${BENCH_RUNS:-10}
warmup=${BENCH_WARMUP:-2}
[[ "$files" =~ ^[1-9][0-9]*$ ]] || die "BENCH_FILES must be a positive integer, not '$files'"
[[ "$share" =~ ^[0-9]+$ && "$share" -le 100 ]] || die "BENCH_DOCKER_SHARE must be a percentage, not '$share'"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, not '$runs'"
[[ "$warmup" =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a non-negative integer, not '$warmup'"
command -v hyperfine >/dev/null || die "hyperfine not installed (apt-get install -y hyperfine)"

if [[ $# -ge 2 ]]; then
    out_dir=$2
    mkdir -p "$out_dir"
else
    out_dir=$(mktemp -d /tmp/sdscan.XXXXXX)
    trap 'rm -rf "$out_dir"' EXIT
fi
out_dir=$(cd "$out_dir" && pwd -P)
tree=$out_dir/tree
rm -rf "$tree"

# One block of each kind; a file repeats its kind's block, @N@ numbered so that every
# repetition names its own containers and images. The docker blocks hold the constructs the
# lexer works hardest on: quotes, $(…), here-documents, pipes, continuations.
shell_block='
# rotate the service: stop the old container, start the new one
name="web@N@-${RELEASE:-dev}"
if docker ps -a --format "{{.Names}}" | grep -q "^${name}$"; then
  docker stop -t 30 "$name" && docker rm "$name"
fi
docker run -d --name "$name" --restart unless-stopped \
  -e DATABASE_URL="postgres://app@db/app@N@" -p 80@N@:8080 "registry.example.com/web@N@:${RELEASE}"
for id in $(docker ps -q --filter "label=stack=s@N@"); do
  echo "running: $id $(docker inspect -f "{{.Name}}" "$id")"
done
cat > /tmp/notes@N@.txt <<NOTES
deployed ${name} at $(date -u +%FT%TZ); previous images kept for rollback
NOTES
docker logs -f --since 10s "$name" | head -n 20 || true
'
make_block='
build@N@:
	docker build -f Dockerfile --build-arg VERSION=$(VERSION) -t $(IMAGE)@N@:$(VERSION) .

push@N@: build@N@
	@echo "pushing $(IMAGE)@N@:$(VERSION)"
	docker push $(IMAGE)@N@:$(VERSION)

logs@N@:
	docker compose -f compose@N@.yml logs -f --tail=100 web
'
yaml_block='
  test-job-@N@:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Build
        run: |
          docker build -t app@N@:${{ github.sha }} .
          docker run --rm app@N@:${{ github.sha }} make test
      - name: Logs
        if: failure()
        run: docker compose -f ci/compose@N@.yml logs --no-color > logs.txt
'
docker_block='
RUN apt-get update && apt-get install -y --no-install-recommends \
      ca-certificates curl git \
    && rm -rf /var/lib/apt/lists/*
COPY . /src@N@
WORKDIR /src@N@
RUN make -j4 && make install
'
python_block='
def start_@N@(name, image):
    """Start a container for the integration tests."""
    subprocess.run(["docker", "run", "-d", "--name", name + "@N@", image], check=True)
    out = subprocess.check_output(["docker", "inspect", "-f", "{{.State.Running}}", "c@N@"], text=True)
    return out.strip() == "true"


def stop_@N@(name):
    subprocess.run(["docker", "stop", "-t", "10", "c@N@"], check=False)
    os.system("docker rm c@N@ >/dev/null")
'
markdown_block='
## Running it locally (@N@)

Build the image and start it; the logs follow until you press Ctrl-C.

```sh
docker build -t app@N@ .
docker run -d --name app@N@ -p 80@N@:8080 app@N@
docker logs -f app@N@
```

The service answers on port 80@N@. Stop it with `docker stop app@N@`.
'
# Ordinary code of the same kinds, without docker.
plain_shell_block='
# build and install the tool @N@
set -eu
prefix=${PREFIX:-/usr/local}
for f in src/*.c; do
  cc -O2 -Wall -c "$f" -o "build/$(basename "${f%.c}").o" || { echo "failed: $f" >&2; exit 1; }
done
ar rcs build/lib@N@.a build/*.o
install -m 0644 build/lib@N@.a "$prefix/lib/"
case "${1:-}" in
  --check) make -C tests check ;;
  *) echo "built @N@" ;;
esac
'
plain_make_block='
obj@N@/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -c $< -o $@

lib@N@.a: $(OBJS)
	$(AR) rcs $@ $^
'
plain_yaml_block='
  lint-@N@:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          python -m pip install -r requirements.txt
          python -m pytest -q tests/unit_@N@
'
plain_python_block='
def parse_@N@(path, encoding="utf-8"):
    """Read a settings file: KEY = VALUE lines, # comments."""
    settings = {}
    with open(path, encoding=encoding) as handle:
        for number, line in enumerate(handle, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            key, _, value = line.partition("=")
            settings[key.strip()] = value.strip() or None
    return settings
'
plain_markdown_block='
## Settings (@N@)

Each line is `KEY = VALUE`; a `#` starts a comment. Unknown keys are an error.

```sh
make && sudo make install
tool --config /etc/tool@N@.conf --check
```
'

# repeat TEXT N: TEXT N times, @N@ replaced by the repetition number, without forking.
repeat() {
    local out="" i
    for ((i = 0; i < $2; i++)); do out+=${1//@N@/$i}; done
    printf '%s' "$out"
}

echo "scan_speed: generating $files files in $tree, $share% of them docker-heavy"
mkdir -p "$tree"
sh_body=$(repeat "$shell_block" 8)
make_body=$(repeat "$make_block" 10)
yaml_body=$(repeat "$yaml_block" 12)
docker_body=$(repeat "$docker_block" 8)
python_body=$(repeat "$python_block" 10)
markdown_body=$(repeat "$markdown_block" 10)
plain_sh_body=$(repeat "$plain_shell_block" 9)
plain_make_body=$(repeat "$plain_make_block" 14)
plain_yaml_body=$(repeat "$plain_yaml_block" 18)
plain_python_body=$(repeat "$plain_python_block" 14)
plain_markdown_body=$(repeat "$plain_markdown_block" 16)
blocked=(
    'docker rm -f "$name"'
    'docker system prune -af --volumes'
    'docker ps -aq | xargs docker rm -f'
)
for ((i = 0; i < files; i++)); do
    dir=$tree/d$((i % 100))/s$((i % 7))
    [[ -d "$dir" ]] || mkdir -p "$dir"
    if ((i % 100 >= share)); then
        case $((i % 6)) in
            0) printf '#!/bin/sh\n%s\n' "$plain_sh_body" >"$dir/build$i.sh" ;;
            1) printf 'CFLAGS ?= -O2\n%s\n' "$plain_make_body" >"$dir/rules$i.mk" ;;
            2) printf 'name: lint %d\non: push\njobs:\n%s\n' "$i" "$plain_yaml_body" >"$dir/lint$i.yml" ;;
            3) printf 'FROM debian:12\n%s\n' "$docker_body" >"$dir/Dockerfile.$i" ;;
            4) printf 'import os\n%s\n' "$plain_python_body" >"$dir/settings$i.py" ;;
            5) printf '# Tool %d\n%s\n' "$i" "$plain_markdown_body" >"$dir/GUIDE$i.md" ;;
        esac
        continue
    fi
    extra=""
    if ((i % 3 == 0)); then
        extra=${blocked[$((i / 3 % 3))]}
    fi
    case $((i % 6)) in
        0) printf '#!/bin/sh\nset -eu\n%s\n%s\n' "$sh_body" "$extra" >"$dir/deploy$i.sh" ;;
        1) printf 'IMAGE ?= app\nVERSION := 1.%d\n%s\nclean:\n\t%s\n' "$i" "$make_body" "$extra" >"$dir/Makefile$i.mk" ;;
        2) printf 'name: ci %d\non: push\njobs:\n%s  cleanup:\n    runs-on: ubuntu-latest\n    steps:\n      - run: %s\n' \
               "$i" "$yaml_body" "${extra:-docker ps}" >"$dir/ci$i.yml" ;;
        3) printf 'FROM docker:27\n%s\nRUN docker version %s\n' "$docker_body" "${extra:+"&& $extra"}" >"$dir/Dockerfile.$i" ;;
        4) printf 'import os\nimport subprocess\n%s\nos.system("%s")\n' "$python_body" "${extra//\"/\\\"}" >"$dir/helpers$i.py" ;;
        5) printf '# Notes %d\n%s\n```sh\n%s\n```\n' "$i" "$markdown_body" "$extra" >"$dir/README$i.md" ;;
    esac
done

summary=$("$safedocker" guard scan --format json "$tree" | grep -oE '"(bytes_scanned|files_scanned)":[0-9]+' | tr '\n' ' ') || true
bytes=$(grep -oE 'bytes_scanned":[0-9]+' <<<"$summary" | grep -oE '[0-9]+$')
scanned=$(grep -oE 'files_scanned":[0-9]+' <<<"$summary" | grep -oE '[0-9]+$')
[[ -n "$bytes" && "$bytes" -gt 0 ]] || die "guard scan reported no bytes scanned"
findings=$("$safedocker" guard scan "$tree" 2>&1 >/dev/null | tail -n 1) || true
echo "scan_speed: $scanned files, $bytes bytes; $findings"

csv=$out_dir/scan_speed.csv
echo "scan_speed: $(hyperfine --version), runs=$runs warmup=$warmup"
hyperfine -N -i --warmup "$warmup" --runs "$runs" --export-csv "$csv" --style basic \
    -n "guard scan" "$(printf '%q' "$safedocker") guard scan --format json $(printf '%q' "$tree")"

# scan_speed.csv: command,mean,stddev,median,user,system,min,max (seconds).
median=$(awk -F, 'NR == 2 { print $4 }' "$csv")
awk -v bytes="$bytes" -v median="$median" -v files="$scanned" 'BEGIN {
    printf "scan_speed: median %.3f s for %d files, %.1f MB: %.1f MB/s (target 50 MB/s)\n",
        median, files, bytes / 1e6, bytes / 1e6 / median
}'
