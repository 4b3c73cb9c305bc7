import FolioModel

extension ArticleState {
    /// The condition, on the `article` table as alias `a`, that holds for exactly the articles
    /// this word describes: what `list`, `status` and `search is:…` filter by.
    var sqlCondition: String {
        switch self {
        case .unread: "(a.read_at IS NULL AND a.progress = 0)"
        case .reading: "(a.read_at IS NULL AND a.progress > 0)"
        case .read: "a.read_at IS NOT NULL"
        case .inbox: "a.archived = 0"
        case .archived: "a.archived = 1"
        case .favorite: "a.favorite = 1"
        case .trashed: "a.trashed_at IS NOT NULL"
        }
    }

    /// The condition for the articles this word does not describe (`-is:word`).
    var negatedSQLCondition: String { "NOT \(sqlCondition)" }
}
