/// Peak figures of one GPU and what it costs to rent.
public struct GPUSpec: Sendable, Equatable {
    public var name: String
    /// Dense bf16 tensor throughput (no sparsity), FLOP/s.
    public var peakFLOPS: Double
    /// Dense FP8 tensor throughput, FLOP/s; `nil` where the tensor cores have no FP8 (A100).
    public var fp8PeakFLOPS: Double?
    /// Dense FP4 tensor throughput, FLOP/s; `nil` before Blackwell.
    public var fp4PeakFLOPS: Double?
    /// HBM bandwidth, bytes/s.
    public var memoryBandwidth: Double
    /// HBM capacity, bytes.
    public var memoryBytes: Double
    /// GPU-to-GPU bandwidth per direction, bytes/s (NVLink, Infinity Fabric or PCIe).
    public var interconnectBandwidth: Double
    /// Default on-demand price per GPU-hour, US dollars.
    public var pricePerHour: Double
    public var priceSource: String
    /// Other spellings found in measured data (`h100-80gb` for `H100-SXM`).
    public var aliases: [String] = []
    /// What its kernels reach: measured per operator where a profile exists.
    public var kernels: KernelFigures = .unmeasured
}

extension GPUSpec {
    /// Peak figures from the vendors' datasheets, dense (the datasheets' FP8
    /// and FP4 headlines are twice these, with 2:4 sparsity). Prices are approximate 2025
    /// on-demand list prices of public GPU clouds for one GPU; they change
    /// often, so a workload's `prices` section overrides them.
    public static let catalogue: [GPUSpec] = [
        .init(name: "A100-80GB", peakFLOPS: 312e12, fp8PeakFLOPS: nil, fp4PeakFLOPS: nil, memoryBandwidth: 2.039e12, memoryBytes: 80e9,
              interconnectBandwidth: 300e9, pricePerHour: 1.79,
              priceSource: "approx. 2025 on-demand list price, A100 SXM 80GB", aliases: ["a100-80gb", "a100", "a100-80g"], kernels: .a100),
        .init(name: "H100-SXM", peakFLOPS: 989e12, fp8PeakFLOPS: 1979e12, fp4PeakFLOPS: nil, memoryBandwidth: 3.35e12, memoryBytes: 80e9,
              interconnectBandwidth: 450e9, pricePerHour: 2.99,
              priceSource: "approx. 2025 on-demand list price, H100 SXM 80GB", aliases: ["h100-80gb", "h100", "h100-80gb-pcap"], kernels: .h100),
        .init(name: "H200", peakFLOPS: 989e12, fp8PeakFLOPS: 1979e12, fp4PeakFLOPS: nil, memoryBandwidth: 4.8e12, memoryBytes: 141e9,
              interconnectBandwidth: 450e9, pricePerHour: 3.79,
              priceSource: "approx. 2025 on-demand list price, H200 SXM 141GB", aliases: ["h200-141gb"], kernels: .h200),
        .init(name: "L40S", peakFLOPS: 362e12, fp8PeakFLOPS: 733e12, fp4PeakFLOPS: nil, memoryBandwidth: 0.864e12, memoryBytes: 48e9,
              interconnectBandwidth: 32e9, pricePerHour: 0.99,
              priceSource: "approx. 2025 on-demand list price, L40S 48GB (PCIe Gen4 x16 between GPUs)", aliases: ["l40s-48gb"]),
        .init(name: "B200", peakFLOPS: 2250e12, fp8PeakFLOPS: 4500e12, fp4PeakFLOPS: 9000e12, memoryBandwidth: 8e12, memoryBytes: 180e9,
              interconnectBandwidth: 900e9, pricePerHour: 4.99,
              priceSource: "approx. 2025 on-demand list price, HGX B200 180GB", aliases: ["b200-180gb"]),
        .init(name: "MI300X", peakFLOPS: 1307e12, fp8PeakFLOPS: 2615e12, fp4PeakFLOPS: nil, memoryBandwidth: 5.3e12, memoryBytes: 192e9,
              interconnectBandwidth: 448e9, pricePerHour: 2.49,
              priceSource: "approx. 2025 on-demand list price, MI300X 192GB", aliases: ["mi300x-192gb"]),
        .init(name: "A100-40GB", peakFLOPS: 312e12, fp8PeakFLOPS: nil, fp4PeakFLOPS: nil, memoryBandwidth: 1.555e12, memoryBytes: 40e9,
              interconnectBandwidth: 300e9, pricePerHour: 1.29,
              priceSource: "approx. 2025 on-demand list price, A100 SXM 40GB", aliases: ["a100-40gb", "a100-40g"], kernels: .a100),
        // The 96 GB HBM3 part (4.0 TB/s); the 144 GB HBM3e part is faster.
        .init(name: "GH200", peakFLOPS: 989e12, fp8PeakFLOPS: 1979e12, fp4PeakFLOPS: nil, memoryBandwidth: 4.0e12, memoryBytes: 96e9,
              interconnectBandwidth: 450e9, pricePerHour: 3.19,
              priceSource: "approx. 2025 on-demand list price, GH200 96GB", aliases: ["gh200-96gb"], kernels: .h200),
        // Per GPU of a GB200 NVL72 rack (72 GPUs: 180 PF bf16, 13.4 TB HBM3e, 576 TB/s; NVLink 5 at 1.8 TB/s both ways).
        .init(name: "GB200", peakFLOPS: 2500e12, fp8PeakFLOPS: 5000e12, fp4PeakFLOPS: 10_000e12, memoryBandwidth: 8e12, memoryBytes: 186e9,
              interconnectBandwidth: 900e9, pricePerHour: 6.5,
              priceSource: "estimate, not a list price (no public on-demand price per GB200 GPU seen); set prices: in the workload", aliases: ["gb200-nvl72"]),
        .init(name: "MI325X", peakFLOPS: 1307e12, fp8PeakFLOPS: 2615e12, fp4PeakFLOPS: nil, memoryBandwidth: 6e12, memoryBytes: 256e9,
              interconnectBandwidth: 448e9, pricePerHour: 2.99,
              priceSource: "estimate, not a list price (MI325X 256GB); set prices: in the workload", aliases: ["mi325x-256gb"]),
        .init(name: "MI355X", peakFLOPS: 2517e12, fp8PeakFLOPS: 5033e12, fp4PeakFLOPS: 10_066e12, memoryBandwidth: 8e12, memoryBytes: 288e9,
              interconnectBandwidth: 538e9, pricePerHour: 4.49,
              priceSource: "estimate, not a list price (MI355X 288GB); set prices: in the workload", aliases: ["mi355x-288gb"]),
    ]

    /// Looks a GPU up by name or alias, ignoring case and punctuation.
    public static func named(_ name: String) -> GPUSpec? {
        let key = Catalogue.normalized(name)
        return catalogue.first { gpu in
            Catalogue.normalized(gpu.name) == key || gpu.aliases.contains { Catalogue.normalized($0) == key }
        }
    }
}
