/// The shape of a decoder-only transformer, enough to count its FLOPs and bytes.
public struct ModelArchitecture: Sendable, Equatable {
    public var name: String
    public var layers: Int
    public var hiddenSize: Int
    public var attentionHeads: Int
    public var kvHeads: Int
    public var intermediateSize: Int
    public var vocabularySize: Int
    /// Bytes per weight and per KV element (2 for bf16/fp16).
    public var bytesPerParameter: Int
    /// Gated MLPs (SwiGLU: up, gate, down) have three matrices; classic MLPs two.
    public var gatedMLP: Bool
    public var tiedEmbeddings: Bool

    public var headDim: Int { hiddenSize / attentionHeads }

    /// Parameters in the transformer blocks (excluding embeddings).
    public var blockParameters: Double {
        let q = Double(hiddenSize * attentionHeads * headDim)
        let kv = 2 * Double(hiddenSize * kvHeads * headDim)
        let o = Double(attentionHeads * headDim * hiddenSize)
        let mlp = Double(gatedMLP ? 3 : 2) * Double(hiddenSize * intermediateSize)
        return Double(layers) * (q + kv + o + mlp)
    }

    public var embeddingParameters: Double { Double(vocabularySize * hiddenSize) * (tiedEmbeddings ? 1 : 2) }
    public var totalParameters: Double { blockParameters + embeddingParameters }
    public var weightBytes: Double { totalParameters * Double(bytesPerParameter) }
    /// Bytes one iteration reads: the blocks and one vocabulary × hidden
    /// matrix (the LM head); the input embedding is a lookup of a few rows.
    public var weightReadBytes: Double { (blockParameters + Double(vocabularySize * hiddenSize)) * Double(bytesPerParameter) }
    /// K and V for every layer: `2 · layers · kvHeads · headDim · bytes`.
    public var kvBytesPerToken: Double { Double(2 * layers * kvHeads * headDim * bytesPerParameter) }
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
    ]

    /// Looks a model up by name, ignoring case and punctuation (`llama2-70b` finds `Llama-2-70B`).
    public static func named(_ name: String) -> ModelArchitecture? {
        let key = Catalogue.normalized(name)
        return catalogue.first { Catalogue.normalized($0.name) == key }
    }
}

enum Catalogue {
    static func normalized(_ name: String) -> String {
        var key = String(name.lowercased().filter { $0.isLetter || $0.isNumber }).replacingOccurrences(of: "facebook", with: "")
            .replacingOccurrences(of: "metallama", with: "llama").replacingOccurrences(of: "meta", with: "")
        // Hugging Face repository names end in `-hf` (`Llama-2-7b-hf`).
        if key.hasSuffix("hf") { key.removeLast(2) }
        return key
    }
}
