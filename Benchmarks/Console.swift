import Foundation

/// Progress and results on standard output, written unbuffered so a log shows how far a run
/// got even when it is killed.
enum Console {
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
