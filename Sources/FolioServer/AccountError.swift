import FolioModel
import FolioProtocol
import Hummingbird

/// Errors of account administration (`folio-server user|token ...`) and of account rules.
public enum AccountError: HTTPResponseError, CustomStringConvertible, Equatable {
    case userExists(String)
    case noSuchUser(String)
    case noSuchToken(Int64)
    case invalidUserName(String)
    case invalidDeviceName
    case weakPassword(minimumLength: Int)
    case passwordTooLong(maximumBytes: Int)

    public var description: String {
        switch self {
        case .userExists(let name): "a user named \"\(name)\" already exists; pick another name or use `folio-server user passwd \(name)`"
        case .noSuchUser(let name): "there is no user named \"\(name)\"; `folio-server user list` shows them"
        case .noSuchToken(let id): "there is no device token with id \(id); `folio-server token list` shows them"
        case .invalidUserName(let name): "\"\(name.escapingControls)\" is not a valid user name: use 1 to 64 letters, digits, '.', '_' or '-'"
        case .invalidDeviceName: "the device name must be at most \(AccountRules.maximumDeviceNameLength) characters with no control characters"
        case .weakPassword(let minimum): "the password is too short: use at least \(minimum) characters"
        case .passwordTooLong(let maximum): "the password is too long: bcrypt reads at most \(maximum) bytes"
        }
    }

    var code: ErrorCode {
        switch self {
        case .userExists: .badRequest
        case .noSuchUser, .noSuchToken: .notFound
        case .invalidUserName, .invalidDeviceName, .weakPassword, .passwordTooLong: .badRequest
        }
    }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: code.httpStatus) }

    /// The JSON error response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try ServerError(code, description).response(from: request, context: context)
    }
}
