#pragma once

#include <string>
#include <string_view>

// The few Go string functions dockerd applies to what a client sends, reproduced byte for byte
// where the guard reads the same text: a value read differently here than in the daemon would
// let a request through that the daemon executes otherwise.

namespace sd::api {

/// Go's strings.TrimSpace: `text` without the Unicode white space (unicode.IsSpace: ASCII
/// \t \n \v \f \r and space, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
/// U+205F, U+3000) at either end.
std::string_view go_trim_space(std::string_view text);

/// Go's strings.ToLower as far as it can yield ASCII: ASCII letters lowered, and the two
/// non-ASCII letters whose lower case is ASCII (U+0130 'İ' → 'i', U+212A KELVIN SIGN → 'k');
/// every other byte is kept, so no other non-ASCII text can equal an ASCII word.
std::string go_to_lower(std::string_view text);

/// A JSON object key folded as Go's encoding/json matches keys to struct fields
/// (case-insensitive, Unicode simple folding): two keys fold equal exactly when Go would fill
/// the same field from both. ASCII lowered, U+017F 'ſ' → 's', U+212A KELVIN SIGN → 'k'.
std::string go_fold_key(std::string_view key);

} // namespace sd::api
