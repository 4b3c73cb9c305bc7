import ArgumentParser
import FolioModel
import FolioStore
import Foundation

extension Folio {
    struct Conflicts: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what concurrent edits on several devices overwrote or hid.",
            discussion: """
                Each entry names the article and the field, then the value every device now has \
                ("kept") and the one it replaced ("lost"), with the device and the time of each. \
                A deletion that hid another device's edit (a favourite, a tag, a note…) is listed \
                too, with the deletion as the kept write. Writes of the same value, and differences \
                nobody needs back (when an article was saved, two fetches of one page, a \
                placeholder title replaced by the page's own), are not conflicts.
                """)

        @Option(name: .long, help: "Show at most this many (newest first).")
        var limit = 50

        @OptionGroup var output: JSONOutput

        @OptionGroup var location: LibraryOptions

        struct Entry: Encodable {
            var article: String
            var title: String
            var field: String
            var kept: JSONValue
            var lost: JSONValue
            /// True when the kept write is a deletion that hid the lost edit.
            var hiddenByDeletion: Bool
            var keptBy: String
            var lostBy: String
            /// The device names of the writers, when the sync server reported them.
            var keptDevice: String?
            var lostDevice: String?
            var keptAt: Date
            var lostAt: Date
            var loggedAt: Date
        }

        func validate() throws {
            if limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            let library = try location.open()
            let logged = try library.database.conflicts(limit: limit)
            let text = ConflictText(devices: try library.database.deviceNames(), me: try library.database.replicaInfo().id)
            let titled = try logged.map { item in (item, try Self.title(of: item.conflict.recordID, in: library.database)) }
            if output.json {
                return try printJSON(titled.map { item, title in
                    let conflict = item.conflict
                    return Entry(article: conflict.recordID.uuidString.lowercased(), title: title, field: conflict.field,
                                 kept: conflict.kept.value, lost: conflict.lost.value, hiddenByDeletion: conflict.kept.field != conflict.field,
                                 keptBy: conflict.kept.dot.replica.hex, lostBy: conflict.lost.dot.replica.hex,
                                 keptDevice: text.devices[conflict.kept.dot.replica], lostDevice: text.devices[conflict.lost.dot.replica],
                                 keptAt: conflict.kept.stamp.date, lostAt: conflict.lost.stamp.date, loggedAt: item.loggedAt)
                })
            }
            guard !titled.isEmpty else { return print("No conflicts.") }
            let width = Terminal.standard.width
            print(titled.map { item, title in text.lines(item.conflict, title: title, width: width).joined(separator: "\n") }.joined(separator: "\n\n"))
        }

        /// What the entry's record is called: the article's title (or address), or a highlight's quote.
        static func title(of id: UUID, in database: FolioDatabase) throws -> String {
            guard let record = try database.record(id) else { return "" }
            if record.kind == .highlight { return Highlight(state: record).quote }
            let article = Article(state: record)
            return article.title.isEmpty ? article.url : article.title
        }
    }
}
