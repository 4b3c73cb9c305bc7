import ArgumentParser
import FolioModel
import FolioSync
import Foundation

extension Folio {
    struct Bundle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sync two devices through a file, with no server (a USB stick, a shared folder).",
            discussion: """
                On device B:  folio bundle knowledge > b.knowledge
                On device A:  folio bundle create a-to-b.folio --for b.knowledge
                On device B:  folio bundle apply a-to-b.folio
                Without --for, the bundle holds everything A has.
                """,
            subcommands: [Create.self, Apply.self, Knowledge.self])

        struct Create: ParsableCommand, LibraryCommand {
            static let configuration = CommandConfiguration(abstract: "Write this device's changes to a bundle file.")

            @Argument(help: "The bundle file to write, or - for standard output.")
            var file: String

            @Option(name: .long, help: "The other device's knowledge (a file from `folio bundle knowledge`, or - for standard input): write only what it lacks.")
            var `for`: String?

            @OptionGroup var location: LibraryOptions

            func run() throws {
                let library = try location.open()
                var base = VersionVector()
                if let source = `for` {
                    let data = try readInput(source, limit: 1 << 20)
                    do {
                        base = try JSONCoding.decoder.decode(VersionVector.self, from: data)
                    } catch {
                        throw CLIError.input("\(source) is not a knowledge file from `folio bundle knowledge`")
                    }
                }
                guard file == "-" else {
                    let header = try SyncBundle.create(from: library.database, for: base, to: URL(fileURLWithPath: file))
                    print("Wrote \(header.records) record\(header.records == 1 ? "" : "s") (\(ByteCountFormatter.string(fromByteCount: Int64(header.bodyBytes), countStyle: .file))) to \(file).")
                    return
                }
                // SyncBundle writes to a file it can seek in; standard output gets that file's bytes.
                let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bundle-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: temporary) }
                let header = try SyncBundle.create(from: library.database, for: base, to: temporary)
                let input = try FileHandle(forReadingFrom: temporary)
                defer { try? input.close() }
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { FileHandle.standardOutput.write(chunk) }
                printError("Wrote \(header.records) record\(header.records == 1 ? "" : "s") to standard output.")
            }
        }

        struct Apply: ParsableCommand, LibraryCommand {
            static let configuration = CommandConfiguration(abstract: "Merge a bundle file from another device.")

            @Argument(help: "The bundle file to read, or - for standard input.")
            var file: String

            @OptionGroup var location: LibraryOptions

            func run() throws {
                let library = try location.open()
                var source = URL(fileURLWithPath: file)
                let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bundle-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: temporary) }
                if file == "-" {
                    // SyncBundle reads a file twice (verify, then apply): standard input is saved first.
                    FileManager.default.createFile(atPath: temporary.path, contents: nil)
                    let output = try FileHandle(forWritingTo: temporary)
                    while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty { try output.write(contentsOf: chunk) }
                    try output.close()
                    source = temporary
                }
                let report = try SyncBundle.apply(source, to: library.database)
                print("Applied \(report.header.records) record\(report.header.records == 1 ? "" : "s") from device \(report.header.replica.hex.prefix(8)): \(report.changed) changed, \(report.conflicts) conflict\(report.conflicts == 1 ? "" : "s").")
                if !report.knowledgeAdvanced {
                    printError("note: the bundle was made for a different state of this device; its changes were merged, but ask for a full bundle to catch up completely")
                }
            }
        }

        struct Knowledge: ParsableCommand, LibraryCommand {
            static let configuration = CommandConfiguration(abstract: "Print what this device knows, for `bundle create --for`.")

            @OptionGroup var location: LibraryOptions

            func run() throws {
                let library = try location.open()
                print(String(decoding: try JSONCoding.encoder.encode(try library.database.replicaInfo().knowledge), as: UTF8.self))
            }
        }
    }
}
