import ArgumentParser

extension Folio {
    struct Init: ParsableCommand, LibraryCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the library on this device (done automatically on first use).")

        @OptionGroup var location: LibraryOptions

        func run() throws {
            let library = try location.open()
            let info = try library.database.replicaInfo()
            print("Folio library ready at \(library.paths.database.path) (replica \(info.id.hex))")
        }
    }
}
