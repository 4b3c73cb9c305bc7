import Dispatch
import Foundation

/// Waiting for the user (Ctrl-C) or the service manager (SIGTERM) to stop a long-running command.
enum Signals {
    /// Returns at the first SIGINT or SIGTERM; until then both are caught instead of ending the
    /// process. A second one ends the process as usual, should stopping hang.
    static func waitForInterrupt() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "folio.signals")
            let once = Once()
            let sources = [SIGINT, SIGTERM].map { number in
                signal(number, SIG_IGN)
                return DispatchSource.makeSignalSource(signal: number, queue: queue)
            }
            for source in sources {
                source.setEventHandler {
                    guard once.first() else { return }
                    for source in sources { source.cancel() }
                    for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
                    continuation.resume()
                }
                source.resume()
            }
        }
    }

    /// True the first time only; used on the signal queue alone.
    private final class Once: @unchecked Sendable {
        private var done = false
        func first() -> Bool {
            defer { done = true }
            return !done
        }
    }
}
