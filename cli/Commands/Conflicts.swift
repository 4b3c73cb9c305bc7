import ArgumentParser
import FolioModel
import FolioStore
import Foundation

struct Conflicts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show values that concurrent edits on other devices overwrote.",
        discussion: "Each entry shows the article, the field, the value kept everywhere and the one that lost.")

    @Option(name: .long, help: "Show at most this many (newest first).")
    var limit = 50

    @Flag(name: .long, help: "Print JSON for scripts.")
    var json = false

    struct Entry: Encodable {
        var article: String
        var title: String
        var field: String
        var kept: JSONValue
        var lost: JSONValue
        var keptBy: String
        var lostBy: String
        var keptAt: Date
        var lostAt: Date
        var loggedAt: Date
    }

    func run() throws {
        let library = try Library.open()
        let logged = try library.database.conflicts(limit: limit)
        let entries = try logged.map { item -> Entry in
            let conflict = item.conflict
            let title = try library.database.article(conflict.recordID)?.title ?? ""
            return Entry(article: conflict.recordID.uuidString.lowercased(), title: title, field: conflict.field,
                         kept: conflict.kept.value, lost: conflict.lost.value,
                         keptBy: conflict.kept.dot.replica.hex, lostBy: conflict.lost.dot.replica.hex,
                         keptAt: conflict.kept.stamp.date, lostAt: conflict.lost.stamp.date, loggedAt: item.loggedAt)
        }
        if json { return try printJSON(entries) }
        guard !entries.isEmpty else { return print("No conflicts.") }
        let me = try library.database.replicaInfo().id.hex
        func device(_ hex: String) -> String { hex == me ? "this device" : "device \(hex.prefix(8))" }
        func show(_ field: String, _ value: JSONValue) -> String {
            if Field.isTag(field) { return value.isNull ? "removed" : "tagged" }
            if field == Field.content { return value.isNull ? "(none)" : "(article content)" }
            switch value {
            case .string(let text): return "\"" + Terminal.clean(String(text.prefix(60))) + (text.count > 60 ? "…" : "") + "\""
            case .null: return "(none)"
            default: return Terminal.clean(value.canonicalJSON)
            }
        }
        let rows = entries.map { entry in
            [String(entry.article.prefix(8)), Terminal.clean(entry.title), entry.field,
             "\(show(entry.field, entry.kept)) (\(device(entry.keptBy)))", "\(show(entry.field, entry.lost)) (\(device(entry.lostBy)))",
             entry.lostAt.formatted(date: .abbreviated, time: .shortened)]
        }
        let terminal = Terminal.standard
        print(Table(headers: ["ID", "TITLE", "FIELD", "KEPT", "LOST", "LOST AT"], rows: rows, flexible: [4, 3, 1]).render(width: terminal.width) { terminal.style($0, .bold) })
    }
}
