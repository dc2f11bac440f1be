import Foundation

/// How the GPUs of one instance split a model beyond plain tensor parallelism
/// (every layer's matrices sliced over the GPUs).
///
/// - Expert parallelism (vLLM's `--enable-expert-parallel`, SGLang's
///   `--ep-size`): each GPU holds whole routed experts, its share of them,
///   and the tokens travel to their experts and back (an all-to-all dispatch
///   and combine per MoE layer) instead of every GPU computing a slice of
///   every expert and all-reducing.
/// - Data-parallel attention (SGLang's `--enable-dp-attention`, vLLM's data
///   parallelism inside an expert-parallel group): each GPU runs every
///   attention head for its share of the requests, so the KV cache is split
///   by request and never copied (a latent or a KV head no longer lives on
///   several ranks), at the price of every GPU holding all attention weights.
public struct ParallelLayout: Sendable, Equatable, Codable, CustomStringConvertible {
    public var dataParallelAttention = false
    public var expertParallel = false

    public init(dataParallelAttention: Bool = false, expertParallel: Bool = false) {
        self.dataParallelAttention = dataParallelAttention
        self.expertParallel = expertParallel
    }

    /// Tensor parallelism throughout.
    public static let tensor = ParallelLayout()
    public var isTensor: Bool { self == .tensor }

    /// As a profile header records it: `attention data-parallel, experts expert-parallel`.
    public var description: String {
        "attention \(dataParallelAttention ? "data-parallel" : "tensor-parallel"), experts \(expertParallel ? "expert-parallel" : "tensor-parallel")"
    }

    /// Reads ``description``'s form back; `nil` for anything else.
    public init?(recorded text: String) {
        let parts = text.split(separator: ",").map { $0.split(separator: " ").map(String.init) }
        let modes = ["tensor-parallel", "data-parallel", "expert-parallel"]
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, parts[0][0] == "attention", parts[1][0] == "experts",
              modes.prefix(2).contains(parts[0][1]), [modes[0], modes[2]].contains(parts[1][1]) else { return nil }
        self.init(dataParallelAttention: parts[0][1] == "data-parallel", expertParallel: parts[1][1] == "expert-parallel")
    }

    /// For server-type names, with the instance's `gpus`: `TP8`, `TP8 EP`, `DP8 EP` (data-parallel attention).
    public func label(gpus: Int) -> String {
        (dataParallelAttention ? "DP\(gpus)" : "TP\(gpus)") + (expertParallel ? " EP" : "")
    }

    /// Expected largest of `groups` independent counts of mean `mean` and
    /// variance `variance` (the busiest GPU of a balanced split): the mean plus
    /// `σ·√(2 ln groups)`, the Gaussian maximum's leading term; the mean
    /// itself for one group. O(1).
    public static func expectedMaximum(mean: Double, variance: Double, groups: Int) -> Double {
        guard groups > 1 else { return mean }
        return mean + max(variance, 0).squareRoot() * (2 * Foundation.log(Double(groups))).squareRoot()
    }
}
