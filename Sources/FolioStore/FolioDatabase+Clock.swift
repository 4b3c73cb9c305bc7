import FolioModel
import Foundation
import GRDB

/// What ``FolioDatabase/repairClock(now:)`` did.
public struct ClockRepair: Sendable, Equatable, Codable {
    /// How far the clock was ahead of the corrected wall clock, in milliseconds.
    public var aheadBy: UInt64
    /// Records whose writes were stamped again.
    public var records: Int
}

extension FolioDatabase {
    /// Brings the clock back after this machine's wall clock ran fast and was corrected.
    ///
    /// A clock never goes backwards, so without this every later write would carry the old,
    /// far-future stamp, which every other replica refuses (`clock_skew`). When the clock is past
    /// the horizon of `now` (``HybridClock/maximumOffset``), this replica's writes stamped past
    /// it are written again with a fresh stamp (one new write per record, the same values), and
    /// the clock is set back to the newest stamp within the horizon. No replica accepted the old
    /// stamps, so nothing is lost and nothing disagrees. Nil when the clock is fine.
    public func repairClock(now: Date = Date()) throws -> ClockRepair? {
        try write { db in
            var info = try Self.replicaInfo(db)
            guard info.clock.isAhead(of: now) else { return nil }
            let horizon = HybridClock.horizon(now: now)
            let aheadBy = info.clock.latest.wall - HybridClock.wallMilliseconds(now)
            let newestKept = try Int64.fetchOne(db, sql: "SELECT max(stamp) FROM register WHERE stamp <= ?", arguments: [horizon.packed])
                .flatMap(HLCStamp.init(exactly:)) ?? .zero
            info.clock.reset(to: max(newestKept, HLCStamp(wall: HybridClock.wallMilliseconds(now))))
            try db.execute(sql: "UPDATE replica SET clock = ? WHERE singleton = 1", arguments: [info.clock.latest.packed])
            let ids = try String.fetchAll(db, sql: """
                SELECT DISTINCT r.id FROM register g JOIN record r ON r.rowid = g.record
                WHERE g.replica = ? AND g.stamp > ?
                """, arguments: [Int64(bitPattern: info.id.rawValue), horizon.packed])
            let index = SearchIndex.Changes()
            for id in ids.compactMap(UUID.init(uuidString:)) {
                guard let record = try RecordStorage.load(db, id: id) else { continue }
                let fields = record.registers.filter { $0.dot.replica == info.id && $0.stamp > horizon }.map { (field: $0.field, value: $0.value) }
                try Self.write(db, fields, to: record, old: record, now: now, index: index)
            }
            try index.write(db)
            return ClockRepair(aheadBy: aheadBy, records: ids.count)
        }
    }
}
