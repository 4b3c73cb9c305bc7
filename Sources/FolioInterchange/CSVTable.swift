import CSV
import Foundation

/// One CSV record with the 1-based line it starts on (records may span lines inside quotes).
struct CSVRow {
    let line: Int
    let fields: [String]
}

/// A CSV file's header, read with CSV.swift, and lookup of a row's fields by column name.
struct CSVTable {
    /// Column index by lower-cased, trimmed header name; the first of duplicate names wins.
    private let columns: [String: Int]

    init(header: [String]) {
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if columns[key] == nil { columns[key] = index }
        }
        self.columns = columns
    }

    /// The trimmed field of `row` under column `name`; nil when the column or field is missing or blank.
    func value(_ name: String, in row: CSVRow) -> String? {
        guard let index = columns[name], index < row.fields.count else { return nil }
        let field = row.fields[index]
        guard field.first?.isWhitespace == true || field.last?.isWhitespace == true else {
            return field.isEmpty ? nil : field
        }
        let value = field.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    /// Reads `text` record by record, calling `body` for each non-blank record after the header.
    static func read(_ text: String, format: ImportFormat, _ body: (CSVTable, CSVRow) -> Void) throws(ImportError) {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false)
        } catch {
            throw .malformed(format: format, reason: "\(error)")
        }
        guard let header = reader.next() else { throw .emptyFile }
        let table = CSVTable(header: header)
        var line = 1 + lineBreaks(in: header) + 1
        while let fields = reader.next() {
            let row = CSVRow(line: line, fields: fields)
            line += 1 + lineBreaks(in: fields)
            if fields.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { continue }
            body(table, row)
        }
        if let error = reader.error { throw .malformed(format: format, reason: "\(error)") }
    }

    /// Line breaks inside quoted fields: a CRLF pair counts once.
    private static func lineBreaks(in fields: [String]) -> Int {
        var count = 0
        for field in fields {
            var previous: UInt8 = 0
            for byte in field.utf8 {
                if byte == 0x0A && previous != 0x0D || byte == 0x0D { count += 1 }
                previous = byte
            }
        }
        return count
    }
}
