import FolioExtract
import Foundation
import Testing

/// Stored HTML is data, not code: no vector below may survive sanitisation.
@Suite struct HTMLSanitizerTests {
    private let base = URL(string: "https://site.example/dir/page.html")

    static let vectors = [
        "<script>alert(1)</script><p>text</p>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<img src=\"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=\">",
        "<style>body{background:red}</style><p style=\"background:url(javascript:alert(1))\">p</p>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<svg onload=alert(1)><script>alert(1)</script></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<form action=\"https://evil.example\"><input name=q><button>go</button></form>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<div onclick=\"alert(1)\" onmouseover=\"alert(1)\">d</div>",
        "<scr<script>ipt>alert(1)</script>",
        "<p><!--<script>alert(1)</script>--></p>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<video src=x onerror=alert(1)></video><audio src=x></audio>",
        "<link rel=stylesheet href=x.css><template><script>alert(1)</script></template>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    ]

    /// None of the dangerous tags, attributes or schemes survive.
    @Test(arguments: vectors)
    func neutralisesVector(_ vector: String) {
        let output = HTMLSanitizer.sanitize(html: vector, baseURL: base).lowercased()
        for forbidden in ["<script", "<style", "<iframe", "<svg", "<math", "<form", "<input", "<button", "<object",
                          "<embed", "<meta", "<base", "<link", "<video", "<audio", "<template", "style=", " on",
                          "javascript:", "vbscript:", "data:"] {
            #expect(!output.contains(forbidden), "\(forbidden) survived in \(output)")
        }
        #expect(HTMLSanitizer.sanitize(html: output, baseURL: base).lowercased() == output, "sanitising is idempotent")
    }

    /// Allowed structure survives; relative links and images become absolute; unknown tags unwrap.
    @Test func keepsStructure() {
        let output = HTMLSanitizer.sanitize(html: """
            <section><h2 class="x">Title</h2><p>Some <b>bold</b> and <a href="../other.html" target="_blank">a link</a>.</p>
            <img src="img/p.png" alt="A picture" width="300" loading="lazy"><ul><li>one</li></ul>
            <custom-tag>inline</custom-tag><a href="#note">note</a><a href="mailto:me@site.example">mail</a></section>
            """, baseURL: base)
        #expect(output.contains("<h2>Title</h2>"))
        #expect(output.contains("<a href=\"https://site.example/other.html\">a link</a>"))
        #expect(output.contains("<img src=\"https://site.example/dir/img/p.png\" alt=\"A picture\" width=\"300\">"))
        #expect(output.contains("<ul><li>one</li></ul>"))
        #expect(output.contains("inline"))
        #expect(!output.contains("custom-tag"))
        #expect(output.contains("href=\"#note\""))
        #expect(output.contains("href=\"mailto:me@site.example\""))
    }

    /// Text is escaped, and the plain-text rendering keeps paragraphs and drops control characters.
    @Test func escapingAndPlainText() {
        let output = HTMLSanitizer.sanitize(html: "<p>a &lt;b&gt; &amp; \"q\"</p>", baseURL: nil)
        #expect(output == "<p>a &lt;b&gt; &amp; \"q\"</p>")
        let text = HTMLSanitizer.plainText(html: "<h2>Head</h2><p>One\u{1B}[2J   two</p><ul><li>x</li><li>y</li></ul><p>Three<br>four</p>")
        #expect(text == "Head\n\nOne[2J two\n\n- x\n- y\n\nThree\nfour")
    }
}
