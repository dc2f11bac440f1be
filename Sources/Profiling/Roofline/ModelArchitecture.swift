import Foundation

/// The shape of a decoder-only transformer, enough to count its FLOPs and bytes.
///
/// Dense and mixture-of-experts (MoE) models: an MoE layer holds `experts`
/// MLPs of `intermediateSize` and routes each token to `expertsPerToken` of
/// them, so it stores all of them but computes with `expertsPerToken` and, in
/// one iteration, reads only the experts its tokens reach
/// (``distinctExperts(tokens:)``).
public struct ModelArchitecture: Sendable, Equatable {
    public var name: String
    public var layers: Int
    public var hiddenSize: Int
    public var attentionHeads: Int
    public var kvHeads: Int
    public var intermediateSize: Int
    public var vocabularySize: Int
    /// Bytes per element of the checkpoint's native format and of the
    /// activations (2 for bf16/fp16).
    public var bytesPerParameter: Int
    /// The formats the deployment serves the weights and the KV cache in (default bf16 both).
    public var precision = Precision.bf16
    /// Gated MLPs (SwiGLU: up, gate, down) have three matrices; classic MLPs two.
    public var gatedMLP: Bool
    public var tiedEmbeddings: Bool
    /// Dimensions per attention head where the config sets it apart from
    /// `hiddenSize / attentionHeads` (Qwen3); `nil`: that quotient.
    public var explicitHeadDim: Int?
    /// MLP experts per layer (0 for a dense model).
    public var experts: Int
    /// Experts each token is routed to (top-k; 0 for a dense model).
    public var expertsPerToken: Int
    /// Intermediate size of the MLP every token of an MoE layer also passes
    /// through (the shared experts together; DeepSeek, Qwen2-MoE); 0: none.
    public var sharedExpertIntermediateSize = 0
    /// Leading layers of an MoE model whose MLP is dense (DeepSeek's `first_k_dense_replace`).
    public var denseLayers = 0
    /// Their MLP's intermediate size; `nil`: ``intermediateSize``.
    public var denseIntermediateSize: Int?
    /// Multi-head latent attention (DeepSeek): K and V cached as one
    /// compressed latent per token and layer; `nil`: standard (grouped-query) attention.
    public var latentAttention: LatentAttention?
    /// Layers whose attention sees only a short window of recent tokens
    /// (gpt-oss alternates them); their KV is bounded per request, not per token.
    public var slidingWindowLayers = 0
    public var slidingWindow: Int?

    /// The shapes of multi-head latent attention.
    public struct LatentAttention: Sendable, Equatable {
        /// Rank of the query compression; `nil`: queries projected directly.
        public var queryRank: Int?
        /// Rank of the cached K/V latent.
        public var kvRank: Int
        /// Per-head query/key dimensions without and with rotary position, and the value dimension.
        public var noPositionHeadDim: Int
        public var rotaryHeadDim: Int
        public var valueHeadDim: Int

        public init(queryRank: Int?, kvRank: Int, noPositionHeadDim: Int, rotaryHeadDim: Int, valueHeadDim: Int) {
            self.queryRank = queryRank
            self.kvRank = kvRank
            self.noPositionHeadDim = noPositionHeadDim
            self.rotaryHeadDim = rotaryHeadDim
            self.valueHeadDim = valueHeadDim
        }
    }

    public init(name: String, layers: Int, hiddenSize: Int, attentionHeads: Int, kvHeads: Int, intermediateSize: Int, vocabularySize: Int,
                bytesPerParameter: Int, gatedMLP: Bool, tiedEmbeddings: Bool, headDim: Int? = nil, experts: Int = 0, expertsPerToken: Int = 0) {
        self.name = name
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.attentionHeads = attentionHeads
        self.kvHeads = kvHeads
        self.intermediateSize = intermediateSize
        self.vocabularySize = vocabularySize
        self.bytesPerParameter = bytesPerParameter
        self.gatedMLP = gatedMLP
        self.tiedEmbeddings = tiedEmbeddings
        self.explicitHeadDim = headDim
        self.experts = experts
        self.expertsPerToken = expertsPerToken
    }

    public var headDim: Int { explicitHeadDim ?? hiddenSize / attentionHeads }
    public var isMixtureOfExperts: Bool { experts > 1 }

    /// Parameters of one layer's attention projections (Q, K, V and O; with
    /// latent attention, the down- and up-projections of Q and of the K/V latent).
    public var attentionParametersPerLayer: Double {
        let h = Double(hiddenSize), heads = Double(attentionHeads)
        if let a = latentAttention {
            let qk = Double(a.noPositionHeadDim + a.rotaryHeadDim)
            let q = a.queryRank.map { h * Double($0) + Double($0) * heads * qk } ?? h * heads * qk
            let kvDown = h * Double(a.kvRank + a.rotaryHeadDim)
            let kvUp = Double(a.kvRank) * heads * Double(a.noPositionHeadDim + a.valueHeadDim)
            return q + kvDown + kvUp + heads * Double(a.valueHeadDim) * h
        }
        let q = h * heads * Double(headDim)
        let kv = 2 * h * Double(kvHeads * headDim)
        let o = heads * Double(headDim) * h
        return q + kv + o
    }

    /// Parameters of one MLP of `intermediate` (default: one expert of an MoE layer, or a dense layer's).
    public func mlpParameters(intermediate: Int? = nil) -> Double {
        Double(gatedMLP ? 3 : 2) * Double(hiddenSize * (intermediate ?? intermediateSize))
    }
    public var mlpParametersPerExpert: Double { mlpParameters() }

    /// Layers whose MLP is routed (all of a dense model's count as dense).
    public var moeLayers: Int { isMixtureOfExperts ? layers - denseLayers : 0 }
    /// Parameters of the dense MLPs of all layers that have one.
    var denseMLPParameters: Double {
        isMixtureOfExperts ? Double(denseLayers) * mlpParameters(intermediate: denseIntermediateSize) : Double(layers) * mlpParameters()
    }
    /// Parameters of one MoE layer's shared experts (0 without).
    var sharedExpertParameters: Double { sharedExpertIntermediateSize > 0 ? mlpParameters(intermediate: sharedExpertIntermediateSize) : 0 }

    /// MLP parameters of the MoE layers when `experts` of each are counted, with the shared experts.
    func moeMLPParameters(experts counted: Double) -> Double {
        Double(moeLayers) * (mlpParametersPerExpert * counted + sharedExpertParameters)
    }

    /// Parameters in the transformer blocks (excluding embeddings), every expert counted.
    public var blockParameters: Double {
        Double(layers) * attentionParametersPerLayer + denseMLPParameters + moeMLPParameters(experts: Double(experts))
    }

    /// Block parameters one token computes with: attention, the dense MLPs,
    /// its `expertsPerToken` routed experts and the shared ones.
    public var activeBlockParameters: Double {
        Double(layers) * attentionParametersPerLayer + denseMLPParameters + moeMLPParameters(experts: Double(expertsPerToken))
    }

    /// Of ``activeBlockParameters``, those in routed expert MLPs (0 for a dense model):
    /// the grouped GEMMs of an MoE layer, each expert's over its share of the batch.
    public var activeExpertParameters: Double {
        Double(moeLayers) * mlpParametersPerExpert * Double(expertsPerToken)
    }

    /// Expected experts of one MoE layer that at least one of `tokens` tokens
    /// reaches, with uniform routing: `E · (1 − (1 − k/E)^tokens)`. 1 for a
    /// dense model; k at one token, E at a large batch. O(1).
    public func distinctExperts(tokens: Double) -> Double {
        guard isMixtureOfExperts else { return 1 }
        let e = Double(experts), k = Double(expertsPerToken)
        return e * (1 - Foundation.pow(1 - k / e, max(tokens, 1)))
    }

    public var embeddingParameters: Double { Double(vocabularySize * hiddenSize) * (tiedEmbeddings ? 1 : 2) }
    public var totalParameters: Double { blockParameters + embeddingParameters }
    public var weightBytes: Double { totalParameters * precision.weights.bytes }
    /// Bytes a one-token iteration reads: the blocks (for an MoE model, only
    /// its routed experts) and one vocabulary × hidden matrix (the LM head);
    /// the input embedding is a lookup of a few rows.
    public var weightReadBytes: Double { weightReadBytes(tokens: 1) }
    /// Bytes an iteration of `tokens` tokens reads: attention, the experts its
    /// tokens reach, and the LM head. O(1).
    public func weightReadBytes(tokens: Double) -> Double {
        let blocks = Double(layers) * attentionParametersPerLayer + denseMLPParameters + moeMLPParameters(experts: distinctExperts(tokens: tokens))
        return (blocks + Double(vocabularySize * hiddenSize)) * precision.weights.bytes
    }
    /// Layers whose KV grows with every token (all but the sliding-window ones).
    public var fullAttentionLayers: Int { layers - slidingWindowLayers }
    /// K and V of every full-attention layer, in the KV cache's format:
    /// `2 · layers · kvHeads · headDim · bytes`; with latent attention one
    /// latent of `kvRank + rotaryHeadDim` a layer. Sliding-window layers hold
    /// at most their window a request and are left out.
    public var kvBytesPerToken: Double {
        let perLayer = latentAttention.map { Double($0.kvRank + $0.rotaryHeadDim) } ?? Double(2 * kvHeads * headDim)
        return Double(fullAttentionLayers) * perLayer * precision.kvCache.bytes
    }
    /// Whether every tensor-parallel rank holds the whole KV cache: a latent
    /// serves all heads, so it is replicated rather than split by head.
    public var kvReplicatedAcrossTensorParallel: Bool { latentAttention != nil }
    /// FLOPs of one (query, context token) pair of prefill attention, every layer: QKᵀ and PV.
    public var attentionFlopsPerPair: Double {
        if let a = latentAttention {
            return 2 * Double(layers * attentionHeads) * Double(a.noPositionHeadDim + a.rotaryHeadDim + a.valueHeadDim)
        }
        return 4 * Double(layers * attentionHeads * headDim)
    }
}

extension ModelArchitecture {
    /// Architectures from the models' published configuration files (config.json).
    public static let catalogue: [ModelArchitecture] = [
        .init(name: "Llama-3.1-8B", layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 8,
              intermediateSize: 14336, vocabularySize: 128_256, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false),
        .init(name: "Llama-3.1-70B", layers: 80, hiddenSize: 8192, attentionHeads: 64, kvHeads: 8,
              intermediateSize: 28672, vocabularySize: 128_256, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false),
        // Llama 3 and 3.1 share their shapes (3.1 changed the RoPE scaling and context length).
        .init(name: "Llama-3-8B", layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 8,
              intermediateSize: 14336, vocabularySize: 128_256, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false),
        .init(name: "Llama-3-70B", layers: 80, hiddenSize: 8192, attentionHeads: 64, kvHeads: 8,
              intermediateSize: 28672, vocabularySize: 128_256, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false),
        .init(name: "Llama-2-7B", layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 32,
              intermediateSize: 11008, vocabularySize: 32000, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false),
        .init(name: "Llama-2-70B", layers: 80, hiddenSize: 8192, attentionHeads: 64, kvHeads: 8,
              intermediateSize: 28672, vocabularySize: 32000, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false),
        .init(name: "BLOOM-176B", layers: 70, hiddenSize: 14336, attentionHeads: 112, kvHeads: 112,
              intermediateSize: 57344, vocabularySize: 250_880, bytesPerParameter: 2, gatedMLP: false, tiedEmbeddings: true),
        .init(name: "OPT-13B", layers: 40, hiddenSize: 5120, attentionHeads: 40, kvHeads: 40,
              intermediateSize: 20480, vocabularySize: 50272, bytesPerParameter: 2, gatedMLP: false, tiedEmbeddings: true),
        .init(name: "OPT-66B", layers: 64, hiddenSize: 9216, attentionHeads: 72, kvHeads: 72,
              intermediateSize: 36864, vocabularySize: 50272, bytesPerParameter: 2, gatedMLP: false, tiedEmbeddings: true),
        .init(name: "OPT-175B", layers: 96, hiddenSize: 12288, attentionHeads: 96, kvHeads: 96,
              intermediateSize: 49152, vocabularySize: 50272, bytesPerParameter: 2, gatedMLP: false, tiedEmbeddings: true),
        // Models of the measured corpora (the shared data's measured/), from their config.json.
        .init(name: "Mistral-7B", layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 8,
              intermediateSize: 14336, vocabularySize: 32000, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false),
        .init(name: "Qwen2-7B", layers: 28, hiddenSize: 3584, attentionHeads: 28, kvHeads: 4,
              intermediateSize: 18944, vocabularySize: 152_064, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false),
        .init(name: "Qwen2-72B", layers: 80, hiddenSize: 8192, attentionHeads: 64, kvHeads: 8,
              intermediateSize: 29568, vocabularySize: 152_064, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false),
        .init(name: "Qwen3-14B", layers: 40, hiddenSize: 5120, attentionHeads: 40, kvHeads: 8,
              intermediateSize: 17408, vocabularySize: 151_936, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false, headDim: 128),
        .init(name: "CodeLlama-34B", layers: 48, hiddenSize: 8192, attentionHeads: 64, kvHeads: 8,
              intermediateSize: 22016, vocabularySize: 32000, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false),
        .init(name: "Mixtral-8x7B", layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 8,
              intermediateSize: 14336, vocabularySize: 32000, bytesPerParameter: 2, gatedMLP: true, tiedEmbeddings: false,
              experts: 8, expertsPerToken: 2),
    ]

    /// Looks a model up by name, ignoring case and punctuation (`llama2-70b` finds `Llama-2-70B`).
    public static func named(_ name: String) -> ModelArchitecture? {
        let key = Catalogue.normalized(name)
        return catalogue.first { Catalogue.normalized($0.name) == key }
    }
}

enum Catalogue {
    /// A name as a key: lower case, letters and digits only, without a
    /// Hugging Face organisation (`meta-llama/`, `mistralai/`) and without the
    /// suffixes that name a checkpoint rather than a shape (`-hf`,
    /// `-Instruct`, `-v0.1`).
    static func normalized(_ name: String) -> String {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        var key = String(base.lowercased().filter { $0.isLetter || $0.isNumber }).replacingOccurrences(of: "facebook", with: "")
            .replacingOccurrences(of: "metallama", with: "llama").replacingOccurrences(of: "meta", with: "")
        for suffix in ["hf", "instruct", "v01", "hf"] where key.hasSuffix(suffix) { key.removeLast(suffix.count) }
        return key
    }
}
