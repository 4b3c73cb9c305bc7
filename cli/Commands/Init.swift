import ArgumentParser

extension Folio {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the library on this device (done automatically on first use).")

        func run() throws {
            let library = try Library.open()
            let info = try library.database.replicaInfo()
            print("Folio library ready at \(library.paths.database.path) (replica \(info.id.hex))")
        }
    }
}
