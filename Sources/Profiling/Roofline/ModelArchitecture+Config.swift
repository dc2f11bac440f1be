import Foundation

extension ModelArchitecture {
    /// Reads a Hugging Face `config.json`: dense and grouped-query attention
    /// models; mixture-of-experts ones (`num_local_experts`, `num_experts` or
    /// `n_routed_experts`; `num_experts_per_tok` or `experts_per_token`; the
    /// experts' `moe_intermediate_size`), with shared experts
    /// (`n_shared_experts`, `shared_expert_intermediate_size`) and leading
    /// dense layers (`first_k_dense_replace`); multi-head latent attention
    /// (`kv_lora_rank`, `q_lora_rank`, `qk_nope_head_dim`, `qk_rope_head_dim`,
    /// `v_head_dim`); sliding-window layers named in `layer_types`; and the
    /// weights' format from `quantization_config`. What the roofline does not
    /// model is listed in `ignored`, so a user sees it.
    ///
    /// - Throws: ``InputError`` naming the file and the key when a required
    ///   key is missing or out of range.
    public static func huggingFaceConfig(path: String, name: String? = nil) throws(InputError) -> (model: ModelArchitecture, ignored: [String]) {
        let data = try InputError.contents(of: path)
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch { throw InputError(source: path, "not valid JSON: \(error.localizedDescription)") }
        guard var json = object as? [String: Any] else { throw InputError(source: path, "expected a JSON object (a model's config.json)") }
        // A multimodal model (Llama 4) keeps its language model's shape under `text_config`; its top level names it and its quantisation.
        if var text = json["text_config"] as? [String: Any] {
            for key in ["_name_or_path", "quantization_config"] where text[key] == nil { text[key] = json[key] }
            json = text
        }
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
        let experts = try integer("num_local_experts", 0...4096, default: try integer("num_experts", 0...4096, default: try integer("n_routed_experts", 0...4096, default: 0)))
        let intermediate = experts > 1 && json["moe_intermediate_size"] != nil
            ? try integer("moe_intermediate_size", 1...10_000_000) : try integer("intermediate_size", 1...10_000_000)
        // Engines serve a float32 checkpoint in 16 bits (vLLM's dtype "auto"), so activations are 2 bytes whatever `torch_dtype` says.
        let bytes = 2
        var model = ModelArchitecture(
            name: name ?? (json["_name_or_path"] as? String).map { String($0.split(separator: "/").last ?? "") } ?? URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent,
            layers: try integer("num_hidden_layers", 1...10_000), hiddenSize: try integer("hidden_size", 1...1_000_000),
            attentionHeads: heads, kvHeads: try integer("num_key_value_heads", 1...4096, default: heads),
            intermediateSize: intermediate, vocabularySize: try integer("vocab_size", 1...10_000_000), bytesPerParameter: bytes,
            gatedMLP: (json["hidden_act"] as? String).map { ["silu", "swiglu", "gelu_pytorch_tanh", "geglu"].contains($0) } ?? true,
            tiedEmbeddings: (json["tie_word_embeddings"] as? Bool) ?? false,
            headDim: json["head_dim"] == nil ? nil : try integer("head_dim", 1...100_000),
            experts: experts > 1 ? experts : 0,
            expertsPerToken: experts > 1 ? try integer(json["num_experts_per_tok"] == nil ? "experts_per_token" : "num_experts_per_tok", 1...experts) : 0)
        guard model.name.isEmpty == false else { throw InputError(source: path, "give the model a name (--model)") }
        var ignored: [String] = []
        if model.isMixtureOfExperts {
            let shared = try integer("n_shared_experts", 0...1024, default: 0)
            model.sharedExpertIntermediateSize = shared > 0 ? shared * intermediate : try integer("shared_expert_intermediate_size", 0...10_000_000, default: 0)
            model.denseLayers = try integer("first_k_dense_replace", 0...model.layers, default: 0)
            if model.denseLayers > 0 { model.denseIntermediateSize = try integer("intermediate_size", 1...10_000_000) }
            // Llama 4: every `interleave_moe_layer_step`-th layer routes, the others are dense MLPs of `intermediate_size_mlp`,
            // and each routed layer has one shared expert of the experts' size.
            if json["interleave_moe_layer_step"] != nil {
                let step = try integer("interleave_moe_layer_step", 1...model.layers)
                model.denseLayers = model.layers - model.layers / step
                if model.denseLayers > 0 { model.denseIntermediateSize = try integer("intermediate_size_mlp", 1...10_000_000) }
                if model.sharedExpertIntermediateSize == 0 { model.sharedExpertIntermediateSize = intermediate }
            }
        }
        if json["kv_lora_rank"] != nil, !(json["kv_lora_rank"] is NSNull) {
            model.latentAttention = .init(
                queryRank: json["q_lora_rank"] is NSNumber ? try integer("q_lora_rank", 1...1_000_000) : nil,
                kvRank: try integer("kv_lora_rank", 1...1_000_000), noPositionHeadDim: try integer("qk_nope_head_dim", 0...100_000),
                rotaryHeadDim: try integer("qk_rope_head_dim", 0...100_000), valueHeadDim: try integer("v_head_dim", 1...100_000))
        }
        if let types = json["layer_types"] as? [String], let window = json["sliding_window"] as? NSNumber, window.intValue > 0 {
            // A short window holds a bounded KV a request; a long one is kept as full attention (more KV, the safe side).
            if window.intValue < 4096 {
                model.slidingWindow = window.intValue
                model.slidingWindowLayers = types.filter { $0 == "sliding_attention" }.count
                guard model.slidingWindowLayers < model.layers else { throw InputError(source: path, field: "layer_types", "every layer is sliding-window; expected some full-attention layers") }
            }
        }
        if let quantisation = json["quantization_config"] as? [String: Any] {
            if let format = weightFormat(quantisation) { model.precision.weights = format } else {
                ignored.append("quantization_config (\(InputError.printable(String(describing: quantisation["quant_method"] ?? "?"))); weights taken as bf16, give --weights)")
            }
        }
        if model.slidingWindow == nil, let window = json["sliding_window"] as? NSNumber, window.intValue > 0, (json["use_sliding_window"] as? Bool) != false {
            ignored.append("sliding_window \(window.intValue) (kept as full attention)")
        }
        if let step = json["decoder_sparse_step"] as? NSNumber, step.intValue > 1 { ignored.append("decoder_sparse_step \(step.intValue) (every layer taken as MoE)") }
        if let dense = json["mlp_only_layers"] as? [Any], !dense.isEmpty { ignored.append("mlp_only_layers (taken as MoE)") }
        if let chunk = json["attention_chunk_size"] as? NSNumber { ignored.append("attention_chunk_size \(chunk.intValue) (kept as full attention)") }
        for key in ["moe_layer_freq", "num_nextn_predict_layers", "attention_sink", "topk_group", "n_group"]
            where json[key] != nil && !(json[key] is NSNull) {
            ignored.append(key)
        }
        return (model, ignored)
    }

    /// The bundled config of a model not compiled into the catalogue:
    /// `<folder>/<name>/config.json` (the project's `workloads/models`), matched
    /// ignoring case and punctuation; `nil` where there is none.
    public static func bundledConfig(named name: String, in folder: String) -> String? {
        let key = Catalogue.normalized(name)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().first { Catalogue.normalized($0) == key }.map { "\(folder)/\($0)/config.json" }
            .flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    /// The weights' format a `quantization_config` declares, where it is one the roofline models.
    static func weightFormat(_ q: [String: Any]) -> NumberFormat? {
        let method = ((q["quant_method"] as? String) ?? "").lowercased()
        let bits = (q["bits"] as? NSNumber)?.intValue ?? (q["w_bit"] as? NSNumber)?.intValue
        let algorithm = ((q["quant_algo"] as? String) ?? "").lowercased()
        switch method {
        case "fp8", "fbgemm_fp8": return .fp8
        case "mxfp4", "nvfp4": return .fp4
        case "modelopt": return algorithm.contains("fp4") ? .fp4 : algorithm.contains("fp8") ? .fp8 : nil
        case "awq", "gptq", "awq_marlin", "gptq_marlin": return bits == 4 ? .int4 : nil
        default: return nil
        }
    }
}
