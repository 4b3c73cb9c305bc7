import Foundation
import Testing

/// Every end-to-end suite, one test at a time. A test waiting for a `folio` process holds a
/// thread of the shared concurrency pool (two threads on two cores); two such tests at once
/// would leave none for the in-process servers that other suites' tests talk to.
@Suite(.serialized) enum EndToEnd {}

extension EndToEnd {
    /// Polls `condition` every 100 ms for at most `seconds`; the seconds it took, or nil.
    static func within(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if try condition() { return Date().timeIntervalSince(start) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }
}
