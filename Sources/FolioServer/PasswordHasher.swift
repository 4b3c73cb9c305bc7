import Dispatch
import HummingbirdBcrypt

/// bcrypt, run on a dispatch queue so its deliberate slowness never blocks the server's
/// event loops or Swift's cooperative thread pool.
public enum PasswordHasher {
    /// The cost of new password hashes (2^12 rounds: about a quarter second).
    public static let defaultCost: UInt8 = 12
    /// The range bcrypt accepts.
    public static let costs: ClosedRange<UInt8> = 4...31

    private static let queue = DispatchQueue(label: "folio-server.bcrypt", attributes: .concurrent)

    /// The bcrypt hash of `password`; `cost` must be in ``costs``.
    public static func hash(_ password: String, cost: UInt8 = defaultCost) async -> String {
        let cost = min(max(cost, costs.lowerBound), costs.upperBound)
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Bcrypt.hash(password, cost: cost)) }
        }
    }

    /// True when `password` matches the bcrypt `hash`.
    public static func verify(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }
}
