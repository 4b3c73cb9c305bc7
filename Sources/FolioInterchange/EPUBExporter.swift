import Foundation
import ZIPFoundation

/// Writes an EPUB 3 book with ZIPFoundation: the `mimetype` entry first and stored, then
/// `META-INF/container.xml`, the package document, the navigation document and the chapters
/// (see ``EPUBDocuments``), all compressed.
enum EPUBExporter {
    static func write(_ library: ExportLibrary, to url: URL) throws(ExportError) {
        let articles = library.visibleArticles
        guard !articles.isEmpty else { throw .nothingToExport(.epub) }
        let book = EPUBDocuments(articles: articles, highlights: library.visibleHighlights(), modified: Date())
        try OutputFile.write(to: url) { temporary in
            let archive = try Archive(url: temporary, accessMode: .create)
            try add(Data("application/epub+zip".utf8), as: "mimetype", to: archive, compressed: false)
            try add(Data(EPUBDocuments.container.utf8), as: "META-INF/container.xml", to: archive)
            try add(Data(book.package.utf8), as: "OEBPS/" + EPUBDocuments.packagePath, to: archive)
            try add(Data(book.navigation.utf8), as: "OEBPS/" + EPUBDocuments.navigationPath, to: archive)
            for index in articles.indices {
                try add(Data(book.chapter(index).utf8), as: "OEBPS/" + EPUBDocuments.chapterPath(index), to: archive)
            }
        }
    }

    private static func add(_ data: Data, as path: String, to archive: Archive, compressed: Bool = true) throws {
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(data.count),
            compressionMethod: compressed ? .deflate : .none
        ) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}
