/// A number format a model's weights, activations or KV cache are stored or computed in.
public enum NumberFormat: String, Sendable, Codable, CaseIterable {
    case bf16, fp16, fp8, fp4
    /// 4-bit integer weights with bf16 activations (AWQ, GPTQ): a weight-only format.
    case int4

    /// Bytes per element (FP4 and INT4 pack two elements a byte; their scales are left out).
    public var bytes: Double {
        switch self {
        case .bf16, .fp16: 2
        case .fp8: 1
        case .fp4, .int4: 0.5
        }
    }
}

/// The formats a deployment serves a model in: its weights and its KV cache.
///
/// FP8 and FP4 weights compute in their own format (W8A8, W4A4) on GPUs
/// whose tensor cores have it, at that format's peak; elsewhere, and for
/// INT4, they are weight-only: read in their format, computed in bf16.
/// Attention and the all-reduced activations stay bf16.
public struct Precision: Sendable, Equatable, Codable, CustomStringConvertible {
    public var weights: NumberFormat
    public var kvCache: NumberFormat

    public init(weights: NumberFormat = .bf16, kvCache: NumberFormat = .bf16) {
        self.weights = weights
        self.kvCache = kvCache
    }

    public static let bf16 = Precision()
    /// Formats a KV cache is kept in by current engines.
    public static let kvFormats: [NumberFormat] = [.bf16, .fp16, .fp8]

    public var isDefault: Bool { self == .bf16 || (weights == .fp16 && kvCache == .fp16) }

    /// `weights fp8, kv fp8`: how a profile records it.
    public var description: String { "weights \(weights.rawValue), kv \(kvCache.rawValue)" }

    /// `fp8` when weights and KV share a format, else `fp4/kv-fp8`: for server-type names.
    public var compact: String { weights == kvCache ? weights.rawValue : "\(weights.rawValue)/kv-\(kvCache.rawValue)" }

    /// Reads ``description``'s form back; `nil` for anything else.
    public init?(recorded text: String) {
        let parts = text.split(separator: ",").map { $0.split(separator: " ").map(String.init) }
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, parts[0][0] == "weights", parts[1][0] == "kv",
              let w = NumberFormat(rawValue: parts[0][1]), let k = NumberFormat(rawValue: parts[1][1]), Self.kvFormats.contains(k) else { return nil }
        self.init(weights: w, kvCache: k)
    }

    /// The format the GEMMs compute in on `gpu`, and its dense peak FLOP/s.
    public func gemmPeak(on gpu: GPUSpec) -> (format: NumberFormat, flops: Double) {
        switch weights {
        case .fp8: if let peak = gpu.fp8PeakFLOPS { return (.fp8, peak) }
        case .fp4: if let peak = gpu.fp4PeakFLOPS { return (.fp4, peak) }
        case .bf16, .fp16, .int4: break
        }
        return (.bf16, gpu.peakFLOPS)
    }
}
