import FolioModel
import FolioProtocol
import FolioStore
import Foundation
@testable import FolioSync
import Testing

/// The pages of a pull fetched ahead of the writer: in order, at most `depth` ahead, errors
/// passed on, nothing fetched after a cancel.
@Suite struct PullPrefetchTests {
    /// A server of `pages` pages: page n's cursor is "n", the last one's nil. Counts requests.
    actor PagedServer {
        let pages: Int
        var failAt: Int?
        private(set) var requested: [String] = []
        private(set) var conflictsAfter: [Int] = []

        /// The page that never comes (until the request is cancelled).
        var stallAt: Int?

        init(pages: Int, failAt: Int? = nil, stallAt: Int? = nil) {
            self.pages = pages
            self.failAt = failAt
            self.stallAt = stallAt
        }

        func pull(after cursor: String, conflictsAfter: Int) async throws -> PullResponse {
            requested.append(cursor)
            self.conflictsAfter.append(conflictsAfter)
            let number = Int(cursor)! + 1
            if number == stallAt { try await Task.sleep(for: .seconds(60)) }
            if number == failAt { throw SyncError.server(status: 503, code: "unavailable", message: "page \(number) failed") }
            return PullResponse(
                epoch: "e", knowledge: VersionVector(), records: [], cursor: number == pages ? nil : String(number),
                conflicts: [], conflictSeq: number * 10, serverTime: Date(timeIntervalSince1970: 0))
        }

        /// Waits (bounded) until at least `count` requests went out; returns how many did.
        func waitForRequests(_ count: Int) async -> Int {
            for _ in 0..<500 where requested.count < count { try? await Task.sleep(for: .milliseconds(10)) }
            return requested.count
        }
    }

    static func prefetch(_ server: PagedServer, depth: Int = 2) -> PullPrefetch {
        PullPrefetch(after: "1", conflictsAfter: 10, depth: depth, fetch: { cursor, conflictsAfter in
            try await server.pull(after: cursor, conflictsAfter: conflictsAfter)
        }, prepare: { response in
            FolioDatabase.IncomingPage(
                records: response.records, news: FolioDatabase.PeerNews(serverTime: response.serverTime, names: [:], conflicts: []),
                conflictSeq: response.conflictSeq, cursor: response.cursor, peerKnowledge: VersionVector())
        })
    }

    @Test func pagesArriveInOrderUntilTheLast() async throws {
        let server = PagedServer(pages: 6)
        let prefetch = Self.prefetch(server)
        var cursors: [String?] = []
        repeat { cursors.append(try await prefetch.next().cursor) } while cursors.last! != nil
        #expect(cursors == ["2", "3", "4", "5", nil])
        #expect(await server.requested == ["1", "2", "3", "4", "5"])
        // Each request asks for the conflicts after the page before it.
        #expect(await server.conflictsAfter == [10, 20, 30, 40, 50])
    }

    @Test func fetchesAtMostDepthPagesAhead() async throws {
        let server = PagedServer(pages: 50)
        let prefetch = Self.prefetch(server, depth: 2)
        #expect(await server.waitForRequests(2) == 2)
        // Given time, an unbounded prefetch would run on through all fifty pages.
        try await Task.sleep(for: .milliseconds(100))
        #expect(await server.requested.count == 2)
        // Taking a page lets exactly one more fetch go out, asked with that page's cursor.
        let first = try await prefetch.next()
        #expect(first.cursor == "2")
        #expect(await server.waitForRequests(3) == 3)
        try await Task.sleep(for: .milliseconds(100))
        #expect(await server.requested == ["1", "2", "3"])
        prefetch.cancel()
    }

    @Test func aFailedFetchIsThrownAfterThePagesBeforeIt() async throws {
        let server = PagedServer(pages: 10, failAt: 4)
        let prefetch = Self.prefetch(server)
        #expect(try await prefetch.next().cursor == "2")
        #expect(try await prefetch.next().cursor == "3")
        await #expect(throws: SyncError.self) { try await prefetch.next() }
    }

    @Test func nothingIsFetchedAfterACancel() async throws {
        let server = PagedServer(pages: 50)
        let prefetch = Self.prefetch(server, depth: 1)
        #expect(await server.waitForRequests(1) == 1)
        prefetch.cancel()
        _ = try? await prefetch.next()
        _ = try? await prefetch.next()
        try await Task.sleep(for: .milliseconds(100))
        #expect(await server.requested.count <= 2)
    }

    /// A pull whose task is cancelled while it waits for a page throws: it must never look
    /// finished, or the sync would go on to store the server's knowledge.
    @Test func aCancelledWaitThrows() async throws {
        let server = PagedServer(pages: 50, stallAt: 2)
        let waiting = Task {
            let prefetch = Self.prefetch(server)
            return try await prefetch.next()
        }
        #expect(await server.waitForRequests(1) == 1)
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }
}
