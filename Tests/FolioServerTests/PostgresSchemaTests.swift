@testable import FolioServerPostgres
import Testing

/// The PostgreSQL store's shipped migrations stay as they were applied: a database that ran one
/// never runs it again, so an edit would leave old and new databases with different schemas.
struct PostgresSchemaTests {
    @Test func shippedMigrationsAreUnchanged() {
        func fingerprint(_ statements: [String]) -> (bytes: Int, hash: UInt64) {
            let sql = statements.joined(separator: "\n;\n")
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in sql.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return (sql.utf8.count, hash)
        }
        #expect(PostgresSchema.migrations.map(\.name) == ["v1", "v2", "v3"], "a new migration is added at the end, and its fingerprint here")
        #expect(fingerprint(PostgresSchema.v1) == (2183, 0x848a_9908_d547_509a), "PostgresSchema.v1 was edited: add a new migration instead")
        #expect(fingerprint(PostgresSchema.v2) == (1105, 0x1ab2_f6b9_6e4a_3acf), "PostgresSchema.v2 was edited: add a new migration instead")
        #expect(fingerprint(PostgresSchema.v3) == (1290, 0x8a4b_1490_2209_c967), "PostgresSchema.v3 was edited: add a new migration instead")
    }
}
