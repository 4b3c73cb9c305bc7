import ArgumentParser
import FolioExtract
import FolioModel
import Foundation

extension Folio {
    /// `folio extract`: runs the article extractor on a file or standard input without saving anything.
    struct Extract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extract the readable article of an HTML page, without saving it.",
            discussion: "Reads a file, or standard input when FILE is '-' or absent. For scripts and evaluation."
        )

        /// What to print.
        enum Format: String, EnumerableFlag {
            case text, json, html

            static func help(for value: Format) -> ArgumentHelp? {
                switch value {
                case .text: "Print the article as plain text (the default)."
                case .json: "Print metadata and content as JSON."
                case .html: "Print the sanitised article HTML."
                }
            }
        }

        @Flag var format: Format = .text

        @Option(name: .long, help: ArgumentHelp("The page's address, used to resolve relative links.", valueName: "URL"))
        var url: String?

        @Argument(help: ArgumentHelp("The HTML file to read, or '-' for standard input.", valueName: "FILE"))
        var file: String = "-"

        @Option(name: .long, help: .hidden)
        var bench: String?

        @Option(name: .long, help: .hidden)
        var iterations: Int = 10

        func validate() throws {
            if let url, URL(string: url)?.scheme == nil {
                throw ValidationError("--url must be an absolute address, such as https://example.com/article.")
            }
            if iterations < 1 { throw ValidationError("--iterations must be at least 1.") }
        }

        func run() async throws {
            if let bench {
                try runBenchmark(directory: bench)
                return
            }
            let data = try readInput()
            let result = Extractor().extract(data: data, url: url.flatMap(URL.init(string:)))
            switch format {
            case .text:
                print(result.content.text)
            case .html:
                print(result.content.html)
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                let output = Output(title: result.title, url: url, readingMinutes: result.content.readingMinutes,
                                    content: result.content)
                print(String(decoding: try encoder.encode(output), as: UTF8.self))
            }
        }

        /// The JSON document printed by `--json`.
        private struct Output: Encodable {
            var title: String?
            var url: String?
            var readingMinutes: Int
            var content: ArticleContent
        }

        private func readInput() throws -> Data {
            if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("Cannot read \(file): no such file, or not readable.")
            }
            return data
        }

        /// Times in-process extraction of every `.html` / `.html.gz` file in `directory`.
        private func runBenchmark(directory: String) throws {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".html") || $0.hasSuffix(".html.gz") }.sorted()
            let pages = try names.map { try load(URL(fileURLWithPath: directory).appendingPathComponent($0)) }
            guard !pages.isEmpty else { throw ValidationError("No .html or .html.gz files in \(directory).") }
            let report = ExtractionBenchmark.run(pages: pages, iterations: iterations)
            let megabytes = Double(report.bytes) / 1_048_576
            print(String(format: "%d extractions (%d pages x %d) of %.1f MB in %.3f s: %.3f ms/page, %.0f pages/s, %.1f MB/s",
                         report.extractions, pages.count, iterations, megabytes, report.seconds,
                         report.millisecondsPerPage, report.pagesPerSecond, megabytes / report.seconds))
            if let peak = peakResidentMegabytes() { print(String(format: "peak resident memory: %.1f MB", peak)) }
        }

        private func load(_ url: URL) throws -> Data {
            guard url.pathExtension == "gz" else { return try Data(contentsOf: url) }
            let process = Process()
            let pipe = Pipe()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["gzip", "-dc", url.path]
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw ValidationError("Cannot decompress \(url.path).") }
            return data
        }

        /// Peak resident set size of this process (`VmHWM`), on Linux.
        private func peakResidentMegabytes() -> Double? {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                  let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return nil }
            return kilobytes / 1024
        }
    }
}
