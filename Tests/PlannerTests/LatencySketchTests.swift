import Testing
@testable import PlannerKit

/// The per-tier latency sketch against hand-computed percentiles.
@Suite struct LatencySketchTests {
    /// 1, 2, …, 1000 ms: the p-th percentile is p·10 ms, within the sketch's
    /// 0.1 % (three significant digits); count, mean and minimum are exact.
    @Test func percentilesOfOneToAThousandMilliseconds() throws {
        var sketch = LatencySketch()
        for ms in 1...1000 { sketch.record(Double(ms)) }
        let p = try #require(sketch.percentiles)
        #expect(abs(p.p50 - 500) <= 0.5)
        #expect(abs(p.p90 - 900) <= 0.9)
        #expect(abs(p.p99 - 990) <= 0.99)
        #expect(sketch.count == 1000)
        #expect(sketch.mean == 500.5)
        #expect(sketch.minimum == 1)
    }

    @Test func emptyHasNoPercentiles() {
        let sketch = LatencySketch()
        #expect(sketch.percentiles == nil)
        #expect(sketch.mean == nil)
    }
}
