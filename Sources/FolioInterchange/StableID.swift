import FolioModel
import Foundation

/// Deterministic ids for imported records that have none, so a repeated import finds them again.
enum StableID {
    /// A highlight id derived from its article, quote and date.
    ///
    /// Hashed the way article ids are (SHA-256 of a canonical URL, 128 bits): the key is written as
    /// an address under the reserved `.invalid` domain, with the quote hex-encoded so that no
    /// URL normalisation can make two different quotes equal.
    static func highlight(articleID: UUID, quote: String, createdAt: Date?) -> UUID {
        let quoteHex = quote.utf8.map { String(format: "%02x", $0) }.joined()
        let time = createdAt.map { String(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? "none"
        let key = "https://highlight.folio.invalid/\(articleID.uuidString.lowercased())/\(time)/\(quoteHex)"
        // The key is an http address with a valid host and an unreserved path: canonicalisation cannot fail.
        return (try? CanonicalURL(key).articleID) ?? UUID()
    }

    /// An article id for a note with no web address, derived from its title and date (its
    /// permalink in the file, such as Shaarli's `?abc123`, is not kept by other tools).
    static func note(title: String, savedAt: Date?) -> UUID {
        let titleHex = title.prefix(512).utf8.map { String(format: "%02x", $0) }.joined()
        let time = savedAt.map { String(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? "none"
        let address = "https://note.folio.invalid/\(time)/t\(titleHex)"
        return (try? CanonicalURL(address).articleID) ?? UUID()
    }
}
