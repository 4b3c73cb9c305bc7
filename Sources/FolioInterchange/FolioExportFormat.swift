/// Folio's own JSON export: `{"format":"folio-export","version":1,"articles":[…],"highlights":[…]}`,
/// articles and highlights coded with ``JSONCoding`` (ISO 8601 dates with milliseconds).
enum FolioExportFormat {
    /// The value of the `format` member.
    static let name = "folio-export"
    /// The version this Folio writes and the newest it reads.
    static let version = 1
}
