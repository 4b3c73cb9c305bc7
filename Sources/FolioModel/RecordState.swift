import Foundation

/// The kinds of synced records.
public enum RecordKind: String, Codable, Sendable, CaseIterable {
    case article
    case highlight

    /// "an article", "a highlight": the kind in a sentence.
    public var withArticle: String {
        switch self {
        case .article: "an article"
        case .highlight: "a highlight"
        }
    }
}

/// The synced state of one record: every register and the record's version vector.
///
/// This is the unit both replicas and the wire talk about; rows in the device's `article` table
/// are a materialised view of it.
public struct RecordState: Hashable, Sendable, Codable {
    public var id: UUID
    public var kind: RecordKind
    /// The join of every dot ever applied to this record.
    public var vector: VersionVector
    /// Registers sorted by field, then dot. One per ordinary field; one or more per tag field.
    public var registers: [Register]

    public init(id: UUID, kind: RecordKind, vector: VersionVector = VersionVector(), registers: [Register] = []) {
        self.id = id
        self.kind = kind
        self.vector = vector
        self.registers = registers.sorted(by: RecordState.registerOrder)
    }

    static func registerOrder(_ a: Register, _ b: Register) -> Bool {
        (a.field, a.dot) < (b.field, b.dot)
    }

    /// The registers of one field.
    public func registers(of field: String) -> [Register] {
        registers.filter { $0.field == field }
    }

    /// The current value of an ordinary field, or nil if it was never written.
    public func value(of field: String) -> JSONValue? {
        registers.first { $0.field == field }?.value
    }

    /// The tags currently present, in display spelling (the spelling of the latest add).
    public var tags: [String] {
        Dictionary(grouping: registers.filter { Field.isTag($0.field) }, by: \.field)
            .compactMap { _, rows in rows.filter { !$0.value.isNull }.max { $1.beats($0) }?.value.stringValue }
            .sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }
    }

    /// True when writing `value` to `field` would change nothing the user can see: the field
    /// already holds it (or its default), a tag is already absent, or already present with
    /// this spelling.
    public func holds(_ field: String, _ value: JSONValue) -> Bool {
        if Field.isTag(field) {
            let shown = registers(of: field).filter { !$0.value.isNull }.max { $1.beats($0) }?.value
            return value.isNull ? shown == nil : shown == value
        }
        return (self.value(of: field) ?? Field.defaultValue(of: field)) == value
    }

    // MARK: - Local writes

    /// Applies one local write transaction: every `(field, value)` pair gets the same dot and stamp.
    ///
    /// For tag fields a non-null value adds the tag and a null removes it; either way the new
    /// register replaces every register of that field the replica has seen.
    public mutating func write(_ values: [(field: String, value: JSONValue)], dot: Dot, stamp: HLCStamp) {
        let fields = Set(values.map(\.field))
        registers.removeAll { fields.contains($0.field) }
        for (field, value) in values {
            registers.append(Register(field: field, value: value, dot: dot, stamp: stamp))
        }
        registers.sort(by: RecordState.registerOrder)
        vector.add(dot)
    }

    // MARK: - Deltas

    /// The part of this record a replica with `knowledge` lacks: the registers it has not seen,
    /// plus every register of a tag field that has an unseen one (the add-wins merge needs the
    /// whole field), with the full record vector.
    public func delta(notCoveredBy knowledge: VersionVector) -> RecordState {
        let tagFields = Set(registers.filter { Field.isTag($0.field) && !knowledge.covers($0.dot) }.map(\.field))
        let needed = registers.filter { !knowledge.covers($0.dot) || tagFields.contains($0.field) }
        return RecordState(id: id, kind: kind, vector: vector, registers: needed)
    }

    /// The write that deletes an article: `deleted` and a `null` content under one new dot, so
    /// the tombstone drops its text while every replica holds the same value under every dot
    /// (SPEC §3.4). Saving the URL again writes new content with `deleted: false`.
    public static let deletion: [(field: String, value: JSONValue)] = [(Field.deleted, .bool(true)), (Field.content, .null)]
}
