import Testing
import PlannerKit

/// The one screened search on stub evaluators, so each rule has a
/// hand-computed answer: the points screened in order, the answer, and the
/// last miss below it.
@Suite struct ScreenedSearchTests {
    /// A verdict made up by the test; `margin` is how far the point is above (≥ 0) or below its target.
    struct Stub: SearchVerdict {
        var meets: Bool
        var margin: Double
        var replicationsRun = 1
        var bindingTier: String? { meets ? nil : "t" }
        var mostMissingTier: Int? { 0 }
        var lowestMargin: Double { margin }
    }

    static func sizes(maximum: Int = 4096, screen: @escaping @Sendable (Int) -> Bool,
                      confirm: @escaping @Sendable (Int) -> Bool) -> FleetSizes<Stub> {
        FleetSizes(maximum: maximum) { n, isScreen in
            let meets = isScreen ? screen(n) : confirm(n)
            return Stub(meets: meets, margin: meets ? 0 : -1, replicationsRun: isScreen ? 1 : 3)
        }
    }

    static func trace<S: ScreenedSearchSpace>(_ o: ScreenedSearch<S>.Outcome) -> [String] {
        o.steps.map { "\($0.phase.rawValue) \($0.point) \($0.verdict.meets ? "meets" : "misses")" }
    }

    /// Meets from 7 up, start 4: 4 misses, doubled to 8 meets; bisect (4, 8): 6
    /// misses, 7 meets; 6 below it was seen to miss, so 7 is confirmed.
    @Test func sizesGrowThenBisect() throws {
        let o = try ScreenedSearch(space: Self.sizes(screen: { $0 >= 7 }, confirm: { $0 >= 7 })).run(from: 4)
        #expect(o.point == 7)
        #expect(Self.trace(o) == ["grow 4 misses", "grow 8 meets", "descend 6 misses", "descend 7 meets", "confirm 7 meets"])
        #expect(o.lastMiss?.meets == false && o.verdict.replicationsRun == 3)
    }

    /// Meets from 3 up, start 10: 10 meets; its neighbour 9 was never run, so
    /// it runs and meets; then bisect from zero below 9: 4 meets, 2 misses, 3
    /// meets; 2 below it missed.
    @Test func sizesBelowTheStartRunTheNeighbourThenBisectFromZero() throws {
        let o = try ScreenedSearch(space: Self.sizes(screen: { $0 >= 3 }, confirm: { $0 >= 3 })).run(from: 10)
        #expect(o.point == 3)
        #expect(Self.trace(o) == ["grow 10 meets", "descend 9 meets", "descend 4 meets", "descend 2 misses", "descend 3 meets", "confirm 3 meets"])
    }

    /// The first seed meets from 5, every replication only from 6: 5 screens
    /// well, 4 misses; 5's confirmation misses, so 6 is confirmed, and the last
    /// miss is 5's confirmation.
    @Test func aConfirmationThatMissesAddsOne() throws {
        let o = try ScreenedSearch(space: Self.sizes(screen: { $0 >= 5 }, confirm: { $0 >= 6 })).run(from: 5)
        #expect(o.point == 6)
        #expect(Self.trace(o) == ["grow 5 meets", "descend 4 misses", "confirm 5 misses", "confirm 6 meets"])
        #expect(o.lastMiss?.replicationsRun == 3)
    }

    /// Nothing meets up to 10 from 3: 3, 6, 10 (the maximum), then no answer,
    /// and the verdict is the maximum's.
    @Test func noAnswerAtTheMaximum() throws {
        let o = try ScreenedSearch(space: Self.sizes(maximum: 10, screen: { _ in false }, confirm: { _ in false })).run(from: 3)
        #expect(o.point == nil)
        #expect(Self.trace(o) == ["grow 3 misses", "grow 6 misses", "grow 10 misses"])
    }

    /// Two types at $2 and $1 an hour; a mix meets when 2·a + b ≥ 6. From
    /// [1, 0] every grow adds one of type 1 (the only tier's type): [1, 1],
    /// [1, 2], [1, 3] miss, [1, 4] ($6) meets. Moves from [1, 4], largest
    /// saving first: remove a type 0 ($2) → [0, 4]; then the $1 savings in
    /// order, swap → [0, 5] before remove a type 1 → [1, 3]. [0, 4] and [0, 5]
    /// miss; [1, 3] is known to miss and is not run again. [1, 4] is confirmed.
    @Test func mixesGrowByTheTiersTypeAndDescendByLargestSaving() throws {
        let space = FleetMixes<Stub>(maximum: 100, price: [2, 1], typeForTier: [1], firstType: 0) { mix, _ in
            let capacity = 2 * mix[0] + mix[1]
            return Stub(meets: capacity >= 6, margin: Double(capacity - 6))
        }
        let o = try ScreenedSearch(space: space).run(from: [1, 0])
        #expect(o.point == [1, 4] && space.dollarsPerHour([1, 4]) == 6)
        #expect(Self.trace(o) == ["grow [1, 0] misses", "grow [1, 1] misses", "grow [1, 2] misses", "grow [1, 3] misses",
                                  "grow [1, 4] meets", "descend [0, 4] misses", "descend [0, 5] misses", "confirm [1, 4] meets"])
        // An empty start gets one server of the tightest bin's type.
        #expect(space.first(from: [0, 0]) == [1, 0])
    }

    /// A mix that meets moves down: from [4, 0] ($8), removing a type 0 gives
    /// [3, 0] (capacity 6), which meets; from there [2, 0] and [2, 1] miss.
    @Test func mixesTakeTheFirstCheaperMoveThatMeets() throws {
        let space = FleetMixes<Stub>(maximum: 100, price: [2, 1], typeForTier: [1], firstType: 0) { mix, _ in
            Stub(meets: 2 * mix[0] + mix[1] >= 6, margin: 0)
        }
        let o = try ScreenedSearch(space: space).run(from: [4, 0])
        #expect(o.point == [3, 0])
        #expect(Self.trace(o) == ["grow [4, 0] meets", "descend [3, 0] meets", "descend [2, 0] misses", "descend [2, 1] misses", "confirm [3, 0] meets"])
    }

    /// Prefill p and decode d meet when p ≥ 2 and d ≥ 3; the margin is
    /// min(p − 2, d − 3). From (1, 1): grow by one to (2, 1) (margin −2) or
    /// (1, 2) (−1): the latter; then (2, 2) or (1, 3), both −1: decode on a
    /// tie; then (2, 3) meets and (1, 4) does not: (2, 3). Both descents are
    /// known to miss, so (2, 3) is confirmed.
    @Test func splitsGrowTheSideWithTheBetterMargin() throws {
        let space = FleetSplits<Stub>(maximum: 100) { f, _ in
            let margin = Double(min(f.prefill - 2, f.decode - 3))
            return Stub(meets: margin >= 0, margin: margin)
        }
        let o = try ScreenedSearch(space: space).run(from: DisaggregatedFleet(prefill: 1, decode: 1))
        #expect(o.point == DisaggregatedFleet(prefill: 2, decode: 3))
        #expect(o.steps.map { [$0.point.prefill, $0.point.decode] } == [[1, 1], [2, 1], [1, 2], [2, 2], [1, 3], [2, 3], [1, 4], [2, 3]])
        #expect(o.steps.last?.phase == .confirm && o.steps.dropLast().allSatisfy { $0.phase == .grow })
    }
}
