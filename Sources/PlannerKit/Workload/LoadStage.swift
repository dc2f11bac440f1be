/// One stage of a staged load: Poisson arrivals at `rate` requests per
/// second for `seconds`, as serving benchmarks step their load.
public struct LoadStage: Sendable, Equatable {
    public var rate: Double
    public var seconds: Double

    public init(rate: Double, seconds: Double) {
        self.rate = rate
        self.seconds = seconds
    }
}
