#pragma once

#include <string>
#include <string_view>

namespace sd::admission {

/// The SHA-256 digest of `data` as 64 lowercase hex digits (FIPS 180-4). docker names a
/// context's directory by the digest of the context's name.
std::string sha256_hex(std::string_view data);

} // namespace sd::admission
