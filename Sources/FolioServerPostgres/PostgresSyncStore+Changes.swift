import FolioServer
import NIOPosix
import PostgresNIO

extension PostgresSyncStore {
    /// The `NOTIFY` channel on which a push that changed a space names its user id.
    static let changeChannel = "folio_space_changed"

    /// Listens on ``changeChannel`` over a connection of its own, reconnecting with backoff
    /// (1 s doubling to 30 s) when it drops; after each (re)connection every waiter looks again,
    /// since changes made meanwhile were not heard.
    public func followChanges(_ changed: @escaping @Sendable (UserID?) -> Void) async {
        var delay = Duration.seconds(1)
        while !Task.isCancelled {
            do {
                try await listenOnce { changed($0); delay = .seconds(1) }
            } catch where !Task.isCancelled {
                logger.warning("not hearing other processes' changes; retrying", metadata: [
                    "error": "\(PostgresStoreError.explaining(error, url: connections.url.description))", "retry_in": "\(delay)"])
            } catch {}
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(30))
        }
    }

    /// One connection's listening: `heard(nil)` once listening, then `heard(user)` per notification.
    private func listenOnce(_ heard: (UserID?) -> Void) async throws {
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: connections.url.configuration, id: 0, logger: logger)
        do {
            try await connection.listen(on: Self.changeChannel) { notifications in
                heard(nil)
                for try await notification in notifications {
                    if let id = Int64(notification.payload) { heard(UserID(rawValue: id)) }
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }
}
