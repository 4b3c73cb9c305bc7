import FolioServer
import PostgresTestSupport
import Synchronization
import Testing

/// Removes every store a test opened (``StoreKind/openForTest()``) once the test ends, failed or
/// not: a PostgreSQL store dropped without being closed stops the whole test process.
public struct RemovesStores: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    /// The stores the running test opened.
    @TaskLocal static var opened: OpenedStores?

    final class OpenedStores: Sendable {
        let stores = Mutex<[TestStore]>([])
    }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await function() }
        let opened = OpenedStores()
        var failure: (any Error)?
        do {
            try await Self.$opened.withValue(opened) { try await function() }
        } catch {
            failure = error
        }
        for store in opened.stores.withLock({ $0 }) { await store.remove() }
        if let failure { throw failure }
    }
}

extension Trait where Self == RemovesStores {
    /// Removes the stores a test opens once it ends.
    public static var removesStores: Self { Self() }
}

extension StoreKind {
    /// A fresh store, removed when the test ends.
    public func openForTest() async throws -> TestStore {
        try remember(try await open())
    }

    /// ``openWithBackup(_:)``, both stores removed when the test ends.
    public func openWithBackupForTest<Prepared>(_ prepare: (any SyncStore) async throws -> Prepared) async throws -> (store: TestStore, backup: TestStore, prepared: Prepared) {
        let (store, backup, prepared) = try await openWithBackup(prepare)
        return (try remember(store), try remember(backup), prepared)
    }

    private func remember(_ store: TestStore) throws -> TestStore {
        guard let opened = RemovesStores.opened else { throw StoreLeak() }
        opened.stores.withLock { $0.append(store) }
        return store
    }
}

/// A store opened outside a test with the ``RemovesStores`` trait.
struct StoreLeak: Error, CustomStringConvertible {
    var description: String { "stores are opened in tests with the .removesStores trait, which removes them" }
}
