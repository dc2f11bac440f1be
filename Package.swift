// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "planner",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "planner", targets: ["Planner"]),
        .library(name: "PlannerKit", targets: ["PlannerKit"]),
        .library(name: "Profiling", targets: ["Profiling"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // GLPK ships no pkg-config file on Debian, so the module map links it by name.
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"]), .brew(["glpk"])]
        ),
        .target(name: "Profiling", dependencies: [.product(name: "CSV", package: "CSV.swift"), .product(name: "Crypto", package: "swift-crypto")]),
        // The domain: solver, workloads, traces, bound, simulator, plan and reports. No command-line code.
        .target(
            name: "PlannerKit",
            dependencies: [
                "CGLPK",
                "Profiling",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // The `planner` tool: argument parsing, terminal output and the progress bar.
        .executableTarget(
            name: "Planner",
            dependencies: [
                "PlannerKit",
                "Profiling",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share: the checkout's paths, the shared data, hand-computable
        // profiles and workloads. Public API only, so it builds in any configuration.
        .target(name: "PlannerTestSupport", dependencies: ["PlannerKit", "Profiling"], path: "Tests/PlannerTestSupport"),
        .testTarget(name: "ProfilingTests", dependencies: ["Profiling", "PlannerTestSupport"]),
        .testTarget(name: "PlannerTests", dependencies: ["PlannerKit", "Profiling", "PlannerTestSupport",
                                                       .product(name: "PropertyBased", package: "swift-property-based"),
                                                       .product(name: "Yams", package: "Yams"), .product(name: "CSV", package: "CSV.swift")]),
    ]
)
