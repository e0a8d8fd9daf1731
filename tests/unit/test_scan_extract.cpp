#include "test_scan_support.hpp"

#include <doctest/doctest.h>

using namespace sd::scan;
using sd::scan::test::calls;
using Calls = std::vector<std::string>;

TEST_CASE("scan makefile: recipe lines, prefixes and continuations")
{
  const std::string_view makefile = "clean:\n"
                                    "\t@docker rm -f web\n"
                                    "\t-docker ps -aq | xargs docker rm -f\n"
                                    "\t+@ docker \\\n"
                                    "\t\tsystem prune -af\n"
                                    "\n"
                                    "# docker rm -f comment\n"
                                    "\t# docker rm -f shell comment\n"
                                    "run: build ; docker run --rm x\n"
                                    "VAR = docker rm -f not-a-recipe\n"
                                    "\tdocker rm -f after-a-variable\n";
  CHECK(calls(FileKind::makefile, makefile)
        == Calls{"2:3 docker rm -f web", "3:3 docker ps -aq", "3:25 docker rm -f", "4:5 docker system prune -af",
                 "9:14 docker run --rm x"});
}

TEST_CASE("scan makefile: make's expansion before the shell's")
{
  const std::string_view makefile = "DOCKER ?= docker\n"
                                    "DC := $(DOCKER) compose\n"
                                    "override NAME = web\n"
                                    "OUT != date\n"
                                    "clean:\n"
                                    "\t$(DOCKER) rm -f $(NAME)\n"
                                    "\t${DC} rm -sf\n"
                                    "\tdocker rm -f $$(docker ps -aq)\n"
                                    "\t$(UNKNOWN) rm -f x\n"
                                    "\t$(OUT) rm -f x\n"
                                    "\tdocker rm $(docker ps -a -q) -f\n";
  CHECK(calls(FileKind::makefile, makefile)
        == Calls{"6:2 docker rm -f web", "7:2 docker compose rm -sf", "8:18 docker ps -aq",
                 "8:2 docker rm -f $(docker ps -aq)", "11:2 docker rm ${docker} -f"});
}

TEST_CASE("scan yaml: run, script and friends, with positions")
{
  const std::string_view yaml = "jobs:\n"                                           // 1
                                "  build:\n"                                        // 2
                                "    steps:\n"                                      // 3
                                "      - name: Clean\n"                             // 4
                                "        run: docker rm -f web\n"                   // 5
                                "      - run: |\n"                                  // 6
                                "          echo start\n"                            // 7
                                "          docker system prune \\\n"                // 8
                                "            -af\n"                                 // 9
                                "      - name: docs\n"                              // 10
                                "        with:\n"                                   // 11
                                "          body: |\n"                               // 12
                                "            run: docker rm -f not-shell\n"         // 13
                                "deploy:\n"                                         // 14
                                "  script:\n"                                       // 15
                                "  - docker ps\n"                                   // 16
                                "  - \"docker rm -f 'a b'\"\n"                      // 17
                                "  - >\n"                                           // 18
                                "    docker run\n"                                  // 19
                                "    --rm x\n"                                      // 20
                                "  after_script: ['docker ps', docker logs -f x]\n" // 21
                                "  before_script:\n"                                // 22
                                "    # a comment\n"                                 // 23
                                "    - docker compose\n"                            // 24
                                "      -f a.yml rm -f\n";                           // 25
  CHECK(calls(FileKind::yaml, yaml)
        == Calls{"5:14 docker rm -f web", "8:11 docker system prune -af", "16:5 docker ps", "17:6 docker rm -f a b",
                 "19:5 docker run --rm x", "21:19 docker ps", "21:31 docker logs -f x",
                 "24:7 docker compose -f a.yml rm -f"});
}

TEST_CASE("scan yaml: CircleCI mappings, quoted scalars, ssh here-documents")
{
  const std::string_view yaml = "steps:\n"
                                "  - run:\n"
                                "      name: Stop\n"
                                "      command: docker rm -f x # trailing comment\n"
                                "  - run: 'docker ps ''-q'''\n"
                                "  - run: |\n"
                                "      ssh ${{ secrets.USER }}@${{ secrets.HOST }} << 'EOF'\n"
                                "        docker image prune -f || true\n"
                                "      EOF\n";
  CHECK(calls(FileKind::yaml, yaml) == Calls{"4:16 docker rm -f x", "5:11 docker ps -q", "8:9 docker image prune -f"});
}

TEST_CASE("scan dockerfile: RUN shell form, exec form, here-documents")
{
  const std::string_view dockerfile = "FROM docker:27\n"                                  // 1
                                      "RUN docker-php-ext-install pdo\n"                  // 2
                                      "RUN --mount=type=cache,target=/x \\\n"             // 3
                                      "    apk add curl && \\\n"                          // 4
                                      "    # a comment line Docker drops\n"               // 5
                                      "    docker rm -f old\n"                            // 6
                                      "run [\"docker\", \"system\", \"prune\", \"-f\"]\n" // 7
                                      "CMD docker rm -f not-run-at-build\n"               // 8
                                      "ONBUILD RUN docker ps\n"                           // 9
                                      "RUN <<EOF\n"                                       // 10
                                      "  docker rm -f in-heredoc\n"                       // 11
                                      "EOF\n"                                             // 12
                                      "RUN cat <<EOF > /x\n"                              // 13
                                      "docker rm -f just-text\n"                          // 14
                                      "EOF\n";                                            // 15
  CHECK(
    calls(FileKind::dockerfile, dockerfile)
    == Calls{"6:5 docker rm -f old", "7:7 docker system prune -f", "9:13 docker ps", "11:3 docker rm -f in-heredoc"});
  CHECK(calls(FileKind::dockerfile, "# escape=`\nRUN echo hi && `\n  docker rm -f x\n") == Calls{"3:3 docker rm -f x"});
  // RUN's flags may go on over continued lines; one may even end where the escape is.
  CHECK(calls(FileKind::dockerfile, "RUN --mount=type=cache,target=/a \\\n    --network=none \\\n    docker rm -f x\n")
        == Calls{"3:5 docker rm -f x"});
  CHECK(calls(FileKind::dockerfile, "RUN --network=none\\\n docker rm -f x\n") == Calls{"2:2 docker rm -f x"});
  CHECK(calls(FileKind::dockerfile, "RUN --network=none \\\n").empty());
}

TEST_CASE("scan python: subprocess lists, shell strings, os.system")
{
  const std::string_view python = "import subprocess as sp\n"                                // 1
                                  "import os\n"                                              // 2
                                  "from subprocess import check_call as cc\n"                // 3
                                  "sp.run([\"docker\", \"rm\", \"-f\", name], check=True)\n" // 4
                                  "cc(['sudo', 'docker', f'rm', *names])\n"                  // 5
                                  "os.system(\"docker container rm -f %s\" % image_id)\n"    // 6
                                  "sp.check_output(\"docker ps -q\", shell=True)\n"          // 7
                                  "sp.call(\"docker kill c\".split())\n"                     // 8
                                  "sp.run(cmd)  # a variable: not seen\n"                    // 9
                                  "print(\"docker rm -f x\")\n"                              // 10
                                  "sp.run('''docker rm \\\n"                                 // 11
                                  "   -f y''', shell=True)\n"                                // 12
                                  "# subprocess.run(['docker', 'rm', '-f'])\n";              // 13
  CHECK(calls(FileKind::python, python)
        == Calls{"4:10 docker rm -f {name}", "5:14 docker rm {*names}", "6:12 docker container rm -f %s",
                 "7:18 docker ps -q", "8:10 docker kill c", "11:11 docker rm -f y"});
}

TEST_CASE("scan python: a project's own helpers that run shell code, and docker argv lists wherever they are")
{
  const std::string_view python = "import subprocess, os, logging\n"                          // 1
                                  "def sh(command, cwd=None):\n"                              // 2
                                  "    return subprocess.run(command, shell=True, cwd=cwd)\n" // 3
                                  "def quiet(line):\n"                                        // 4
                                  "    sh(line + ' >/dev/null')\n"                            // 5
                                  "def show(text):\n"                                         // 6
                                  "    print(text)\n"                                         // 7
                                  "def run(argv):\n"                                          // 8
                                  "    subprocess.check_call(argv)\n"                         // 9
                                  "class Box:\n"                                              // 10
                                  "    def go(self, script):\n"                               // 11
                                  "        os.system(script)\n"                               // 12
                                  "    def stop(self):\n"                                     // 13
                                  "        self.go('docker rm -f box')\n"                     // 14
                                  "sh('docker rm -f a')\n"                                    // 15
                                  "quiet(\"docker image prune -f\")\n"                        // 16
                                  "sh(command='docker ps')\n"                                 // 17
                                  "show('docker rm -f not-run')\n"                            // 18
                                  "logging.info('docker rm -f logged')\n"                     // 19
                                  "run(['docker', 'rm', '-f', name])\n"                       // 20
                                  "CLEAN = ('docker-compose', 'rm', '-f')\n"                  // 21
                                  "ENGINES = ['docker', 'podman']\n"                          // 22
                                  "subprocess.run(['docker', 'ps'])\n";                       // 23
  CHECK(calls(FileKind::python, python)
        == Calls{"23:18 docker ps", "14:18 docker rm -f box", "15:5 docker rm -f a", "16:8 docker image prune -f",
                 "17:13 docker ps", "20:7 docker rm -f {name}", "21:11 docker-compose rm -f", "22:13 docker podman"});
}

TEST_CASE("scan makefile: recipes in define blocks; defines that are data are not")
{
  const std::string_view makefile = "define START\n"                        // 1
                                    "\t-@docker rm --force $(NAME)\n"       // 2
                                    "endef\n"                               // 3
                                    "define RULES\n"                        // 4
                                    "$(1)-down:\n"                          // 5
                                    "\tdocker rm -f $(1)\n"                 // 6
                                    "endef\n"                               // 7
                                    "define HELP\n"                         // 8
                                    "docker rm -f help-text\n"              // 9
                                    "endef\n"                               // 10
                                    "export define NOTE\n"                  // 11
                                    "docker rm -f note\n"                   // 12
                                    "endef\n"                               // 13
                                    "define UNUSED\n"                       // 14
                                    "docker rm -f unused\n"                 // 15
                                    "endef\n"                               // 16
                                    "$(eval $(call RULES,web))\n"           // 17
                                    "start:\n"                              // 18
                                    "\t$(START)\n"                          // 19
                                    "\t$(info $(HELP))\n"                   // 20
                                    "\tdocker run -it x sh -c 'a; b'; \\\n" // 21
                                    "\tdocker rm -f after-semicolon\n";     // 22
  CHECK(calls(FileKind::makefile, makefile)
        == Calls{"21:2 docker run -it x sh -c a; b", "22:2 docker rm -f after-semicolon",
                 "2:4 docker rm --force ${NAME}", "6:2 docker rm -f ${1}", "15:1 docker rm -f unused"});
}

TEST_CASE("scan markdown: shell and console fences")
{
  const std::string_view markdown = "Text docker rm -f x.\n"
                                    "```sh\n"
                                    "docker rm -f a\n"
                                    "```\n"
                                    "```console\n"
                                    "$ docker ps \\\n"
                                    "  -a\n"
                                    "CONTAINER ID docker rm -f output\n"
                                    "  $ docker rm -f b\n"
                                    "```\n"
                                    "```\n"
                                    "docker rm -f unlabelled\n"
                                    "```\n"
                                    "~~~bash\n"
                                    "docker system prune -af\n"
                                    "~~~\n"
                                    "1. In a list:\n"
                                    "\n"
                                    "    ```sh\n"
                                    "    docker volume rm -f v\n"
                                    "    ```\n";
  CHECK(calls(FileKind::markdown, markdown)
        == Calls{"3:1 docker rm -f a", "6:3 docker ps -a", "9:5 docker rm -f b", "15:1 docker system prune -af",
                 "20:5 docker volume rm -f v"});
}

TEST_CASE("scan file kinds: names and #! lines")
{
  CHECK(kind_from_name("a/b/deploy.sh") == FileKind::shell);
  CHECK(kind_from_name("t.bats") == FileKind::bats);
  CHECK(kind_from_name("Makefile") == FileKind::makefile);
  CHECK(kind_from_name("x/GNUmakefile") == FileKind::makefile);
  CHECK(kind_from_name("rules.mk") == FileKind::makefile);
  CHECK(kind_from_name(".gitlab-ci.yml") == FileKind::yaml);
  CHECK(kind_from_name("ci.yaml") == FileKind::yaml);
  CHECK(kind_from_name("Dockerfile") == FileKind::dockerfile);
  CHECK(kind_from_name("Dockerfile.prod") == FileKind::dockerfile);
  CHECK(kind_from_name("PHP.Dockerfile") == FileKind::dockerfile);
  CHECK(kind_from_name("app.dockerfile") == FileKind::dockerfile);
  CHECK(kind_from_name("x.py") == FileKind::python);
  CHECK(kind_from_name("README.md") == FileKind::markdown);
  CHECK(kind_from_name("deploy") == FileKind::none);
  CHECK(kind_from_name("x.txt") == FileKind::none);
  CHECK(kind_from_shebang("#!/bin/sh\n") == FileKind::shell);
  CHECK(kind_from_shebang("#!/bin/bash -xe\n") == FileKind::shell);
  CHECK(kind_from_shebang("#! /usr/bin/env -S bash -e\n") == FileKind::shell);
  CHECK(kind_from_shebang("#!/usr/bin/env bats") == FileKind::bats);
  CHECK(kind_from_shebang("#!/usr/bin/env python3\n") == FileKind::none);
  CHECK(kind_from_shebang("echo\n") == FileKind::none);
}

TEST_CASE("scan extractors: random and truncated input never crashes or hangs")
{
  // Fragments of every syntax the extractors know, glued at random and cut anywhere.
  const std::vector<std::string_view> pieces = {
    "docker",
    " rm",
    " -f",
    " x",
    "\n",
    "\\\n",
    "'",
    "\"",
    "$(",
    ")",
    "`",
    "<<EOF",
    "<<-'E'",
    "\nEOF\n",
    "|",
    "&&",
    ";",
    "#",
    " # safedocker: allow force-rm",
    " -- why",
    "${",
    "}",
    "$'",
    "\\",
    "\t",
    "run: ",
    "script:\n  - ",
    "|\n",
    ">-\n",
    "  ",
    "- ",
    "[",
    "]",
    ",",
    "RUN ",
    "[\"docker\",",
    "\"rm\"",
    "subprocess.run(",
    "os.system(",
    "f'",
    "'''",
    "```sh\n",
    "```\n",
    "$ ",
    "sudo ",
    "xargs ",
    "bash -c ",
    "ssh h ",
    "$$(",
    "$(VAR)",
    ":=",
    "\ttab",
    "é",
    "\r\n",
    "(",
    "{",
    "\0",
  };
  std::uint32_t seed = 12345;
  const auto next = [&seed] {
    seed = seed * 1664525U + 1013904223U;
    return seed >> 8;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const auto count = next() % 40;
    for (std::uint32_t i = 0; i < count; ++i) {
      text += pieces[next() % pieces.size()];
    }
    for (const auto kind : {FileKind::shell, FileKind::bats, FileKind::makefile, FileKind::yaml, FileKind::dockerfile,
                            FileKind::python, FileKind::markdown}) {
      std::vector<Invocation> found;
      extract(kind, text, found);
      extract(kind, std::string_view(text).substr(0, text.size() / 2), found);
      for (const auto& call : found) {
        CHECK(call.origin <= text.size());
        CHECK_FALSE(call.argv.empty());
      }
    }
  }
}
