import FolioModel
import Foundation

/// Reads Folio's own JSON export (see ``FolioExportFormat``) back into items that give the
/// exported articles and highlights unchanged. An article or highlight that does not decode, or
/// an article whose address is not http or https, is reported and skipped; the rest are read.
enum FolioJSONParser {
    /// The members that identify the file, read alone when the whole file does not decode.
    private struct Header: Decodable {
        let format: String?
        let version: Int?
    }

    private struct Envelope: Decodable {
        let format: String?
        let version: Int?
        let articles: [Lenient<Article>]
        let highlights: [Lenient<Highlight>]?
    }

    /// A record that may fail to decode without failing its list.
    private struct Lenient<Value: Decodable>: Decodable {
        let result: Result<Value, RecordError>

        init(from decoder: any Decoder) {
            do {
                result = .success(try Value(from: decoder))
            } catch {
                result = .failure(RecordError(JSONInput.reason(error)))
            }
        }
    }

    static func parse(_ text: String) throws(ImportError) -> ImportBatch {
        let data = Data(text.utf8)
        let envelope: Envelope
        do {
            envelope = try JSONCoding.decoder.decode(Envelope.self, from: data)
        } catch {
            let header = try? JSONCoding.decoder.decode(Header.self, from: data)
            if let version = header?.version, version > FolioExportFormat.version { throw .unsupportedVersion(version) }
            throw .malformed(format: .folio, reason: JSONInput.reason(error))
        }
        guard envelope.format == FolioExportFormat.name else { throw .wrongFormat(expected: .folio, detected: nil) }
        guard let version = envelope.version else { throw .malformed(format: .folio, reason: "no version number") }
        guard version <= FolioExportFormat.version else { throw .unsupportedVersion(version) }
        var highlightsByArticle: [UUID: [(number: Int, highlight: Highlight)]] = [:]
        var highlightProblems: [(number: Int, problem: ImportProblem)] = []
        for (offset, entry) in (envelope.highlights ?? []).enumerated() {
            switch entry.result {
            case .success(let highlight): highlightsByArticle[highlight.articleID, default: []].append((offset + 1, highlight))
            case .failure(let error):
                highlightProblems.append((offset + 1, ImportProblem(.item(offset + 1), "highlights list: \(error.reason)")))
            }
        }
        var items: [ImportedItem] = []
        var problems: [ImportProblem] = []
        for (offset, entry) in envelope.articles.enumerated() {
            switch entry.result {
            case .success(let article):
                let highlights = highlightsByArticle.removeValue(forKey: article.id) ?? []
                // The one address policy (as for every other format, bundles and sync): only http
                // and https addresses are stored; the article goes, with its highlights.
                guard article.url.isEmpty || WebAddress.isAllowed(article.url) else {
                    let with = highlights.isEmpty ? "" : " with its \(highlights.count) highlight\(highlights.count == 1 ? "" : "s")"
                    problems.append(ImportProblem(.item(offset + 1), "articles list: not an http or https address\(with): \(article.url.prefix(80))"))
                    continue
                }
                var item = ImportedItem(article: article, highlights: highlights.map(\.highlight))
                if let given = item.givenURL, !WebAddress.isAllowed(given) { item.givenURL = nil }
                do throws(RecordError) {
                    try item.checkRecordRules()
                    items.append(item)
                } catch {
                    problems.append(ImportProblem(.item(offset + 1), "articles list: \(error.reason)"))
                }
            case .failure(let error):
                problems.append(ImportProblem(.item(offset + 1), "articles list: \(error.reason)"))
            }
        }
        for orphan in highlightsByArticle.values.joined() {
            let reason = "highlights list: its article \(orphan.highlight.articleID.uuidString) is not in the file"
            highlightProblems.append((orphan.number, ImportProblem(.item(orphan.number), reason)))
        }
        problems += highlightProblems.sorted { $0.number < $1.number }.map(\.problem)
        return ImportBatch(items: items, problems: problems)
    }
}
