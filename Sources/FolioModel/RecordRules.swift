import Foundation

/// A received record that breaks a rule of the protocol (SPEC §2, §9), refused alike by every
/// replica: a device applying a pull page or a bundle and the server merging a push.
public struct RecordViolation: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The record is malformed (`invalid_record`).
        case invalid
        /// A stamp is further ahead of the receiver's clock than any clock may be (`clock_skew`).
        case clockSkew
    }

    public var kind: Kind
    public var recordID: UUID
    /// What is wrong, in plain words.
    public var problem: String

    public init(_ kind: Kind = .invalid, _ recordID: UUID, _ problem: String) {
        self.kind = kind
        self.recordID = recordID
        self.problem = problem
    }

    public var description: String { "record \(recordID.uuidString.lowercased()): \(problem)" }
}

/// The rulebook of what a replica accepts: one set of checks that every receiver runs on every
/// record before merging it, so that a record one replica accepts, every replica accepts, and
/// nothing accepted can crash a reader.
///
/// The rules: a non-zero replica id and a counter in 1 ... 2^63−1 for every dot and vector
/// entry; no write claiming the receiver's own replica beyond its own counter; a stamp that is
/// not negative and not beyond ``horizon``; field names of 1 to 512 bytes without control
/// characters; at least one register, one register per last-writer-wins field and no dot twice
/// in a field; every dot covered by the record's vector; values at most
/// ``maximumValueDepth`` deep and of bounded size; and the type of every known field (SPEC §2.2).
/// Unknown fields may hold any value within the limits.
public struct RecordRules: Sendable {
    /// The newest stamp the receiver accepts.
    public var horizon: HLCStamp
    /// The receiver's own replica and counter: no received write may claim a later write of it.
    public var receiver: Dot

    /// Rules for a receiver at wall time `now` whose own replica is at `receiver` (a server
    /// space, which never writes, passes counter 0).
    public init(receiver: Dot, now: Date, maximumSkew: TimeInterval = HybridClock.maximumOffset) {
        self.init(receiver: receiver, horizon: HybridClock.horizon(now: now, maximumSkew: maximumSkew))
        self.clock = now
    }

    /// Rules with an explicit horizon (a replica checking its own new write passes its stamp).
    public init(receiver: Dot, horizon: HLCStamp) {
        self.receiver = receiver
        self.horizon = horizon
    }

    /// The receiver's clock reading the horizon was computed from, for messages.
    var clock: Date?

    // MARK: - Limits (SPEC §9)

    /// The largest counter: counters are stored as signed 64-bit integers.
    public static let maximumCounter = UInt64(Int64.max)
    public static let maximumFieldNameBytes = 512
    /// How deep a register value may nest (a scalar is depth 1).
    public static let maximumValueDepth = 32
    /// The largest value of any one register, as JSON text (an article's content).
    public static let maximumValueBytes = 48 << 20
    /// The largest record: all of its values together.
    public static let maximumRecordBytes = 56 << 20
    /// The most registers one record may hold (mostly tags).
    public static let maximumRegisters = 5_000
    /// Short text fields (title, url, tag display, quote) and long ones (notes).
    public static let maximumShortText = 64 << 10
    public static let maximumNoteBytes = 1 << 20

    // MARK: - Checks

    /// Throws the first rule `record` breaks.
    public func check(_ record: RecordState) throws(RecordViolation) {
        func invalid(_ problem: String) -> RecordViolation { RecordViolation(.invalid, record.id, problem) }
        guard !record.registers.isEmpty else { throw invalid("it has no registers") }
        guard record.registers.count <= Self.maximumRegisters else { throw invalid("it has more than \(Self.maximumRegisters) registers") }
        for (replica, counter) in record.vector.entries {
            try checkDot(Dot(replica: replica, counter: counter), in: record, what: "its vector entry")
        }
        var bytes = 0
        var lastWriterWinsFields = Set<String>()
        var dotsByField = Set<FieldDot>()
        for register in record.registers {
            let field = register.field
            guard Self.isValidFieldName(field) else {
                throw invalid("field names must be 1 to \(Self.maximumFieldNameBytes) bytes without control characters")
            }
            try checkDot(register.dot, in: record, what: "field \(field)")
            guard record.vector.covers(register.dot) else {
                throw invalid("field \(field) was written by \(register.dot), which the record's vector does not cover")
            }
            guard register.stamp <= horizon else { throw clockSkew(register, in: record) }
            guard dotsByField.insert(FieldDot(field: field, dot: register.dot)).inserted else {
                throw invalid("field \(field) holds write \(register.dot) twice")
            }
            if Field.policy(of: field) == .lastWriterWins, !lastWriterWinsFields.insert(field).inserted {
                throw invalid("field \(field) has several values; only tag fields may")
            }
            let size = try Self.measure(register.value, field: field, in: record)
            bytes += size
            try Self.checkType(register.value, field: field, kind: record.kind, bytes: size, in: record)
        }
        guard bytes <= Self.maximumRecordBytes else { throw invalid("its values total \(bytes) bytes, more than \(Self.maximumRecordBytes)") }
    }

    /// Throws the first rule one of `fields` breaks (size, depth, type): what a replica checks
    /// before it writes values it read from outside (an import), so that no replica refuses them.
    public static func checkFields(_ fields: [(field: String, value: JSONValue)], of id: UUID, kind: RecordKind) throws(RecordViolation) {
        let record = RecordState(id: id, kind: kind)
        for (field, value) in fields {
            let size = try measure(value, field: field, in: record)
            try checkType(value, field: field, kind: kind, bytes: size, in: record)
        }
    }

    /// The rule between a received record and the receiver's copy: they must be of one kind.
    public static func checkMergeable(local: RecordState?, incoming: RecordState) throws(RecordViolation) {
        guard let local, local.kind != incoming.kind else { return }
        throw RecordViolation(.invalid, incoming.id, "it is \(incoming.kind.withArticle) here but \(local.kind.withArticle) on the receiver")
    }

    /// The refusal of a stamp past the horizon, naming both clocks and how far apart they are.
    private func clockSkew(_ register: Register, in record: RecordState) -> RecordViolation {
        let reading = clock ?? horizon.date
        let ahead = HybridClock.describe(register.stamp.wall - min(register.stamp.wall, HybridClock.wallMilliseconds(reading)))
        return RecordViolation(.clockSkew, record.id, """
            field \(register.field) is stamped \(JSONCoding.formatDate(register.stamp.date)), \(ahead) ahead of the receiver's clock, \
            which reads \(JSONCoding.formatDate(reading)); clocks may differ by at most \(HybridClock.describe(HybridClock.milliseconds(HybridClock.maximumOffset))). \
            Either the clock of the device that made the edit or the receiver's clock is wrong: correct it and sync again (nothing is lost)
            """)
    }

    private func checkDot(_ dot: Dot, in record: RecordState, what: String) throws(RecordViolation) {
        guard dot.replica.rawValue != 0 else { throw RecordViolation(.invalid, record.id, "\(what) names replica 0, which no replica has") }
        guard (1...Self.maximumCounter).contains(dot.counter) else {
            throw RecordViolation(.invalid, record.id, "\(what) has counter \(dot.counter); counters run from 1 to \(Self.maximumCounter)")
        }
        guard dot.replica != receiver.replica || dot.counter <= receiver.counter else {
            throw RecordViolation(.invalid, record.id, "\(what) claims write \(dot) of the receiving replica, which never made it; the sender is confused about replica ids")
        }
    }

    private struct FieldDot: Hashable {
        var field: String
        var dot: Dot
    }

    /// True for a field name of 1 to 512 bytes with no control characters.
    public static func isValidFieldName(_ field: String) -> Bool {
        !field.isEmpty && field.utf8.count <= maximumFieldNameBytes && !field.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    /// The size of a value, checked against the depth and size limits.
    static func measure(_ value: JSONValue, field: String, in record: RecordState) throws(RecordViolation) -> Int {
        let (bytes, depth) = value.measured
        guard depth <= maximumValueDepth else {
            throw RecordViolation(.invalid, record.id, "the value of field \(field) nests deeper than \(maximumValueDepth) levels")
        }
        guard bytes <= maximumValueBytes else {
            throw RecordViolation(.invalid, record.id, "the value of field \(field) is larger than \(maximumValueBytes) bytes")
        }
        return bytes
    }

    // MARK: - Types of known fields (SPEC §2.2)

    static func checkType(_ value: JSONValue, field: String, kind: RecordKind, bytes: Int, in record: RecordState) throws(RecordViolation) {
        func wrong(_ expected: String) -> RecordViolation {
            RecordViolation(.invalid, record.id, "field \(field) must be \(expected)")
        }
        func text(max: Int) throws(RecordViolation) {
            guard value.stringValue != nil else { throw wrong("a string") }
            guard bytes <= max + 2 else { throw wrong("a string of at most \(max) bytes") }
        }
        func date(nullable: Bool = false) throws(RecordViolation) {
            if nullable, value.isNull { return }
            guard let string = value.stringValue, Self.isDate(string) else { throw wrong(nullable ? "an RFC 3339 date or null" : "an RFC 3339 date") }
        }
        func bool() throws(RecordViolation) {
            guard value.boolValue != nil else { throw wrong("true or false") }
        }
        func fraction() throws(RecordViolation) {
            guard let number = value.numberValue, number.isFinite, (0...1).contains(number) else { throw wrong("a number from 0 to 1") }
        }
        if Field.isTag(field) {
            if value.isNull { return }
            guard let display = value.stringValue, Tag.isValidDisplay(display) else { throw wrong("null or a tag of 1 to 100 characters without control characters") }
            return
        }
        switch (kind, field) {
        case (.article, Field.url), (.article, Field.givenURL):
            guard let url = value.stringValue, url.isEmpty || WebAddress.isAllowed(url) else { throw wrong("an http or https address") }
            try text(max: maximumShortText)
        case (.article, Field.title), (.highlight, Field.quote): try text(max: maximumShortText)
        case (_, Field.note): try text(max: maximumNoteBytes)
        case (.article, Field.content):
            guard value.isNull || ArticleContent.isWellFormed(value) else {
                throw wrong("null or an article content object (html, text, wordCount, status)")
            }
        case (.article, Field.savedAt), (.highlight, Field.createdAt): try date()
        case (.article, Field.readAt), (.article, Field.trashedAt): try date(nullable: true)
        case (.article, Field.progress), (.highlight, Field.position): try fraction()
        case (.article, Field.archived), (.article, Field.favorite), (_, Field.deleted): try bool()
        case (.highlight, Field.article):
            guard let id = value.stringValue, UUID(uuidString: id) != nil else { throw wrong("an article id") }
        default: return
        }
    }

    /// True for an RFC 3339 date Folio can read, between the years 1 and 9999.
    static func isDate(_ text: String) -> Bool {
        text.utf8.count <= 64 && JSONCoding.parseDate(text) != nil
    }
}

extension RecordState {
    /// About how many bytes the record's values take as JSON text: what batches are sized by.
    public var approximateBytes: Int {
        registers.reduce(0) { total, register in total + register.value.measured.bytes + register.field.utf8.count + 64 }
    }
}

extension JSONValue {
    /// About how many bytes the value takes as JSON text (escapes counted as one byte), and how
    /// deeply it nests (a scalar is 1), found without recursion.
    public var measured: (bytes: Int, depth: Int) {
        var bytes = 0, deepest = 0
        var stack: [(JSONValue, depth: Int)] = [(self, 1)]
        while let (value, depth) = stack.popLast() {
            deepest = max(deepest, depth)
            switch value {
            case .null, .bool: bytes += 5
            case .number: bytes += 24
            case .string(let text): bytes += text.utf8.count + 2
            case .array(let items):
                bytes += 2 + items.count
                stack += items.map { ($0, depth + 1) }
            case .object(let members):
                bytes += 2 + members.count
                for (key, member) in members {
                    bytes += key.utf8.count + 3
                    stack.append((member, depth + 1))
                }
            }
        }
        return (bytes, deepest)
    }
}

extension ArticleContent {
    /// True when `value` is the stored form of article content, with every member of the right
    /// type: what ``init(register:)`` reads, with a word count that is a whole number.
    public static func isWellFormed(_ value: JSONValue) -> Bool {
        guard case .object(let fields) = value, fields["html"]?.stringValue != nil, fields["text"]?.stringValue != nil,
              let words = fields["wordCount"]?.numberValue, words.rounded() == words, (0...Double(Int32.max)).contains(words)
        else { return false }
        for key in ["canonicalURL", "byline", "siteName", "excerpt", "leadImageURL", "language", "publishedAt"] {
            guard let member = fields[key], !member.isNull else { continue }
            guard let text = member.stringValue, text.utf8.count <= RecordRules.maximumShortText else { return false }
            if key == "publishedAt", !RecordRules.isDate(text) { return false }
        }
        return ArticleContent(register: value) != nil
    }
}

/// The one address policy: only `http` and `https` addresses are stored, from every path.
public enum WebAddress {
    /// True for an absolute `http` or `https` address with a host and no white space or
    /// control characters (every address ``CanonicalURL`` writes is one).
    public static func isAllowed(_ text: String) -> Bool {
        let lowered = text.prefix(8).lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") { rest = text.dropFirst(8) } else if lowered.hasPrefix("http://") { rest = text.dropFirst(7) } else { return false }
        guard let first = rest.first, first != "/", first != "?", first != "#" else { return false }
        return !text.utf8.contains { $0 <= 0x20 || $0 == 0x7F }
    }
}
