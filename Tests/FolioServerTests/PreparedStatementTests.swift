@testable import FolioServerPostgres
import Testing

/// Statements combined into one (the held-back writes of a PostgreSQL push): every part keeps
/// its own parameters, renumbered after the parts before it.
@Suite struct PreparedStatementTests {
    @Test func combiningRenumbersEachPartsParameters() {
        let first: PreparedStatement = "UPDATE account SET change_seq = \(Int64(7)) WHERE id = \(Int64(1))"
        var many = PreparedStatement(sql: "INSERT INTO t VALUES (", binds: [])
        for value in 0..<11 {
            let part: PreparedStatement = "\(Int64(value))::int8"
            many.sql += (value == 0 ? "" : ", ") + part.sql.replacingOccurrences(of: "$1", with: "$\(value + 1)")
            many.binds += part.binds
        }
        many.sql += ")"
        let final: PreparedStatement = "SELECT pg_notify(\("channel"), \("1"))"

        let combined = PreparedStatement.combining([first, many], then: final)
        #expect(combined.sql == """
            WITH w0 AS (UPDATE account SET change_seq = $1 WHERE id = $2),
            w1 AS (INSERT INTO t VALUES ($3::int8, $4::int8, $5::int8, $6::int8, $7::int8, $8::int8, $9::int8, $10::int8, $11::int8, $12::int8, $13::int8))
            SELECT pg_notify($14, $15)
            """)
        #expect(combined.binds.count == 15)
        #expect(PreparedStatement.combining([], then: final).sql == final.sql, "nothing to combine: the final statement alone")
    }
}
