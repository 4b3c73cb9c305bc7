import FolioExtract
import FolioModel
import Foundation
import Testing

/// Fetching against a local server: every failure is a typed, user-readable `FetchError`,
/// and limits (time, size, redirects) hold.
@Suite struct PageFetcherTests {
    /// A fetcher with these limits. The default time limit is generous: the local server's
    /// handlers share the concurrency pool with every other suite running in parallel, and only
    /// the tests about time limits set a short one.
    private func fetcher(totalTimeout: Int = 30, maximumBodyBytes: Int = 10 << 20) -> PageFetcher {
        var configuration = PageFetcher.Configuration()
        configuration.totalTimeout = totalTimeout
        configuration.readTimeout = totalTimeout
        configuration.connectTimeout = 2
        configuration.maximumBodyBytes = maximumBodyBytes
        return PageFetcher(configuration: configuration)
    }

    private func url(_ base: String, _ path: String) throws -> URL {
        try #require(URL(string: base + path))
    }

    /// A plain page comes back with its final address, status and content type.
    @Test func fetchesPage() async throws {
        try await TestServer.with { base in
            let page = try await fetcher().fetch(try url(base, "/article"))
            #expect(page.statusCode == 200)
            #expect(page.isHTML)
            #expect(page.text.contains("Local article"))
        }
    }

    /// Redirects are followed and the final address is reported.
    @Test func followsRedirects() async throws {
        try await TestServer.with { base in
            let page = try await fetcher().fetch(try url(base, "/redirect/3"))
            #expect(page.url.path == "/article")
        }
    }

    /// More than ten redirects fail cleanly instead of looping on.
    @Test func tooManyRedirects() async throws {
        try await TestServer.with { base in
            await #expect(throws: FetchError.tooManyRedirects(limit: 10)) {
                try await fetcher().fetch(try url(base, "/redirect/12"))
            }
        }
    }

    /// A redirect loop is detected and reported as such.
    @Test func redirectLoop() async throws {
        try await TestServer.with { base in
            await #expect(throws: FetchError.redirectLoop) { try await fetcher().fetch(try url(base, "/loop/a")) }
        }
    }

    /// A server that does not answer in time gives a timeout. (`/slow` answers after 5 s, so the
    /// timeout error can only come from the 1 s deadline; wall-clock bounds are not asserted
    /// because a loaded CI machine can stretch them.)
    @Test func timeout() async throws {
        try await TestServer.with { base in
            await #expect(throws: FetchError.timeout(seconds: 1)) {
                try await fetcher(totalTimeout: 1).fetch(try url(base, "/slow"))
            }
        }
    }

    /// A body that drips in slowly (10 s in all) is cut off by the 1 s total deadline.
    @Test func slowlyDrippingBody() async throws {
        try await TestServer.with { base in
            await #expect(throws: FetchError.timeout(seconds: 1)) {
                try await fetcher(totalTimeout: 1).fetch(try url(base, "/drip"))
            }
        }
    }

    /// HTTP errors carry their status and an actionable message.
    @Test func httpErrors() async throws {
        try await TestServer.with { base in
            let missing = try url(base, "/missing")
            do throws(FetchError) {
                _ = try await fetcher().fetch(missing)
                Issue.record("a 404 must throw")
            } catch {
                #expect(error == .httpStatus(code: 404, reason: "Not Found"))
                #expect(error.description.contains("does not exist"))
            }
            let failing = try url(base, "/error")
            do throws(FetchError) {
                _ = try await fetcher().fetch(failing)
                Issue.record("a 500 must throw")
            } catch {
                guard case .httpStatus(500, _) = error else { throw error }
                #expect(error.description.contains("retry later"))
            }
        }
    }

    /// gzip bodies are inflated transparently.
    @Test func gzip() async throws {
        try await TestServer.with { base in
            let page = try await fetcher().fetch(try url(base, "/gzip"))
            #expect(page.text.contains("travelled gzip-compressed"))
        }
    }

    /// Bodies over the limit are refused, with or without a Content-Length.
    @Test func oversizedBodies() async throws {
        try await TestServer.with { base in
            let small = fetcher(maximumBodyBytes: 1 << 20)
            await #expect(throws: FetchError.tooLarge(limitBytes: 1 << 20)) { try await small.fetch(try url(base, "/big")) }
            await #expect(throws: FetchError.tooLarge(limitBytes: 1 << 20)) {
                try await small.fetch(try url(base, "/big-stream"))
            }
        }
    }

    /// The charset of the Content-Type header decodes the body.
    @Test func charsetFromHeader() async throws {
        try await TestServer.with { base in
            let result = await fetcher().save(url: try url(base, "/latin1"))
            #expect(result.title == "Café")
        }
    }

    /// An unreachable host is a clear error, not a crash or a hang.
    @Test func unreachableHost() async throws {
        let closed = try url("http://127.0.0.1:1", "/")
        do throws(FetchError) {
            _ = try await fetcher(totalTimeout: 3).fetch(closed)
            Issue.record("a closed port must throw")
        } catch {
            switch error {
            case .unreachable, .timeout: break
            default: Issue.record("unexpected error \(error)")
            }
        }
        await #expect(throws: FetchError.invalidURL("ftp://example.com/file")) {
            try await fetcher().fetch(try url("ftp://example.com", "/file"))
        }
    }

    /// `save` never throws: failures become pending links, other types links with a file name.
    @Test func saveOutcomes() async throws {
        try await TestServer.with { base in
            let article = await fetcher().save(url: try url(base, "/redirect/2"))
            #expect(article.content.status == .complete)
            #expect(article.title == "Local article")

            let missing = await fetcher().save(url: try url(base, "/missing"))
            guard case .pending(let reason) = missing.content.status else {
                Issue.record("a failed fetch must save a pending link")
                return
            }
            #expect(reason.contains("404"))

            let text = await fetcher().save(url: try url(base, "/notes.txt"))
            #expect(text.content.status == .complete)
            #expect(text.content.text == "First line of notes.\n\nSecond paragraph.[31m")
            #expect(text.title == "notes.txt")

            let pdf = await fetcher().save(url: try url(base, "/files/report.pdf"))
            #expect(pdf.title == "report.pdf")
            guard case .linkOnly(let note) = pdf.content.status else {
                Issue.record("a PDF must be saved as a link")
                return
            }
            #expect(note.contains("PDF"))
        }
    }
}
