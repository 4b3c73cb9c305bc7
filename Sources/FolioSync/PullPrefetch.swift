import FolioProtocol
import FolioStore

/// Fetches a pull's pages ahead of the one being applied. A page's request goes out as soon as
/// the answer before it is in (that answer's cursor says where the page starts), so the server
/// builds it while the device is still reading and preparing the one before; each page is
/// prepared (``FolioDatabase/IncomingPage``, its values compressed for storage) in a task of its
/// own. At most `depth` pages are fetched beyond the one the caller holds.
final class PullPrefetch {
    typealias Fetch = @Sendable (_ cursor: String, _ conflictsAfter: Int) async throws -> PullResponse
    typealias Prepare = @Sendable (PullResponse) -> FolioDatabase.IncomingPage

    private var pages: AsyncThrowingStream<Task<FolioDatabase.IncomingPage, Never>, any Error>.AsyncIterator
    private let permits: AsyncStream<Void>.Continuation
    private let producer: Task<Void, Never>

    /// Starts fetching the pages after `cursor`.
    init(after cursor: String, conflictsAfter: Int, depth: Int = 2, fetch: @escaping Fetch, prepare: @escaping Prepare) {
        let (pages, pageSink) = AsyncThrowingStream.makeStream(of: Task<FolioDatabase.IncomingPage, Never>.self)
        let (granted, permits) = AsyncStream.makeStream(of: Void.self)
        for _ in 0..<depth { permits.yield() }
        self.pages = pages.makeAsyncIterator()
        self.permits = permits
        producer = Task {
            var cursor: String? = cursor
            var conflictsAfter = conflictsAfter
            var permit = granted.makeAsyncIterator()
            do {
                while let from = cursor, await permit.next() != nil {
                    try Task.checkCancellation()
                    let response = try await fetch(from, conflictsAfter)
                    cursor = response.cursor
                    conflictsAfter = response.conflictSeq
                    pageSink.yield(Task { prepare(response) })
                }
                pageSink.finish()
            } catch {
                pageSink.finish(throwing: error)
            }
        }
    }

    deinit { cancel() }

    /// The page after the last one taken; ask only while the last one taken has a cursor.
    /// Taking one lets the fetch of another begin. Throws `CancellationError` when the calling
    /// task is cancelled while it waits (the stream then ends early): never a silent end of the pull.
    func next() async throws -> FolioDatabase.IncomingPage {
        guard let page = try await pages.next() else { throw CancellationError() }
        permits.yield()
        return await page.value
    }

    /// Stops fetching; pages not yet taken are dropped.
    func cancel() {
        permits.finish()
        producer.cancel()
    }
}
