import Testing

/// Every end-to-end suite, one test at a time. A test waiting for a `folio` process holds a
/// thread of the shared concurrency pool (two threads on two cores); two such tests at once
/// would leave none for the in-process servers that other suites' tests talk to.
@Suite(.serialized) enum EndToEnd {}
