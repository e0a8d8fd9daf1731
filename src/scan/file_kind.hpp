#pragma once

#include "scan/invocation.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

// Which extractor reads a file: by its name, else by a shell `#!` line.

namespace sd::scan {

/// Which extractor reads a file; none: the file is not read.
enum class FileKind : std::uint8_t { none, shell, bats, makefile, yaml, dockerfile, python, markdown };

/// The kind a path's name says: `*.sh`, `*.bash`, `*.ksh`, `*.zsh` (shell), `*.bats`,
/// `Makefile`, `makefile`, `GNUmakefile`, `*.mk`, `*.yml`, `*.yaml`, `Dockerfile`,
/// `Dockerfile.*`, `*.dockerfile`, `Containerfile`, `*.py`, `*.md`, `*.markdown`; none otherwise.
FileKind kind_from_name(std::string_view path);

/// The kind a file's first line says: `#!/bin/sh`, `#!/bin/bash -e`, `#!/usr/bin/env bash`
/// (sh, bash, dash, zsh, ksh, ash, mksh) give shell; `#!/usr/bin/env bats` gives bats.
FileKind kind_from_shebang(std::string_view head);

/// "shell", "bats", "makefile", …
std::string_view kind_name(FileKind kind);

/// Passes each docker call in `text`, read as a file of `kind`, to `out`, in order.
void extract(FileKind kind, std::string_view text, const CallSink& out);

/// Appends copies of the docker calls in `text`, read as a file of `kind`, to `out`.
void extract(FileKind kind, std::string_view text, std::vector<Invocation>& out);

} // namespace sd::scan
