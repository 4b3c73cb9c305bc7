/// A file format `folio import` reads.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// Pocket's 2025 CSV export (`title,url,time_added,tags,status`).
    case pocketCSV = "pocket-csv"
    /// Pocket's older HTML export (`ril_export.html`), with Unread and Read Archive sections.
    case pocketHTML = "pocket-html"
    /// Instapaper's CSV export (`URL,Title,Selection,Folder[,Timestamp,Tags]`).
    case instapaper
    /// Wallabag v2 JSON export, with the article HTML.
    case wallabag
    /// Omnivore's JSON metadata export.
    case omnivore
    /// Netscape bookmark file, as written by browsers, Pinboard, Shaarli, linkding and others.
    case netscape
    /// Folio's own lossless JSON export.
    case folio

    /// The name shown to users in messages.
    public var displayName: String {
        switch self {
        case .pocketCSV: "Pocket CSV export"
        case .pocketHTML: "Pocket HTML export (ril_export.html)"
        case .instapaper: "Instapaper CSV export"
        case .wallabag: "Wallabag JSON export"
        case .omnivore: "Omnivore JSON export"
        case .netscape: "Netscape bookmark file"
        case .folio: "Folio JSON export"
        }
    }
}
