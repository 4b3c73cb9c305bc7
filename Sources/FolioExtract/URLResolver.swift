import Foundation

/// Makes addresses found in pages absolute and decides which schemes are safe to keep.
enum URLResolver {
    /// `value` resolved against `base`, or nil when it cannot be made an absolute http(s) address.
    static func absolute(_ value: String, base: URL?) -> String? {
        let trimmed = value.trimmed()
        guard !trimmed.isEmpty, trimmed.count < 4096 else { return nil }
        if let url = URL(string: trimmed), let scheme = url.scheme?.lowercased() {
            return scheme == "http" || scheme == "https" ? url.absoluteString : nil
        }
        guard let base, let url = URL(string: trimmed, relativeTo: base)?.absoluteURL,
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return nil }
        return url.absoluteString
    }

    /// A link target that is safe to store: absolute http(s), `mailto:`, or an in-page fragment.
    static func safeLink(_ value: String, base: URL?) -> String? {
        let trimmed = value.trimmed()
        if trimmed.hasPrefix("#") { return trimmed.count > 1 ? trimmed : nil }
        if trimmed.lowercased().hasPrefix("mailto:") { return trimmed }
        return absolute(trimmed, base: base)
    }
}
