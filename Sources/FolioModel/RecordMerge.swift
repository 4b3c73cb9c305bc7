/// The merge of a record received from another replica into the local one: the rules of
/// ARCHITECTURE.md "Sync semantics", used by devices and the server alike.
///
/// Merge is commutative, associative and idempotent over complete record states, and safe over
/// deltas: `incoming.registers` may hold only the registers the receiver lacks, as long as a tag
/// field is sent with all of its registers.
public enum RecordMerge {
    /// The result of merging one incoming record.
    public struct Outcome: Sendable, Equatable {
        public var state: RecordState
        /// What the conflict log reports (``ConflictRule``): concurrent values that lost, and
        /// edits a deletion hid.
        public var conflicts: [Conflict]
        /// False when the incoming record brought nothing new (a repeated or superseded delivery).
        public var changed: Bool
    }

    /// The fields of the local record that merging `incoming` reads or changes, or nil for all
    /// of them. A store may load just these. The merge works field by field, so they are the
    /// incoming ones, plus what ``ConflictRule`` reads: `deleted` (an edit may meet a deletion),
    /// `url` with a `title` (a placeholder title is not reported), and every field when
    /// `incoming` deletes the record (it may hide edits of any field).
    public static func fieldsRead(by incoming: RecordState) -> Set<String>? {
        guard !incoming.registers.contains(where: { $0.field == Field.deleted && $0.value == .bool(true) }) else { return nil }
        var fields = Set(incoming.registers.map(\.field))
        fields.insert(Field.deleted)
        if fields.contains(Field.title) { fields.insert(Field.url) }
        return fields
    }

    /// Merges `incoming` into `local` (nil when the record is new to this replica). Both have
    /// passed ``RecordRules``.
    public static func merge(local: RecordState?, incoming: RecordState) -> Outcome {
        guard let local else {
            return Outcome(state: RecordState(id: incoming.id, kind: incoming.kind, vector: incoming.vector, registers: incoming.registers), conflicts: [], changed: true)
        }
        var result: [Register] = []
        var conflicts: [Conflict] = []
        let localByField = Dictionary(grouping: local.registers, by: \.field)
        let incomingByField = Dictionary(grouping: incoming.registers, by: \.field)
        for field in Set(localByField.keys).union(incomingByField.keys) {
            let mine = localByField[field] ?? []
            guard let theirs = incomingByField[field] else {
                result += mine
                continue
            }
            switch Field.policy(of: field) {
            case .lastWriterWins:
                let (kept, conflict) = mergeLastWriterWins(mine.first, theirs.max { $1.beats($0) }!, local: local, incoming: incoming)
                result.append(kept)
                if let conflict { conflicts.append(conflict) }
            case .addWins:
                let (kept, conflict) = mergeAddWins(mine, theirs, local: local, incoming: incoming)
                result += kept
                if let conflict { conflicts.append(conflict) }
            }
        }
        let url = result.first { $0.field == Field.url }?.value.stringValue
        let reported = conflicts.filter { ConflictRule.isReported($0, url: url) }
            + ConflictRule.editsHidden(byDeletionIn: result, local: local, incoming: incoming, logged: Set(conflicts.map(\.lost)))
        let state = RecordState(id: local.id, kind: local.kind, vector: local.vector.joined(with: incoming.vector), registers: result)
        return Outcome(state: state, conflicts: reported, changed: state != local)
    }

    /// One register against one: the larger (stamp, replica) is kept; the loser is a conflict
    /// only if neither side had seen the other's write (``ConflictRule`` decides what is reported).
    static func mergeLastWriterWins(_ mine: Register?, _ theirs: Register, local: RecordState, incoming: RecordState) -> (Register, Conflict?) {
        guard let mine else { return (theirs, nil) }
        if mine.dot == theirs.dot { return (mine, nil) }
        let concurrent = !local.vector.covers(theirs.dot) && !incoming.vector.covers(mine.dot)
        let (kept, lost) = mine.beats(theirs) ? (mine, theirs) : (theirs, mine)
        let conflict = concurrent ? Conflict(recordID: local.id, field: mine.field, kept: kept, lost: lost) : nil
        return (kept, conflict)
    }

    /// Observed-remove merge: a register survives if both sides hold it, or if the side lacking
    /// it never saw its dot (so nobody removed it knowingly).
    static func mergeAddWins(_ mine: [Register], _ theirs: [Register], local: RecordState, incoming: RecordState) -> ([Register], Conflict?) {
        let theirDots = Set(theirs.map(\.dot))
        let myDots = Set(mine.map(\.dot))
        let keptMine = mine.filter { theirDots.contains($0.dot) || !incoming.vector.covers($0.dot) }
        let keptTheirs = theirs.filter { !myDots.contains($0.dot) && !local.vector.covers($0.dot) }
        let kept = keptMine + keptTheirs
        guard let add = kept.filter({ !$0.value.isNull }).max(by: { $1.beats($0) }) else { return (kept, nil) }
        // A side that had removed the tag lost to an add it had not seen: report its removal.
        func losingRemoval(_ side: [Register], sawWith vector: VersionVector, otherAdds: [Register]) -> Register? {
            guard side.allSatisfy(\.value.isNull), let removal = side.max(by: { $1.beats($0) }) else { return nil }
            return otherAdds.contains { !$0.value.isNull && !vector.covers($0.dot) } ? removal : nil
        }
        let lost = losingRemoval(mine, sawWith: local.vector, otherAdds: keptTheirs)
            ?? losingRemoval(theirs, sawWith: incoming.vector, otherAdds: keptMine)
        return (kept, lost.map { Conflict(recordID: local.id, field: add.field, kept: add, lost: $0) })
    }
}
