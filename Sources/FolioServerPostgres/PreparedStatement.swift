import NIOCore
import PostgresNIO

/// A statement whose interpolated values are parameters, run as a prepared statement of its
/// connection (``PreparedStatements``): PostgreSQL parses it once per connection and, after a
/// few runs, plans it once, where an unnamed statement is parsed and planned at every run
/// (half of PostgreSQL's time under the benchmark's load).
///
/// Parameter types are inferred by PostgreSQL from where they stand; a parameter with no such
/// place (in a select list) needs a cast (`\(value)::int8`). Integers are sent as `int8`.
struct PreparedStatement: ExpressibleByStringInterpolation {
    var sql: String
    var binds: [PostgresData]

    init(sql: String, binds: [PostgresData]) {
        self.sql = sql
        self.binds = binds
    }

    init(stringLiteral value: String) {
        self.init(sql: value, binds: [])
    }

    init(stringInterpolation: Interpolation) {
        self.init(sql: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// `parts` as WITH parts of `final`: one statement, one round trip. Each part must be one
    /// plain INSERT, UPDATE or DELETE. PostgreSQL runs them after `final`, all in its snapshot,
    /// so none sees another's changes and no two may change the same row.
    static func combining(_ parts: [PreparedStatement], then final: PreparedStatement) -> PreparedStatement {
        guard !parts.isEmpty else { return final }
        var sql = "WITH "
        var binds: [PostgresData] = []
        for (index, part) in parts.enumerated() {
            sql += "\(index == 0 ? "" : ",\n")w\(index) AS (\(shifting(part.sql, by: binds.count)))"
            binds += part.binds
        }
        return PreparedStatement(sql: sql + "\n" + shifting(final.sql, by: binds.count), binds: binds + final.binds)
    }

    /// `sql` with each parameter `$n` renamed `$(n + offset)`.
    fileprivate static func shifting(_ sql: String, by offset: Int) -> String {
        guard offset > 0 else { return sql }
        var result: [UInt8] = []
        result.reserveCapacity(sql.utf8.count + 16)
        var parameter: Int?  // the number of a `$n` being read
        var afterDollar = false
        func endParameter() {
            if let number = parameter { result += "\(number + offset)".utf8 }
            parameter = nil
        }
        for byte in sql.utf8 {
            if afterDollar || parameter != nil, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                parameter = (parameter ?? 0) * 10 + Int(byte - UInt8(ascii: "0"))
                afterDollar = false
                continue
            }
            endParameter()
            afterDollar = byte == UInt8(ascii: "$")
            result.append(byte)
        }
        endParameter()
        return String(decoding: result, as: UTF8.self)
    }

    struct Interpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [PostgresData] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + 3 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) { sql += literal }
        mutating func appendInterpolation(_ value: Int64) { bind(PostgresData(int64: value)) }
        mutating func appendInterpolation(_ value: Int) { bind(PostgresData(int64: Int64(value))) }
        mutating func appendInterpolation(_ value: String) { bind(PostgresData(string: value)) }
        mutating func appendInterpolation(_ value: Int64?) { bind(value.map { PostgresData(int64: $0) } ?? PostgresData(type: .int8, value: nil)) }
        mutating func appendInterpolation(_ value: String?) { bind(value.map { PostgresData(string: $0) } ?? PostgresData(type: .text, value: nil)) }
        mutating func appendInterpolation(_ values: [Int64]) { bind(PostgresData(array: values.map { PostgresData(int64: $0) }, elementType: .int8)) }
        mutating func appendInterpolation(_ values: [String]) { bind(PostgresData(array: values.map { PostgresData(string: $0) }, elementType: .text)) }

        /// Appends a statement built apart (a part some statements have): its text and parameters.
        mutating func appendInterpolation(_ fragment: PreparedStatement) {
            sql += PreparedStatement.shifting(fragment.sql, by: binds.count)
            binds += fragment.binds
        }

        /// Appends SQL text written in this module (never input): a fragment shared by statements.
        mutating func appendInterpolation(trusted fragment: String) { sql += fragment }

        /// Appends a parameter: `$n` in the text.
        mutating func bind(_ value: PostgresData) {
            binds.append(value)
            sql += "$\(binds.count)"
        }
    }
}

/// The statements prepared on one connection, by their text. Used only by the thread that holds
/// the connection (``PostgresConnections``), hence unchecked.
final class PreparedStatements: @unchecked Sendable {
    private var prepared: [String: PreparedQuery] = [:]

    /// Runs `statement` on `connection`, preparing it there on its first run.
    func run(_ statement: PreparedStatement, on connection: PostgresConnection) throws -> EventLoopFuture<[PreparedRow]> {
        let query: PreparedQuery
        if let known = prepared[statement.sql] {
            query = known
        } else {
            query = try connection.prepare(query: statement.sql).wait()
            prepared[statement.sql] = query
        }
        return query.execute(statement.binds).map { rows in rows.map(PreparedRow.init) }
    }
}

/// A row of a prepared statement's answer. postgres-nio (1.33) asks for every column in binary
/// but labels the columns of a statement prepared through `prepare(query:)` as text; the cells
/// here carry the format the bytes are in.
struct PreparedRow {
    let cells: [PostgresCell]

    init(_ row: PostgresRow) {
        cells = row.map { cell in
            PostgresCell(bytes: cell.bytes, dataType: cell.dataType, format: .binary, columnName: cell.columnName, columnIndex: cell.columnIndex)
        }
    }

    /// The row's columns, in order, as the types given.
    func decode<each Column: PostgresDecodable>(_: (repeat each Column).Type, file: String = #fileID, line: Int = #line) throws -> (repeat each Column) {
        var index = 0
        func next<Value: PostgresDecodable>(_: Value.Type) throws -> Value {
            guard index < cells.count else { throw PostgresDecodingError.Code.missingData }
            defer { index += 1 }
            return try cells[index].decode(Value.self, file: file, line: line)
        }
        return (repeat try next((each Column).self))
    }
}
