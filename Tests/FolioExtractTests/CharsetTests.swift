import FolioExtract
import Foundation
import Testing

/// Bytes become the right text: header charset first, then BOM, then `<meta>`, else UTF-8 with replacement.
@Suite struct CharsetTests {
    private func title(_ bytes: [UInt8], contentType: String? = nil) -> String? {
        Extractor().extract(data: Data(bytes), url: nil, contentType: contentType).title
    }

    private func page(head: String = "", title: [UInt8]) -> [UInt8] {
        Array("<html><head>\(head)<title>".utf8) + title + Array("</title></head><body></body></html>".utf8)
    }

    @Test func headerCharset() {
        #expect(title(page(title: [0x43, 0x61, 0x66, 0xE9]), contentType: "text/html; charset=ISO-8859-1") == "Café")
        #expect(title(page(title: [0x43, 0x61, 0x66, 0xE9]), contentType: "text/html;charset=\"windows-1252\"") == "Café")
    }

    @Test func byteOrderMarks() {
        #expect(title([0xEF, 0xBB, 0xBF] + page(title: Array("Café".utf8))) == "Café")
        let utf16 = Array("<html><head><title>Ünïcode</title></head></html>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(title([0xFF, 0xFE] + utf16) == "Ünïcode")
    }

    @Test func metaDeclarations() {
        #expect(title(page(head: "<meta charset=\"windows-1252\">", title: [0x93, 0x51, 0x94])) == "\u{201C}Q\u{201D}")
        #expect(title(page(head: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">",
                           title: [0x4E, 0x61, 0xEF, 0x76, 0x65])) == "Naïve")
        #expect(title(page(head: "<meta charset=\"windows-1252\">", title: [0xE9]),
                      contentType: "text/html; charset=utf-8") == "\u{FFFD}", "the header wins over the meta tag")
    }

    @Test func brokenBytes() {
        #expect(title(page(title: [0x41, 0xFF, 0xFE, 0x42, 0xC3])) == "A\u{FFFD}\u{FFFD}B\u{FFFD}")
        #expect(title(page(head: "<meta charset=\"x-unknown-charset\">", title: Array("ok".utf8))) == "ok")
    }
}
