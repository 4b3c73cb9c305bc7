import PostgresTestSupport
import Testing

/// Says, as a skipped test, when the PostgreSQL store tests do not run.
@Suite struct PostgresAvailabilityTests {
    @Test(.enabled(if: PostgresCluster.isAvailable, Comment(rawValue: PostgresCluster.skipReason)))
    func postgresClusterStarts() throws {
        #expect(try PostgresCluster.shared().database().hasPrefix("postgres://"))
    }
}
