import Crypto
import Foundation

/// SHA-256 of a file's bytes as lowercase hex: how reports identify their inputs.
func sha256Hex(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}
