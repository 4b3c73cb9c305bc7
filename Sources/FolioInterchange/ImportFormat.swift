/// A file format `folio import` reads.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// Pocket's 2025 CSV export (`title,url,time_added,tags,status`).
    case pocketCSV = "pocket-csv"
    /// Pocket's older HTML export (`ril_export.html`), with Unread and Read Archive sections.
    case pocketHTML = "pocket-html"
    /// Pocket's annotation files (`annotations/part_000000.json`): highlights per article.
    case pocketAnnotations = "pocket-annotations"
    /// Instapaper's CSV export (`URL,Title,Selection,Folder[,Timestamp,Tags]`).
    case instapaper
    /// Wallabag's JSON export: v2 (with the article HTML) or v1 (`is_read`, `is_fav`).
    case wallabag
    /// Omnivore's export: its JSON metadata file, or the zip of metadata, content and highlights.
    case omnivore
    /// Netscape bookmark file, as written by browsers, Pinboard, Shaarli, Scuttle, linkding and others.
    case netscape
    /// Chrome's (and Chromium's, Edge's, Brave's) `Bookmarks` JSON file.
    case chrome
    /// Firefox's JSON bookmark backup (`bookmarks-YYYY-MM-DD.json`).
    case firefox
    /// Pinboard's JSON export (`href`, `description`, `extended`, `toread`).
    case pinboard
    /// Delicious's JSON export (`u`, `d`, `n`, `t`, `dt`).
    case delicious
    /// Readability's JSON export (`bookmarks` with `article__url`).
    case readability
    /// Folio's own lossless JSON export.
    case folio

    /// The name shown to users in messages.
    public var displayName: String {
        switch self {
        case .pocketCSV: "Pocket CSV export"
        case .pocketHTML: "Pocket HTML export (ril_export.html)"
        case .pocketAnnotations: "Pocket annotations file"
        case .instapaper: "Instapaper CSV export"
        case .wallabag: "Wallabag JSON export"
        case .omnivore: "Omnivore export"
        case .netscape: "Netscape bookmark file"
        case .chrome: "Chrome bookmarks file"
        case .firefox: "Firefox bookmark backup"
        case .pinboard: "Pinboard JSON export"
        case .delicious: "Delicious JSON export"
        case .readability: "Readability export"
        case .folio: "Folio JSON export"
        }
    }
}
