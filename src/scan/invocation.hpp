#pragma once

#include "grammar/parser.hpp"
#include "scan/shell_lexer.hpp"
#include "scan/shell_text.hpp"

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace sd::scan {

/// A docker call as an extractor finds it: a view of the extractor's own words, valid only
/// while the sink that receives it runs. Most calls are decided from the cache, so nothing
/// is copied unless the call is new or makes a finding.
struct CallView
{
  std::span<const Word> words; ///< words[0] is the docker word as written (`docker`, `/usr/bin/docker`)
  grammar::Face face = grammar::Face::docker;
  Offset origin = 0; ///< file offset of words[0]
};

/// Receives the docker calls of a file, in the order they are found.
using CallSink = std::function<void(const CallView&)>;

/// A docker call found in a file, copied out: its argv as written, for the wrapper's own grammar
/// to parse.
struct Invocation
{
  std::vector<std::string> argv; ///< argv[0] is the docker word as written (`docker`, `/usr/bin/docker`)
  std::vector<bool> expanded;    ///< per argv word: it holds an expansion (`$x`, `$(…)`), shown as written
  grammar::Face face = grammar::Face::docker;
  Offset origin = 0; ///< file offset of argv[0]

  /// The call `view` shows, copied.
  static Invocation copy_of(const CallView& view)
  {
    Invocation call;
    call.face = view.face;
    call.origin = view.origin;
    call.argv.reserve(view.words.size());
    call.expanded.reserve(view.words.size());
    for (const auto& word : view.words) {
      call.argv.push_back(word.text);
      call.expanded.push_back(word.expansion != Expansion::none);
    }
    return call;
  }
};

} // namespace sd::scan
