import FolioModel
import Foundation

/// How `folio conflicts` writes a conflict log entry for people: fields by their everyday
/// names, values in the units the user typed (progress in %, dates, flags as words), devices by
/// the names they logged in with, every line wrapped (never cut) to the terminal's width.
struct ConflictText {
    /// Device names by replica, as the sync server reported them.
    var devices: [ReplicaID: String]
    /// This device's replica.
    var me: ReplicaID

    /// The device that made a write: its login name, else "this device" or the start of its replica id.
    func device(_ replica: ReplicaID) -> String {
        let name = devices[replica].map(Terminal.clean)
        if replica == me { return name.map { "\($0) (this device)" } ?? "this device" }
        return name ?? "device \(replica.hex.prefix(8))"
    }

    /// One entry: what changed on which article, then the kept and the lost write.
    func lines(_ conflict: Conflict, title: String, width: Int) -> [String] {
        func write(_ register: Register) -> String {
            // A deletion that hid an edit is the kept write of the edit's field.
            let value = Self.value(register.value, of: register.field)
            return "\(value), by \(device(register.dot.replica)), \(Self.date(register.stamp.date))"
        }
        let head = Self.wrap("\(Self.label(conflict.field)) of \"\(Terminal.clean(title))\"", width: width, first: "\(shortID(conflict.recordID))  ", rest: 10)
        return head + Self.wrap(write(conflict.kept), width: width, first: "  kept  ", rest: 8)
            + Self.wrap(write(conflict.lost), width: width, first: "  lost  ", rest: 8)
    }

    /// A field as people call it.
    static func label(_ field: String) -> String {
        if Field.isTag(field) { return "tag " + Terminal.clean(String(field.dropFirst(Field.tagPrefix.count))) }
        switch field {
        case Field.readAt: return "read"
        case Field.favorite: return "favourite"
        case Field.url: return "address"
        case Field.givenURL: return "address as given"
        case Field.savedAt: return "saved"
        case Field.content: return "article text"
        case Field.trashedAt: return "trash"
        default: return Terminal.clean(field)
        }
    }

    /// A value in the units the user typed.
    static func value(_ value: JSONValue, of field: String) -> String {
        if Field.isTag(field) { return value.isNull ? "removed" : "added" }
        switch (field, value) {
        case (Field.progress, .number(let fraction)), (Field.position, .number(let fraction)):
            return "\(Int((fraction * 100).rounded()))%"
        case (Field.readAt, .null): return "not read"
        case (Field.readAt, .string(let text)): return "read " + (JSONCoding.parseDate(text).map(date) ?? Terminal.clean(text))
        case (Field.archived, .bool(let on)): return on ? "archived" : "not archived"
        case (Field.favorite, .bool(let on)): return on ? "favourite" : "not favourite"
        case (Field.deleted, .bool(let on)): return on ? "deleted" : "saved"
        case (Field.trashedAt, .null): return "not in the trash"
        case (Field.trashedAt, .string(let text)): return "in the trash since " + (JSONCoding.parseDate(text).map(date) ?? Terminal.clean(text))
        case (Field.content, _): return contentSummary(value)
        case (_, .null): return "(none)"
        case (_, .string(let text)):
            return JSONCoding.parseDate(text).map(date) ?? "\"\(Terminal.clean(text))\""
        default: return Terminal.clean(value.canonicalJSON)
        }
    }

    /// The article text a `content` value holds, in a few words.
    static func contentSummary(_ value: JSONValue) -> String {
        guard let content = ArticleContent(register: value) else { return "(none)" }
        switch content.status {
        case .complete: return "the article's text (\(content.wordCount) words)"
        case .pending: return "no text yet (not fetched)"
        case .linkOnly: return "no text (link only)"
        }
    }

    /// A date and time for people, in this machine's time zone.
    static func date(_ date: Date) -> String {
        date.formatted(date: .abbreviated, time: .shortened)
    }

    /// `text` in lines of at most `width` columns (20 columns of text at the least): the first
    /// starts with `first`, the others with `rest` spaces. Breaks at spaces; a word longer than
    /// a line is split.
    static func wrap(_ text: String, width: Int, first: String, rest: Int) -> [String] {
        let limit = max(width, rest + 20)
        var lines: [String] = []
        var line = first
        var empty = true
        func newLine() {
            lines.append(line)
            line = String(repeating: " ", count: rest)
            empty = true
        }
        for var word in text.split(separator: " ") {
            if !empty, line.count + 1 + word.count > limit { newLine() }
            while line.count + word.count > limit {
                let room = max(1, limit - line.count)
                line.append(contentsOf: word.prefix(room))
                word = word.dropFirst(room)
                newLine()
            }
            line.append(contentsOf: (empty ? "" : " ") + String(word))
            empty = false
        }
        lines.append(line)
        return lines
    }
}
