import FolioModel
@testable import FolioStore
import Foundation
import GRDB
import Testing

/// Issue 16 item 5: a damaged library is told apart from a file that is not one, and the copy
/// kept after syncs is a whole library that a damaged one never replaces.
@Suite struct DamageTests {
    /// Overwrites the page holding the `article` table's root with garbage, as a failing disk would.
    func damageArticlePages(_ temp: TemporaryDatabase) throws {
        let path = temp.database.path
        let (page, size) = try temp.database.writer.writeWithoutTransaction { db in
            try db.checkpoint(.truncate)
            return (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'article'") ?? 0,
                    try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try file.seek(toOffset: UInt64((page - 1) * size))
        file.write(Data(repeating: 0xA5, count: size))
        try file.close()
    }

    /// Damaged pages are `damaged` (not "not a Folio database"), from an open database and on reopening;
    /// the message names the file and the ways back.
    @Test func damagedPagesAreCalledDamaged() throws {
        let temp = try TemporaryDatabase()
        for index in 1...5 { try temp.save("https://example.com/\(index)", title: "Article \(index)") }
        try damageArticlePages(temp)
        let path = temp.database.path
        for attempt in [{ try temp.database.list(ArticleFilter(states: [])) }, { try FolioDatabase(path: path).list(ArticleFilter(states: [])) }] {
            #expect {
                _ = try attempt()
            } throws: { error in
                guard case .damaged(path, _)? = error as? StoreError else { return false }
                let message = String(describing: error)
                return message.contains("folio sync") && message.contains(".recover") && message.contains("PRAGMA integrity_check")
            }
        }
    }

    /// A damaged SQLite header is `damaged`; a file without SQLite's header is `notDatabase`.
    @Test func damagedHeaderIsNotAForeignFile() throws {
        let temp = try TemporaryDatabase()
        try temp.save("https://example.com/a", title: "A")
        let path = temp.database.path
        _ = try temp.database.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try file.seek(toOffset: 16)
        file.write(Data(repeating: 0xA5, count: 84))
        try file.close()
        #expect(throws: StoreError.damaged(path: path, reason: "SQLite: file is not a database")) { try FolioDatabase(path: path) }

        let text = temp.directory.appendingPathComponent("notes.txt").path
        try Data(String(repeating: "not a database at all\n", count: 50).utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: StoreError.notDatabase(path: text)) { try FolioDatabase(path: text) }
    }

    /// The backup is a whole library (tagged articles too, which SQLite 3.40's quick_check
    /// wrongly reports as damaged), made at most once per interval, and a damaged library never
    /// replaces it; the damaged message then points to it.
    @Test func backupIsAWholeLibraryThatDamageNeverReplaces() throws {
        let temp = try TemporaryDatabase()
        let now = Date()
        for index in 1...5 { try temp.save("https://example.com/\(index)", title: "Article \(index)", tags: ["tag\(index % 2)"]) }
        let backup = FolioDatabase.backupPath(of: temp.database.path)
        #expect(try temp.database.backUp(now: now))
        try temp.save("https://example.com/6", title: "Article 6")
        #expect(try !temp.database.backUp(now: now.addingTimeInterval(3_600)), "not twice in a day")
        #expect(try FolioDatabase(path: backup).list(ArticleFilter(states: [])).count == 5)

        try damageArticlePages(temp)
        #expect(throws: StoreError.self) { try temp.database.backUp(now: now.addingTimeInterval(2 * 86_400)) }
        #expect(try FolioDatabase(path: backup).list(ArticleFilter(states: [])).count == 5, "the good copy is kept")
        #expect(!FileManager.default.fileExists(atPath: backup + ".tmp"))
        #expect {
            _ = try temp.database.list(ArticleFilter(states: []))
        } throws: { error in
            String(describing: error).contains("from the last good copy") && String(describing: error).contains(backup)
        }
    }
}

/// Device names come from a sync server's answers: outside input, kept only within bounds.
@Suite struct DeviceNameBoundsTests {
    @Test func hostileNamesAreNotKept() async throws {
        let temp = try TemporaryDatabase()
        let database = temp.database
        func remember(_ names: [ReplicaID: String]) async throws {
            try await database.absorb(FolioDatabase.PeerNews(serverTime: Date(), names: names, conflicts: []))
        }
        try await remember([ReplicaID(rawValue: 1): "laptop", ReplicaID(rawValue: 2): "evil\u{1B}[2J", ReplicaID(rawValue: 3): String(repeating: "x", count: 201)])
        #expect(try database.deviceNames() == [ReplicaID(rawValue: 1): "laptop"])
        let flood = Dictionary(uniqueKeysWithValues: (10..<5_000).map { (ReplicaID(rawValue: UInt64($0)), "device \($0)") })
        try await remember(flood)
        #expect(try database.deviceNames().count == FolioDatabase.maximumDeviceNames)
        try await remember([ReplicaID(rawValue: 1): "new laptop"])
        #expect(try database.deviceNames()[ReplicaID(rawValue: 1)] == "new laptop")
    }
}
