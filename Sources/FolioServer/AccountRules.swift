import FolioModel
import Foundation

/// What user names, device names and passwords must look like.
public enum AccountRules {
    /// The longest device name a login may give.
    public static let maximumDeviceNameLength = 200

    /// The shortest password `folio-server user add|passwd` accepts.
    public static let minimumPasswordLength = 8
    /// Longer passwords are refused: bcrypt reads only the first 72 bytes.
    public static let maximumPasswordBytes = 72

    /// Throws unless `name` is 1 to 64 ASCII letters, digits, '.', '_' or '-'.
    public static func checkUserName(_ name: String) throws(AccountError) {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed else { throw .invalidUserName(name) }
    }

    /// Throws unless `password` is long enough (and short enough for bcrypt to read it all).
    public static func checkPassword(_ password: String) throws(AccountError) {
        guard password.count >= minimumPasswordLength else { throw .weakPassword(minimumLength: minimumPasswordLength) }
        guard password.utf8.count <= maximumPasswordBytes else { throw .passwordTooLong(maximumBytes: maximumPasswordBytes) }
    }

    /// The device name a login gives, trimmed; "unnamed device" when empty. Throws when it is too
    /// long or holds control characters (it is shown in tables and logs).
    public static func deviceName(_ name: String) throws(AccountError) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= maximumDeviceNameLength, trimmed.utf8.count <= 4 * maximumDeviceNameLength,
              trimmed.unicodeScalars.allSatisfy(String.isPrintable)
        else { throw .invalidDeviceName }
        return trimmed.isEmpty ? "unnamed device" : trimmed
    }
}
