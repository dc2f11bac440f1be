import Foundation

extension ModelArchitecture {
    /// Reads a Hugging Face `config.json`: dense and grouped-query attention
    /// models, and mixture-of-experts ones that route every layer
    /// (`num_local_experts` or `num_experts`, `num_experts_per_tok`, the
    /// experts' `moe_intermediate_size` where given). What the roofline does
    /// not model is listed in `ignored` (sliding windows, shared experts,
    /// dense-then-MoE layouts, latent attention), so a user sees it.
    ///
    /// - Throws: ``InputError`` naming the file and the key when a required
    ///   key is missing or out of range.
    public static func huggingFaceConfig(path: String, name: String? = nil) throws(InputError) -> (model: ModelArchitecture, ignored: [String]) {
        let data = try InputError.contents(of: path)
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch { throw InputError(source: path, "not valid JSON: \(error.localizedDescription)") }
        guard let json = object as? [String: Any] else { throw InputError(source: path, "expected a JSON object (a model's config.json)") }
        func integer(_ key: String, _ range: ClosedRange<Int>, default value: Int? = nil) throws(InputError) -> Int {
            guard let raw = json[key] else {
                if let value { return value }
                throw InputError(source: path, field: key, "missing; a decoder's config.json gives it")
            }
            guard let number = raw as? NSNumber, let v = Int(exactly: number.doubleValue), range.contains(v) else {
                throw InputError(source: path, field: key, "\(InputError.printable(String(describing: raw))) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return v
        }
        let heads = try integer("num_attention_heads", 1...4096)
        let experts = try integer("num_local_experts", 0...4096, default: try integer("num_experts", 0...4096, default: 0))
        let intermediate = experts > 1 && json["moe_intermediate_size"] != nil
            ? try integer("moe_intermediate_size", 1...10_000_000) : try integer("intermediate_size", 1...10_000_000)
        let dtype = (json["torch_dtype"] as? String) ?? "bfloat16"
        let bytes = switch dtype { case "float32": 4; case "float16", "bfloat16": 2; default: 2 }
        let model = ModelArchitecture(
            name: name ?? (json["_name_or_path"] as? String).map { String($0.split(separator: "/").last ?? "") } ?? URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent,
            layers: try integer("num_hidden_layers", 1...10_000), hiddenSize: try integer("hidden_size", 1...1_000_000),
            attentionHeads: heads, kvHeads: try integer("num_key_value_heads", 1...4096, default: heads),
            intermediateSize: intermediate, vocabularySize: try integer("vocab_size", 1...10_000_000), bytesPerParameter: bytes,
            gatedMLP: (json["hidden_act"] as? String).map { ["silu", "swiglu", "gelu_pytorch_tanh", "geglu"].contains($0) } ?? true,
            tiedEmbeddings: (json["tie_word_embeddings"] as? Bool) ?? false,
            headDim: json["head_dim"] == nil ? nil : try integer("head_dim", 1...100_000),
            experts: experts > 1 ? experts : 0, expertsPerToken: experts > 1 ? try integer("num_experts_per_tok", 1...experts) : 0)
        guard model.name.isEmpty == false else { throw InputError(source: path, "give the model a name (--model)") }
        var ignored: [String] = []
        for key in ["sliding_window", "n_shared_experts", "shared_expert_intermediate_size", "first_k_dense_replace", "kv_lora_rank", "q_lora_rank",
                    "decoder_sparse_step", "mlp_only_layers"] where json[key] != nil && !(json[key] is NSNull) {
            ignored.append(key)
        }
        return (model, ignored)
    }
}
