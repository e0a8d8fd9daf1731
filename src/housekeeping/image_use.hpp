#pragma once

#include "housekeeping/cleanup_plan.hpp"
#include "housekeeping/inventory.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

// When an image was last used, as docuum tracks it, but from safedocker's own audit log: every
// `docker run` and `docker create` that went through safedocker names its image.

namespace sd::housekeeping {

/// Image references as typed ("app:1.2", "sha256:…", "3f2a…") → the latest time (unix seconds)
/// a run or create of them succeeded.
using ImageUses = std::map<std::string, double, std::less<>>;

/// Adds the uses recorded in one audit line (ignores other lines and lines that do not parse).
void add_image_use(std::string_view audit_line, ImageUses& uses);

/// Reads the audit files (oldest first) for image uses.
ImageUses read_image_uses(const std::vector<std::string>& files);

/// The last use of each image of `images`, by id: the latest use of its id, a prefix of its id
/// (at least 12 hex digits), one of its tags (a tag without ":" means ":latest") or digests.
ImageLastUse last_use_by_image(const ImageUses& uses, const std::vector<ImageInfo>& images);

} // namespace sd::housekeeping
