/// Why a page could not be fetched, worded so that the user knows what to do next.
public enum FetchError: Error, CustomStringConvertible, Hashable, Sendable {
    /// The address is not an absolute http(s) URL.
    case invalidURL(String)
    /// The host could not be reached (DNS failure, connection refused, network down).
    case unreachable(host: String, detail: String)
    /// The server did not answer in time.
    case timeout(seconds: Int)
    /// The server answered with an error status.
    case httpStatus(code: Int, reason: String)
    /// The body exceeded the configured size limit.
    case tooLarge(limitBytes: Int)
    /// The page redirected more times than allowed.
    case tooManyRedirects(limit: Int)
    /// The page redirects in a circle.
    case redirectLoop
    /// Any other transport failure.
    case failed(detail: String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .invalidURL(let value):
            "'\(value)' is not a web address (expected http:// or https://)."
        case .unreachable(let host, let detail):
            "Cannot reach \(host) (\(detail)). Check the address and your network connection, then retry."
        case .timeout(let seconds):
            "The site did not answer within \(seconds) seconds. It may be slow or down; retry later."
        case .httpStatus(let code, let reason):
            switch code {
            case 401, 403: "The site refused access (HTTP \(code) \(reason)); the page may need a login."
            case 404, 410: "The page does not exist (HTTP \(code) \(reason)); check the address."
            case 429: "The site is rate-limiting requests (HTTP 429); retry later."
            case 500...599: "The site had a server error (HTTP \(code) \(reason)); retry later."
            default: "The site answered HTTP \(code) \(reason)."
            }
        case .tooLarge(let limit):
            "The page is larger than \(limit / 1_048_576) MiB; it was not downloaded."
        case .tooManyRedirects(let limit):
            "The page redirected more than \(limit) times; the address may be wrong."
        case .redirectLoop:
            "The page redirects in a loop; the site is misconfigured or needs cookies."
        case .failed(let detail):
            "The download failed (\(detail)); retry later."
        }
    }

    /// True when fetching again will not help: the address is not a web address, the page does
    /// not exist (404, 410), or it is over the size limit. Other failures (offline, a slow or
    /// failing site) may pass.
    public var isPermanent: Bool {
        switch self {
        case .invalidURL, .tooLarge: true
        case .httpStatus(let code, _): code == 404 || code == 410
        default: false
        }
    }
}
